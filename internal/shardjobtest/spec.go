package shardjobtest

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// StorageHost is the host:port of the catalog's managed storage.
func (e *Env) StorageHost() string {
	u, _ := url.Parse(e.Catalog.BlobURL)
	return u.Host
}

// TaskCommand is the command line of a shard task running the shard task
// program over the source collection with more args.
func (e *Env) TaskCommand(t testing.TB, args string) string {
	t.Helper()
	return TaskBinary(t) + " -source " + SourceCollection + " -storage-hosts " + e.StorageHost() + " " + args
}

// Spec is a job spec of shards tasks running the shard task program with
// args, with manifests planned over the source collection and staged.
func (e *Env) Spec(t testing.TB, jobID string, shards int, args string) batch.JobSpec {
	t.Helper()
	ctx := context.Background()
	plan, err := gsp.Plan(ctx, e.Admin, gsp.Source{Collections: []string{SourceCollection}}, shards, nil)
	if err != nil {
		t.Fatal(err)
	}
	staged, err := plan.Stage(ctx, e.Stager, jobID, &gsp.StageOptions{SASLifetime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return batch.JobSpec{
		JobID: jobID, PoolID: "pool", CatalogURL: e.Catalog.URL, ClientID: e.WriterID, Shards: shards,
		CommandLine:        e.TaskCommand(t, args),
		Manifests:          staged.URLs,
		ReportContainerURL: e.ReportSAS,
		MaxTaskRetryCount:  2,
	}
}

// OutputItems returns the IDs of the output collection's items, failing on
// a repeated one.
func (e *Env) OutputItems(t testing.TB, collection string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for it, err := range e.Admin.STAC().ListItems(context.Background(), collection, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if out[it.ID] {
			t.Fatalf("item %s listed twice", it.ID)
		}
		out[it.ID] = true
	}
	return out
}
