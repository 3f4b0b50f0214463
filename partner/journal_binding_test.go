package partner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestJournalMovedToAnotherCatalog writes 30 items into catalog A with a
// journal, then hands the same journal to a writer of catalog B (same
// collection id), and to a writer of A naming another tenant: both must
// fail with a *JournalMismatchError before any request, instead of
// reporting the items Unchanged while B holds none of them.
func TestJournalMovedToAnotherCatalog(t *testing.T) {
	env := ordertest.NewEnv(t, nil)
	env.CreateCollection(t, "moved")
	catB := env.Server.NewCatalog(geocatalogtest.CatalogOptions{Name: "b"})
	clientB := ordertest.NewClient(t, catB.URL, catB.Credential(), catB.ClientOptions())
	ctx := context.Background()
	p, err := clientB.STAC().BeginCreateCollection(ctx, ordertest.Collection("moved"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		t.Fatal(err)
	}
	items := ordertest.LoadNAIP(t, 30)
	for _, it := range items {
		it.Assets = nil
	}
	path := filepath.Join(t.TempDir(), "journal.ndjson")
	j, err := partner.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := partner.NewWriter(env.Client, &partner.WriterOptions{Journal: j, TenantID: "tenant-a"}).WriteItems(ctx, "moved", items, nil)
	if err != nil || rep.Created != 30 {
		t.Fatalf("write to A: created %d, err %v", rep.Created, err)
	}
	j.Close()

	// The journal moved to catalog B.
	j, err = partner.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	before := catB.Stats().Total
	_, err = partner.NewWriter(clientB, &partner.WriterOptions{Journal: j, TenantID: "tenant-a"}).WriteItems(ctx, "moved", items, nil)
	var me *partner.JournalMismatchError
	if !errors.As(err, &me) || !strings.Contains(me.Reason, "endpoint") {
		t.Fatalf("journal reused on catalog B: err = %v, want *JournalMismatchError", err)
	}
	if got := catB.Stats().Total; got != before {
		t.Fatalf("%d requests reached catalog B", got-before)
	}
	if _, err := partner.OpenBoundJournal(path, partner.JournalBinding{Endpoint: clientB.Endpoint(), Collection: "moved"}); !errors.As(err, &me) {
		t.Fatalf("OpenBoundJournal for B: %v", err)
	}

	// The same catalog and collection id, another tenant.
	_, err = partner.NewWriter(env.Client, &partner.WriterOptions{Journal: j, TenantID: "tenant-b"}).WriteItems(ctx, "moved", items, nil)
	if !errors.As(err, &me) || !strings.Contains(me.Reason, "tenant") {
		t.Fatalf("journal reused for another tenant: err = %v", err)
	}

	// The right catalog again: every item comes from the journal.
	rep, err = partner.NewWriter(env.Client, &partner.WriterOptions{Journal: j, TenantID: "tenant-a"}).WriteItems(ctx, "moved", items, nil)
	if err != nil || rep.Unchanged != 30 {
		t.Fatalf("rewrite to A: unchanged %d, err %v", rep.Unchanged, err)
	}
}

// TestJournalRejectsForeignLines checks that lines of the wrong schema are
// an error naming the line, and that a journal with records but no
// binding is refused.
func TestJournalRejectsForeignLines(t *testing.T) {
	dir := t.TempDir()
	good := `{"binding":{"endpoint":"https://a.example","collection":"c"}}` + "\n" +
		`{"collection":"c","item":"i1","hash":"h","outcome":"created"}` + "\n"
	for name, tc := range map[string]struct {
		body string
		line string
	}{
		"object of another schema": {good + `{"foo":1}` + "\n", "line 3"},
		"array":                    {good + `[1,2,3]` + "\n", "line 3"},
		"unknown outcome":          {good + `{"collection":"c","item":"i2","outcome":"maybe"}` + "\n", "line 3"},
		"binding without endpoint": {`{"binding":{"collection":"c"}}` + "\n", "line 1"},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := partner.OpenJournal(path)
		var le *partner.JournalLineError
		if !errors.As(err, &le) || !strings.Contains(err.Error(), tc.line) {
			t.Errorf("%s: OpenJournal err = %v, want a *JournalLineError at %s", name, err, tc.line)
		}
		if _, err := partner.ReadJournal(path); !errors.As(err, &le) {
			t.Errorf("%s: ReadJournal err = %v", name, err)
		}
	}
	path := filepath.Join(dir, "unbound")
	if err := os.WriteFile(path, []byte(`{"collection":"c","item":"i1","hash":"h","outcome":"created"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var me *partner.JournalMismatchError
	if _, err := partner.OpenBoundJournal(path, partner.JournalBinding{Endpoint: "https://a.example", Collection: "c"}); !errors.As(err, &me) {
		t.Fatalf("unbound journal with records: err = %v", err)
	}
	path = filepath.Join(dir, "good")
	if err := os.WriteFile(path, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	j, err := partner.OpenBoundJournal(path, partner.JournalBinding{Endpoint: "https://A.example/", Collection: "c2"})
	if err != nil {
		t.Fatalf("same endpoint, new collection: %v", err)
	}
	defer j.Close()
	if b := j.Bindings(); len(b) != 2 || b[1].Collection != "c2" {
		t.Fatalf("bindings %+v", b)
	}
	if !j.Completed("c", "i1", "h") {
		t.Fatal("record lost")
	}
}
