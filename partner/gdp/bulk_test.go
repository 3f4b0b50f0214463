package gdp_test

import (
	"context"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestDeliverBulk sends an order above the bulk threshold through a static
// catalog in Azurite and an ingestion run; an item whose asset the catalog
// cannot read fails alone, with its reason, after the direct retry.
func TestDeliverBulk(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 120), dir)
	items[7].Assets["thumbnail"].Href = "http://127.0.0.1:1/gone.jpg"
	order := gdp.Order{
		Collection: gdp.CollectionFor("naip-bulk", "NAIP bulk delivery", "proprietary", items),
		Items:      gdp.NDJSONFile(writeNDJSON(t, dir, items)),
	}
	opts := &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 100, MaxBatchItems: 20,
		Ingest: &partner.IngestOptions{PollInterval: 50 * time.Millisecond}}
	rep, err := gdp.Deliver(context.Background(), env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Bulk || rep.Ingest == nil || len(rep.Ingest.Runs) != 1 || rep.Ingest.Links != partner.LinksThroughSource {
		t.Fatalf("bulk %v ingest %+v", rep.Bulk, rep.Ingest)
	}
	run := rep.Ingest.Runs[0]
	t.Logf("run %+v; created %d failed %d in %s, %d requests", run, rep.Created, rep.Failed, rep.Duration, rep.Requests)
	if run.Total != 120 || run.Succeeded != 119 || run.Failed != 1 {
		t.Fatalf("run counters %+v", run)
	}
	if rep.Created != 119 || rep.Failed != 1 {
		t.Fatalf("created %d failed %d", rep.Created, rep.Failed)
	}
	f := rep.FailedItems()[0]
	if f.ID != items[7].ID || f.Code == "" || f.Message == "" {
		t.Fatalf("failure %+v", f)
	}
	good := append(append([]*stac.Item{}, items[:7]...), items[8:]...)
	checkDelivered(t, env, "naip-bulk", good, rep)

	// Again: everything is there, the journal-less delivery compares and
	// writes nothing (no new run).
	env.Catalog.ResetStats()
	items[7].Assets["thumbnail"].Href = items[7].ID + "/thumbnail.jpg"
	order.Items = gdp.NDJSONFile(writeNDJSON(t, dir, items))
	rep, err = gdp.Deliver(context.Background(), env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 119 || rep.Created != 1 || rep.Failed != 0 {
		t.Fatalf("second bulk delivery: unchanged %d created %d failed %d %+v", rep.Unchanged, rep.Created, rep.Failed, rep.FailedItems())
	}
}
