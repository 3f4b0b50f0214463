package gsp_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// TestRunJournalMovedToAnotherCatalog runs a job on catalog A with a
// journal, then reuses the journal against catalog B (another emulator with
// the same source collection): the run must fail with a
// *partner.JournalMismatchError before any request reaches B, instead of
// skipping every source item as done. Another tenant, another output
// collection and a dry run on B are refused the same way; a dry run writes
// no binding line.
func TestRunJournalMovedToAnotherCatalog(t *testing.T) {
	ctx := context.Background()
	a, b := newFixture(t, 10), newFixture(t, 10)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	job := func(f *fixture, j *partner.Journal, output, tenant string) gsp.Job {
		return gsp.Job{
			Source:             gsp.Source{Collections: []string{sourceCollection}},
			Processor:          checksumProcessor(0),
			Output:             outputCollection(output),
			Journal:            j,
			Writer:             &partner.WriterOptions{TenantID: tenant},
			Concurrency:        2,
			StorageHosts:       []string{f.blobHost()},
			AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
		}
	}
	ja, err := partner.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	jobA := job(a, ja, "checksums", "tenant-a")
	rep, err := gsp.Run(ctx, a.partnerClient(t), jobA)
	if err != nil || rep.Done != 10 {
		t.Fatalf("run on A: done %d, err %v, failed %+v", rep.Done, err, rep.FailedSources())
	}
	ja.Close()

	j, err := partner.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	// Catalog B; catalog A again for another tenant or another output
	// collection. No request may reach either catalog.
	clientA := a.partnerClient(t)
	dry := func(jb gsp.Job) gsp.Job { jb.DryRun = true; return jb }
	for name, tc := range map[string]struct {
		f      *fixture
		job    gsp.Job
		reason string
	}{
		"catalog B":                 {b, job(b, j, "checksums", "tenant-a"), "endpoint"},
		"catalog B, dry run":        {b, dry(job(b, j, "checksums", "tenant-a")), "endpoint"},
		"another tenant":            {a, job(a, j, "checksums", "tenant-b"), "tenant"},
		"another output collection": {a, job(a, j, "checksums-2", "tenant-a"), "output collection"},
		"another output, dry run":   {a, dry(job(a, j, "checksums-2", "tenant-a")), "output collection"},
	} {
		before := tc.f.cat.Stats().Total
		_, err := gsp.Run(ctx, tc.f.partnerClient(t), tc.job)
		var me *partner.JournalMismatchError
		if !errors.As(err, &me) || !strings.Contains(me.Reason, tc.reason) || me.Path != path {
			t.Fatalf("%s: err = %v, want a *JournalMismatchError about the %s", name, err, tc.reason)
		}
		if got := tc.f.cat.Stats().Total; got != before {
			t.Fatalf("%s: %d requests reached the catalog", name, got-before)
		}
	}

	// The right catalog, tenant and output: every source item is skipped.
	jobA.Journal = j
	rep, err = gsp.Run(ctx, clientA, jobA)
	if err != nil || rep.Skipped != 10 {
		t.Fatalf("rerun on A: skipped %d, err %v", rep.Skipped, err)
	}
	if got := len(j.Bindings()); got != 1 {
		t.Fatalf("%d binding lines, want 1", got)
	}
}

// TestRunBindsANewJournal checks that a new journal gets the binding of the
// run (catalog, tenant, output collection) before anything is written, and
// that a dry run leaves a new journal empty.
func TestRunBindsANewJournal(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 3)
	client := f.partnerClient(t)
	for _, dry := range []bool{true, false} {
		j, err := partner.OpenJournal(filepath.Join(t.TempDir(), "journal.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		job := gsp.Job{
			Source: gsp.Source{Collections: []string{sourceCollection}}, Processor: checksumProcessor(0),
			Output: outputCollection("bound"), Journal: j, Writer: &partner.WriterOptions{TenantID: f.cat.TenantID},
			StorageHosts: []string{f.blobHost()}, AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()}, DryRun: dry,
		}
		if _, err := gsp.Run(ctx, client, job); err != nil {
			t.Fatalf("dry run %v: %v", dry, err)
		}
		got := j.Bindings()
		want := partner.JournalBinding{Endpoint: client.Endpoint(), Tenant: f.cat.TenantID, Collection: "bound"}
		switch {
		case dry && len(got) != 0:
			t.Fatalf("a dry run wrote bindings %v", got)
		case !dry && (len(got) != 1 || got[0] != want):
			t.Fatalf("bindings %v, want [%v]", got, want)
		}
		j.Close()
	}
}
