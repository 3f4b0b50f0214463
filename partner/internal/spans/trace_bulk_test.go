package spans_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/internal/spantest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestBulkDeliverySpanTree delivers an order above the bulk threshold
// (static catalog staged in Azurite, ingestion run) and checks
// gdp.Deliver > partner.Ingest > partner.IngestionRun with the run's ids and
// counters; the container SAS of the ingestion source reaches no span.
func TestBulkDeliverySpanTree(t *testing.T) {
	env := ordertest.NewEnv(t, nil)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	opts := env.Server.ClientOptions()
	opts.TracingProvider = azotel.NewTracingProvider(tp, nil)
	client := ordertest.NewClient(t, env.Server.URL, env.Server.Credential(), opts)

	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 30), dir)
	var nd []byte
	for _, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		nd = append(append(nd, b...), '\n')
	}
	order := filepath.Join(dir, "order.ndjson")
	if err := os.WriteFile(order, nd, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := gdp.Deliver(context.Background(), client, gdp.Order{
		Collection: gdp.CollectionFor("naip-bulk", "NAIP bulk delivery", "proprietary", items),
		Items:      gdp.NDJSONFile(order),
	}, &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 10, Customer: "fabrikam", Ingest: &partner.IngestOptions{PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Bulk || rep.Created != 30 || len(rep.Ingest.Runs) != 1 {
		t.Fatalf("bulk %v created %d runs %+v failed %+v", rep.Bulk, rep.Created, rep.Ingest, rep.FailedItems())
	}
	run := rep.Ingest.Runs[0]
	tree := spantest.NewTree(exp.GetSpans())
	del := tree.One(t, "gdp.Deliver")
	spantest.WantAttr(t, del, "geocatalog.bulk", true)
	spantest.WantAttr(t, del, "geocatalog.items.created", 30)
	ing := tree.One(t, "partner.Ingest")
	spantest.ParentIs(t, ing, del)
	spantest.WantAttr(t, ing, "geocatalog.ingestion_runs", 1)
	spantest.WantAttr(t, ing, "geocatalog.items.created", 30)
	rs := tree.One(t, "partner.IngestionRun")
	spantest.ParentIs(t, rs, ing)
	spantest.WantAttr(t, rs, "geocatalog.items", 30)
	spantest.WantAttr(t, rs, "geocatalog.ingestion_id", run.IngestionID)
	spantest.WantAttr(t, rs, "geocatalog.run_id", run.RunID)
	spantest.WantAttr(t, rs, "geocatalog.operation_id", run.OperationID)
	spantest.WantAttr(t, rs, "geocatalog.status", "Succeeded")
	spantest.WantAttr(t, rs, "geocatalog.items.created", 30)
	var posts int
	for _, h := range tree.ByName["HTTP POST"] {
		if tree.Under(h, rs) {
			posts++
		}
	}
	if posts < 2 { // the ingestion and its run
		t.Errorf("%d HTTP POST spans below the run, want at least 2", posts)
	}
	spantest.NoSecrets(t, tree.Spans)
}
