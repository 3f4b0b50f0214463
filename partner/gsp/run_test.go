package gsp_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

func TestRunWritesDerivedItemsAndFailsAnUnreadableAssetAlone(t *testing.T) {
	f := newFixture(t, 30)
	client := f.partnerClient(t)
	bad := "scene-0007"
	journal, err := partner.OpenJournal(filepath.Join(t.TempDir(), "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer journal.Close()
	job := gsp.Job{
		Source:       gsp.Source{Collections: []string{sourceCollection}},
		Processor:    checksumProcessor(0),
		Output:       outputCollection("checksums"),
		Processing:   gsp.Processing{Software: map[string]string{"gsp-test": "1.0"}, Lineage: "sha-256 of the data asset"},
		Concurrency:  4,
		Journal:      journal,
		StorageHosts: []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{
			Transport: failingTransport{next: f.srv.Client(), ids: []string{bad}},
		},
	}
	rep, err := gsp.Run(context.Background(), client, job)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.Searched != 30 || rep.Done != 29 || rep.Failed != 1 || rep.DerivedItems != 29 {
		t.Fatalf("report: searched %d done %d failed %d derived %d", rep.Searched, rep.Done, rep.Failed, rep.DerivedItems)
	}
	failed := rep.FailedSources()[0]
	var ae *gsp.AssetError
	if failed.ItemID != bad || !errors.As(failed.Err, &ae) || ae.StatusCode != 404 || ae.Code != "BlobNotFound" ||
		!strings.Contains(failed.Message, "BlobNotFound") || strings.Contains(failed.Message, "sig=") {
		t.Fatalf("failed source %+v (%v)", failed, failed.Err)
	}

	out := f.outputItems(t, "checksums")
	if len(out) != 29 {
		t.Fatalf("%d derived items in the catalog, want 29", len(out))
	}
	for _, id := range f.ids {
		d := out["sum-"+id]
		if id == bad {
			if d != nil {
				t.Fatal("the failed source has a derived item")
			}
			continue
		}
		if d == nil {
			t.Fatalf("no derived item for %s", id)
		}
		if sum, _ := d.Properties.String("test:checksum"); sum != checksum(assetBytes(id)) {
			t.Errorf("%s: checksum %q", id, sum)
		}
		from := gsp.DerivedFrom(d)
		if len(from) != 1 || !strings.HasSuffix(from[0], "/stac/collections/"+sourceCollection+"/items/"+id) || strings.Contains(from[0], "?") {
			t.Errorf("%s: derived_from %v", id, from)
		}
		if lin, _ := d.Properties.String("processing:lineage"); lin == "" || !slices.Contains(d.StacExtensions, gsp.ProcessingExtension) {
			t.Errorf("%s: processing fields missing", id)
		}
	}

	// A second run with the same journal skips the 29 done sources and
	// tries the failed one again.
	var processed atomic.Int32
	inner := job.Processor
	job.Processor = gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
		processed.Add(1)
		return inner.Process(ctx, in)
	})
	job.AssetClientOptions = &azcore.ClientOptions{Transport: f.srv.Client()}
	rep, err = gsp.Run(context.Background(), client, job)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 29 || rep.Done != 1 || processed.Load() != 1 {
		t.Fatalf("re-run: skipped %d done %d processed %d", rep.Skipped, rep.Done, processed.Load())
	}
	if n := len(f.outputItems(t, "checksums")); n != 30 {
		t.Fatalf("%d derived items after the re-run, want 30", n)
	}
}

func TestRunDryRunWritesNothing(t *testing.T) {
	f := newFixture(t, 8)
	rep, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
		Source:             gsp.Source{Collections: []string{sourceCollection}, MaxItems: 5},
		Processor:          checksumProcessor(0),
		Output:             outputCollection("dry"),
		DryRun:             true,
		StorageHosts:       []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Searched != 5 || rep.DryRuns != 5 || rep.DerivedItems != 5 {
		t.Fatalf("dry run report %+v", rep)
	}
	if _, err := f.admin.STAC().GetCollection(context.Background(), "dry", nil); err == nil {
		t.Fatal("a dry run created the output collection")
	}
}

func TestRunStopsWithErrAccessRevoked(t *testing.T) {
	f := newFixture(t, 60)
	var done atomic.Int32
	rep, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
		Source:             gsp.Source{Collections: []string{sourceCollection}},
		Processor:          checksumProcessor(0),
		Output:             outputCollection("revoked"),
		Concurrency:        2,
		StorageHosts:       []string{f.blobHost()},
		Writer:             &partner.WriterOptions{MaxBatchItems: 5},
		AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
		OnSource: func(r gsp.SourceResult) {
			if r.Outcome == gsp.SourceDone && done.Add(1) == 10 {
				f.cat.Revoke(f.partnerID) // the customer removes the role
			}
		},
	})
	if !errors.Is(err, tenancy.ErrAccessRevoked) {
		t.Fatalf("err = %v, want ErrAccessRevoked", err)
	}
	if rep == nil || rep.Done < 10 || rep.Done >= 60 || rep.Stopped == "" {
		t.Fatalf("report %+v", rep)
	}
	out := f.outputItems(t, "revoked")
	for _, s := range rep.Sources {
		if s.Outcome == gsp.SourceDone && out["sum-"+s.ItemID] == nil {
			t.Errorf("source %s reported done, its derived item is not in the catalog", s.ItemID)
		}
	}
	if len(out) < rep.Done {
		t.Fatalf("%d derived items, %d sources done", len(out), rep.Done)
	}
}
