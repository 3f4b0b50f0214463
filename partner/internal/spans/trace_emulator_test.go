package spans_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	"github.com/google/uuid"
	"github.com/paulmach/orb"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/spantest"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// traced is an emulator and a client whose azcore tracing provider is
// OpenTelemetry (azotel) recording into an in-memory exporter: what a
// partner writes to turn tracing on, with the SDK's exporter of choice.
type traced struct {
	srv    *geocatalogtest.Server
	client *geocatalog.Client
	token  string
	exp    *tracetest.InMemoryExporter
}

func newTraced(t *testing.T) *traced {
	t.Helper()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	t.Cleanup(srv.Close)
	tr := &traced{srv: srv, exp: tracetest.NewInMemoryExporter(), token: "partner-" + uuid.NewString()}
	cat := srv.DefaultCatalog()
	oid := uuid.NewString()
	srv.Tokens().Add(tr.token, geocatalogtest.Principal{TenantID: cat.TenantID, ObjectID: oid, AppID: uuid.NewString()})
	cat.Grant(oid, geocatalogtest.RoleAdministrator)

	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tr.exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	opts := srv.ClientOptions()
	opts.TracingProvider = azotel.NewTracingProvider(tp, nil)
	client, err := geocatalog.NewClient(srv.URL, geocatalogtest.NewStaticCredential(tr.token), opts)
	if err != nil {
		t.Fatal(err)
	}
	tr.client = client
	return tr
}

func newItem(id string, i int, assets map[string]*stac.Asset) *stac.Item {
	it := stac.NewItem(id)
	p := orb.Point{float64(i%90) + 0.5, 45.5}
	it.Geometry = stac.MustGeometry(p)
	it.BBox = []float64{p[0], p[1], p[0], p[1]}
	ts := time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)
	it.Properties.Datetime = &ts
	it.Assets = assets
	return it
}

// TestDeliverySpanTree delivers an order of 7 items in batches of 3 and
// checks the span tree: gdp.Deliver > partner.Write > partner.WriteBatch
// (items, bytes, operation id) > azcore's HTTP spans; and no secret in any
// span.
func TestDeliverySpanTree(t *testing.T) {
	tr := newTraced(t)
	items := make([]*stac.Item, 7)
	for i := range items {
		items[i] = newItem(fmt.Sprintf("d-%02d", i), i, nil)
	}
	col := gdp.CollectionFor("deliveries", "traced delivery", "CC-BY-4.0", items)
	rep, err := gdp.Deliver(context.Background(), tr.client, gdp.Order{Collection: col, Items: gdp.ItemSlice(items)},
		&gdp.DeliverOptions{Customer: "contoso", TenantID: "tenant-1", MaxBatchItems: 3, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 7 {
		t.Fatalf("created %d, want 7", rep.Created)
	}
	tree := spantest.NewTree(tr.exp.GetSpans())
	t.Logf("spans of the delivery: %v", tree.Names())
	del := tree.One(t, "gdp.Deliver")
	if del.Parent.IsValid() {
		t.Errorf("gdp.Deliver has a parent; want a root span")
	}
	spantest.WantAttr(t, del, "geocatalog.partner.customer", "contoso")
	spantest.WantAttr(t, del, "geocatalog.partner.tenant", "tenant-1")
	spantest.WantAttr(t, del, "geocatalog.collection", "deliveries")
	spantest.WantAttr(t, del, "geocatalog.order_items", 7)
	spantest.WantAttr(t, del, "geocatalog.items.created", 7)
	spantest.WantAttr(t, del, "geocatalog.items.failed", 0)
	spantest.WantAttr(t, del, "geocatalog.bulk", false)

	write := tree.One(t, "partner.Write")
	spantest.ParentIs(t, write, del)
	spantest.WantAttr(t, write, "geocatalog.items", 7)

	batches := tree.ByName["partner.WriteBatch"]
	if len(batches) != 3 {
		t.Fatalf("%d batch spans, want 3 (7 items by 3)", len(batches))
	}
	total := 0
	for _, b := range batches {
		spantest.ParentIs(t, b, write)
		n, _ := spantest.Attr(b, "geocatalog.items")
		total += int(n.AsInt64())
		if by, _ := spantest.Attr(b, "geocatalog.bytes"); by.AsInt64() <= 0 {
			t.Errorf("batch bytes %v", by.AsInt64())
		}
		if op, _ := spantest.Attr(b, "geocatalog.operation_id"); op.AsString() == "" {
			t.Errorf("batch span without operation id")
		}
	}
	if total != 7 {
		t.Errorf("batches carry %d items, want 7", total)
	}
	// azcore's HTTP spans: every request of the delivery is one, below it;
	// each batch's POST is below that batch.
	https := tree.ByName["HTTP POST"]
	if len(https) < 3 {
		t.Fatalf("%d HTTP POST spans, want at least one per batch", len(https))
	}
	for _, b := range batches {
		found := false
		for _, h := range https {
			found = found || tree.Under(h, b)
		}
		if !found {
			t.Errorf("batch span has no HTTP POST below it")
		}
	}
	for _, s := range tree.Spans {
		if strings.HasPrefix(s.Name, "HTTP ") && !tree.Under(s, del) {
			t.Errorf("HTTP span %s outside the delivery", s.Name)
		}
	}
	spantest.NoSecrets(t, tree.Spans, tr.token)
}

// TestGSPRunSpanTree runs a GSP job over 4 source items whose assets live
// in managed storage (opened with the collection SAS), one of which the
// processor fails, and checks gsp.Run > gsp.ProcessItem (outcome) and
// gsp.Run > partner.Write > partner.WriteBatch; and that neither the SAS
// token nor the bearer reaches a span.
func TestGSPRunSpanTree(t *testing.T) {
	tr := newTraced(t)
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "pixels of "+r.URL.Path)
	}))
	t.Cleanup(files.Close)
	ctx := context.Background()
	src := make([]*stac.Item, 4)
	for i := range src {
		src[i] = newItem(fmt.Sprintf("scene-%d", i), i, map[string]*stac.Asset{"data": {Href: files.URL + fmt.Sprintf("/scene-%d.bin", i), Type: "application/octet-stream"}})
	}
	// The source collection is filled without tracing noise: the exporter
	// is reset after.
	if _, err := gdp.Deliver(ctx, tr.client, gdp.Order{Collection: gdp.CollectionFor("scenes", "sources", "CC-BY-4.0", src), Items: gdp.ItemSlice(src)}, nil); err != nil {
		t.Fatal(err)
	}
	sas, err := tr.client.SAS().GetToken(ctx, "scenes", nil)
	if err != nil {
		t.Fatal(err)
	}
	tr.exp.Reset()

	blob, err := url.Parse(tr.srv.BlobURL)
	if err != nil {
		t.Fatal(err)
	}
	proc := gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
		if in.Item.ID == "scene-3" {
			// A careless error that quotes the signed href and the
			// bearer: the spans must not repeat it.
			return nil, fmt.Errorf("cloudy: %s?%s (Bearer %s)", in.Item.Assets["data"].Href, sas.Token, tr.token)
		}
		a, err := in.OpenAsset(ctx, "data", nil)
		if err != nil {
			return nil, err
		}
		defer a.Close()
		n, err := io.Copy(io.Discard, a)
		if err != nil {
			return nil, err
		}
		d := stac.NewItem("size-" + in.Item.ID)
		d.Geometry, d.BBox, d.Properties.Datetime = in.Item.Geometry, in.Item.BBox, in.Item.Properties.Datetime
		if err := d.Properties.Set("example:bytes", n); err != nil {
			return nil, err
		}
		return []*gsp.Derived{{Item: d}}, nil
	})
	rep, err := gsp.Run(ctx, tr.client, gsp.Job{
		Source:             gsp.Source{Collections: []string{"scenes"}},
		Processor:          proc,
		Output:             stac.NewCollection("sizes", "asset sizes", "CC0-1.0", stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil)),
		Processing:         gsp.Processing{Software: map[string]string{"sizes": "1.0.0"}},
		Concurrency:        2,
		AssetClientOptions: &tr.srv.ClientOptions().ClientOptions,
		StorageHosts:       []string{blob.Host},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Done != 3 || rep.Failed != 1 {
		t.Fatalf("done %d failed %d, want 3 and 1: %+v", rep.Done, rep.Failed, rep.FailedSources())
	}
	tree := spantest.NewTree(tr.exp.GetSpans())
	run := tree.One(t, "gsp.Run")
	spantest.WantAttr(t, run, "geocatalog.collection", "sizes")
	spantest.WantAttr(t, run, "geocatalog.sources.done", 3)
	spantest.WantAttr(t, run, "geocatalog.sources.failed", 1)
	spantest.WantAttr(t, run, "geocatalog.derived_items", 3)

	items := tree.ByName["gsp.ProcessItem"]
	if len(items) != 4 {
		t.Fatalf("%d gsp.ProcessItem spans, want 4", len(items))
	}
	outcomes := map[string]string{}
	for _, s := range items {
		spantest.ParentIs(t, s, run)
		id, _ := spantest.Attr(s, "geocatalog.item_id")
		o, _ := spantest.Attr(s, "geocatalog.outcome")
		outcomes[id.AsString()] = o.AsString()
		spantest.WantAttr(t, s, "geocatalog.source_collection", "scenes")
	}
	want := map[string]string{"scene-0": "done", "scene-1": "done", "scene-2": "done", "scene-3": "failed"}
	if fmt.Sprint(outcomes) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	write := tree.One(t, "partner.Write")
	spantest.ParentIs(t, write, run)
	for _, b := range tree.ByName["partner.WriteBatch"] {
		spantest.ParentIs(t, b, write)
	}
	if len(tree.ByName["partner.WriteBatch"]) == 0 {
		t.Error("no partner.WriteBatch span")
	}
	spantest.NoSecrets(t, tree.Spans, tr.token, sas.Token)
}
