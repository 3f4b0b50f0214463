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
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
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

// tree indexes finished spans by id and by name.
type tree struct {
	spans  tracetest.SpanStubs
	byID   map[string]tracetest.SpanStub
	byName map[string][]tracetest.SpanStub
}

func newTree(ss tracetest.SpanStubs) *tree {
	tr := &tree{spans: ss, byID: map[string]tracetest.SpanStub{}, byName: map[string][]tracetest.SpanStub{}}
	for _, s := range ss {
		tr.byID[s.SpanContext.SpanID().String()] = s
		tr.byName[s.Name] = append(tr.byName[s.Name], s)
	}
	return tr
}

// one returns the only span named name.
func (tr *tree) one(t *testing.T, name string) tracetest.SpanStub {
	t.Helper()
	if n := len(tr.byName[name]); n != 1 {
		t.Fatalf("%d spans %q, want 1 (spans: %v)", n, name, tr.names())
	}
	return tr.byName[name][0]
}

func (tr *tree) names() map[string]int {
	m := map[string]int{}
	for n, l := range tr.byName {
		m[n] = len(l)
	}
	return m
}

// under reports whether s descends from ancestor.
func (tr *tree) under(s, ancestor tracetest.SpanStub) bool {
	for {
		p, ok := tr.byID[s.Parent.SpanID().String()]
		if !s.Parent.IsValid() || !ok {
			return false
		}
		if p.SpanContext.SpanID() == ancestor.SpanContext.SpanID() {
			return true
		}
		s = p
	}
}

// parentIs checks that s's parent is the span parent.
func parentIs(t *testing.T, s, parent tracetest.SpanStub) {
	t.Helper()
	if s.Parent.SpanID() != parent.SpanContext.SpanID() {
		t.Errorf("span %s: parent %s, want %s", s.Name, s.Parent.SpanID(), parent.Name)
	}
}

func attr(s tracetest.SpanStub, key string) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func wantAttr(t *testing.T, s tracetest.SpanStub, key string, want any) {
	t.Helper()
	v, ok := attr(s, key)
	if !ok {
		t.Errorf("span %s has no attribute %s", s.Name, key)
		return
	}
	if got := fmt.Sprint(v.AsInterface()); got != fmt.Sprint(want) {
		t.Errorf("span %s: %s = %s, want %v", s.Name, key, got, want)
	}
}

// noSecrets checks every attribute, status and event of every span for
// bearer tokens, JWTs, SAS signatures and the given secret values.
func noSecrets(t *testing.T, ss tracetest.SpanStubs, secrets ...string) {
	t.Helper()
	bad := append([]string{"sig=", "Bearer", "eyJ", "sv=20", "se=20"}, secrets...)
	check := func(where, v string) {
		for _, b := range bad {
			if b != "" && strings.Contains(v, b) {
				t.Errorf("%s leaks %q: %s", where, b, v)
			}
		}
	}
	for _, s := range ss {
		for _, kv := range s.Attributes {
			check(s.Name+" attribute "+string(kv.Key), kv.Value.Emit())
		}
		check(s.Name+" status", s.Status.Description)
		for _, e := range s.Events {
			for _, kv := range e.Attributes {
				check(s.Name+" event "+e.Name, kv.Value.Emit())
			}
		}
	}
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
	tree := newTree(tr.exp.GetSpans())
	t.Logf("spans of the delivery: %v", tree.names())
	del := tree.one(t, "gdp.Deliver")
	if del.Parent.IsValid() {
		t.Errorf("gdp.Deliver has a parent; want a root span")
	}
	wantAttr(t, del, "geocatalog.partner.customer", "contoso")
	wantAttr(t, del, "geocatalog.partner.tenant", "tenant-1")
	wantAttr(t, del, "geocatalog.collection", "deliveries")
	wantAttr(t, del, "geocatalog.order_items", 7)
	wantAttr(t, del, "geocatalog.items.created", 7)
	wantAttr(t, del, "geocatalog.items.failed", 0)
	wantAttr(t, del, "geocatalog.bulk", false)

	write := tree.one(t, "partner.Write")
	parentIs(t, write, del)
	wantAttr(t, write, "geocatalog.items", 7)

	batches := tree.byName["partner.WriteBatch"]
	if len(batches) != 3 {
		t.Fatalf("%d batch spans, want 3 (7 items by 3)", len(batches))
	}
	total := 0
	for _, b := range batches {
		parentIs(t, b, write)
		n, _ := attr(b, "geocatalog.items")
		total += int(n.AsInt64())
		if by, _ := attr(b, "geocatalog.bytes"); by.AsInt64() <= 0 {
			t.Errorf("batch bytes %v", by.AsInt64())
		}
		if op, _ := attr(b, "geocatalog.operation_id"); op.AsString() == "" {
			t.Errorf("batch span without operation id")
		}
	}
	if total != 7 {
		t.Errorf("batches carry %d items, want 7", total)
	}
	// azcore's HTTP spans: every request of the delivery is one, below it;
	// each batch's POST is below that batch.
	https := tree.byName["HTTP POST"]
	if len(https) < 3 {
		t.Fatalf("%d HTTP POST spans, want at least one per batch", len(https))
	}
	for _, b := range batches {
		found := false
		for _, h := range https {
			found = found || tree.under(h, b)
		}
		if !found {
			t.Errorf("batch span has no HTTP POST below it")
		}
	}
	for _, s := range tree.spans {
		if strings.HasPrefix(s.Name, "HTTP ") && !tree.under(s, del) {
			t.Errorf("HTTP span %s outside the delivery", s.Name)
		}
	}
	noSecrets(t, tree.spans, tr.token)
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
	tree := newTree(tr.exp.GetSpans())
	run := tree.one(t, "gsp.Run")
	wantAttr(t, run, "geocatalog.collection", "sizes")
	wantAttr(t, run, "geocatalog.sources.done", 3)
	wantAttr(t, run, "geocatalog.sources.failed", 1)
	wantAttr(t, run, "geocatalog.derived_items", 3)

	items := tree.byName["gsp.ProcessItem"]
	if len(items) != 4 {
		t.Fatalf("%d gsp.ProcessItem spans, want 4", len(items))
	}
	outcomes := map[string]string{}
	for _, s := range items {
		parentIs(t, s, run)
		id, _ := attr(s, "geocatalog.item_id")
		o, _ := attr(s, "geocatalog.outcome")
		outcomes[id.AsString()] = o.AsString()
		wantAttr(t, s, "geocatalog.source_collection", "scenes")
	}
	want := map[string]string{"scene-0": "done", "scene-1": "done", "scene-2": "done", "scene-3": "failed"}
	if fmt.Sprint(outcomes) != fmt.Sprint(want) {
		t.Errorf("outcomes %v, want %v", outcomes, want)
	}
	write := tree.one(t, "partner.Write")
	parentIs(t, write, run)
	for _, b := range tree.byName["partner.WriteBatch"] {
		parentIs(t, b, write)
	}
	if len(tree.byName["partner.WriteBatch"]) == 0 {
		t.Error("no partner.WriteBatch span")
	}
	noSecrets(t, tree.spans, tr.token, sas.Token)
}
