package partner_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

func TestWriterCreatesSkipsReplaces(t *testing.T) {
	env := ordertest.NewEnv(t, nil)
	env.CreateCollection(t, "naip-w")
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 60), dir)
	journal, err := partner.OpenJournal(filepath.Join(t.TempDir(), "journal.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer journal.Close()
	w := partner.NewWriter(env.Client, &partner.WriterOptions{
		Stager: env.Stager, BaseDir: dir, Journal: journal, MaxBatchItems: 25,
	})
	ctx := context.Background()

	rep, err := w.WriteItems(ctx, "naip-w", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 60 || rep.Failed != 0 || rep.Batches != 3 {
		t.Fatalf("first write: created %d failed %d batches %d: %+v", rep.Created, rep.Failed, rep.Batches, rep.FailedItems())
	}
	nAssets := 0
	for _, it := range items {
		nAssets += len(it.Assets)
	}
	if got := len(rep.Manifest.Assets()); got != nAssets {
		t.Fatalf("manifest has %d assets, want %d", got, nAssets)
	}
	stored := env.StoredItems(t, "naip-w")
	if len(stored) != 60 {
		t.Fatalf("%d items stored", len(stored))
	}
	for _, it := range items {
		s := stored[it.ID]
		want, _ := partner.ContentHash(mustPrepared(t, it, dir))
		if got, _ := partner.ContentHash(s); got != want || got != rep.Items[indexOf(items, it.ID)].Hash {
			t.Fatalf("stored %s hashes %s, want %s", it.ID, got, want)
		}
		if s.Assets["image"].Href == "" || filepath.IsAbs(s.Assets["image"].Href) {
			t.Fatalf("stored href %q", s.Assets["image"].Href)
		}
	}

	// The same order again: the journal answers, no request at all.
	rep, err = w.WriteItems(ctx, "naip-w", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 60 || rep.Requests != 0 {
		t.Fatalf("second write: unchanged %d requests %d", rep.Unchanged, rep.Requests)
	}

	// Without the journal: looked up, compared, nothing written.
	env.Catalog.ResetStats()
	w2 := partner.NewWriter(env.Client, &partner.WriterOptions{Stager: env.Stager, BaseDir: dir})
	rep, err = w2.WriteItems(ctx, "naip-w", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 60 || rep.Batches != 0 {
		t.Fatalf("write without journal: unchanged %d batches %d", rep.Unchanged, rep.Batches)
	}
	for _, ex := range env.Catalog.Exchanges() {
		if ex.Method != "GET" && ex.Route != "POST /stac/search" {
			t.Fatalf("a write was sent: %s %s", ex.Method, ex.Route)
		}
	}

	// Change two items (a property, an asset file): both replaced.
	_ = items[3].Properties.Set("gsd", 0.6)
	if err := os.WriteFile(filepath.Join(dir, items[7].Assets["image"].Href), []byte("new pixels"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = w.WriteItems(ctx, "naip-w", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Replaced != 2 || rep.Unchanged != 58 {
		t.Fatalf("after changes: replaced %d unchanged %d failed %+v", rep.Replaced, rep.Unchanged, rep.FailedItems())
	}
	stored = env.StoredItems(t, "naip-w")
	if gsd, _ := stored[items[3].ID].Properties.Float("gsd"); gsd != 0.6 {
		t.Fatalf("replaced item gsd = %v", gsd)
	}
}

func TestWriterBadItemsFailAlone(t *testing.T) {
	env := ordertest.NewEnv(t, nil)
	env.CreateCollection(t, "naip-bad")
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 30), dir)
	bad := map[string]string{}
	items[2].ID = "bad id with spaces"
	bad[items[2].ID] = partner.CodeInvalidItem
	items[5].Assets["image"].Href = "missing/file.tif"
	bad[items[5].ID] = partner.CodeInvalidItem
	items[9].Assets["thumbnail"].Href = "http://127.0.0.1:1/nowhere.jpg" // the catalog cannot fetch it
	bad[items[9].ID] = ""
	items[12].Properties.Delete("datetime")
	bad[items[12].ID] = partner.CodeInvalidItem
	seq := func(yield func(*stac.Item, error) bool) {
		for i, it := range items {
			if !yield(it, nil) {
				return
			}
			if i == 20 && !yield(nil, errors.New("line 21: invalid character")) {
				return
			}
		}
	}
	w := partner.NewWriter(env.Client, &partner.WriterOptions{Stager: env.Stager, BaseDir: dir, MaxBatchItems: 10})
	rep, err := w.Write(context.Background(), "naip-bad", seq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total() != 31 || rep.Created != 26 || rep.Failed != 5 {
		t.Fatalf("created %d failed %d total %d", rep.Created, rep.Failed, rep.Total())
	}
	for _, f := range rep.FailedItems() {
		if f.Message == "" || f.Code == "" {
			t.Errorf("failure without reason: %+v", f)
		}
		if want, ok := bad[f.ID]; ok && want != "" && f.Code != want {
			t.Errorf("%s: code %s, want %s (%s)", f.ID, f.Code, want, f.Message)
		}
		if _, ok := bad[f.ID]; !ok && f.ID != "" {
			t.Errorf("good item %s failed: %s", f.ID, f.Message)
		}
		t.Logf("failed %q: %s: %s", f.ID, f.Code, f.Message)
	}
	if got := len(env.StoredItems(t, "naip-bad")); got != 26 {
		t.Fatalf("%d items stored, want 26", got)
	}
}

// mustPrepared returns the item as the writer sends it before staging:
// local files checksummed.
func mustPrepared(t *testing.T, it *stac.Item, dir string) *stac.Item {
	t.Helper()
	c := it.Clone()
	for _, a := range c.Assets {
		d, err := partner.DigestFile(filepath.Join(dir, a.Href))
		if err != nil {
			t.Fatal(err)
		}
		if a.Extra == nil {
			a.Extra = map[string]json.RawMessage{}
		}
		a.Extra["file:checksum"], _ = json.Marshal(d.Checksum())
		a.Extra["file:size"], _ = json.Marshal(d.Size)
	}
	c.StacExtensions = append(c.StacExtensions, partner.FileExtension)
	c.Collection = "naip-w"
	return c
}

func indexOf(items []*stac.Item, id string) int {
	for i, it := range items {
		if it.ID == id {
			return i
		}
	}
	return -1
}

func TestWriterConfirmByLookup(t *testing.T) {
	env := ordertest.NewEnv(t, nil)
	env.CreateCollection(t, "naip-confirm")
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 80), dir)
	w := partner.NewWriter(env.Client, &partner.WriterOptions{
		Stager: env.Stager, BaseDir: dir, MaxBatchItems: 10, ConfirmByLookup: true, AssumeNew: true,
	})
	rep, err := w.WriteItems(context.Background(), "naip-confirm", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	polls := 0
	for _, ex := range env.Catalog.Exchanges() {
		if ex.Route == "GET /inma/operations/{operationId}" {
			polls++
		}
	}
	t.Logf("created %d in %d creates, %d requests, %d operation polls", rep.Created, rep.Batches, rep.Requests, polls)
	if rep.Created != 80 || rep.Failed != 0 {
		t.Fatalf("created %d failed %d", rep.Created, rep.Failed)
	}
	if polls >= int(rep.Batches) {
		t.Fatalf("%d operation polls for %d creates: lookups did not confirm", polls, rep.Batches)
	}
	for _, r := range rep.Items {
		if r.OperationID == "" {
			t.Fatalf("item %s has no operation id", r.ID)
		}
	}
	if got := len(env.StoredItems(t, "naip-confirm")); got != 80 {
		t.Fatalf("%d stored", got)
	}
}
