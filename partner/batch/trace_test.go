package batch_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	"github.com/google/uuid"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// spanTree indexes finished spans by id and by name.
type spanTree struct {
	all    tracetest.SpanStubs
	byID   map[string]tracetest.SpanStub
	byName map[string][]tracetest.SpanStub
}

func newSpanTree(ss tracetest.SpanStubs) *spanTree {
	tr := &spanTree{all: ss, byID: map[string]tracetest.SpanStub{}, byName: map[string][]tracetest.SpanStub{}}
	for _, s := range ss {
		tr.byID[s.SpanContext.SpanID().String()] = s
		tr.byName[s.Name] = append(tr.byName[s.Name], s)
	}
	return tr
}

// one returns the only span named name, as a child of parent.
func (tr *spanTree) one(t *testing.T, name string, parent tracetest.SpanStub) tracetest.SpanStub {
	t.Helper()
	l := tr.byName[name]
	if len(l) != 1 {
		t.Fatalf("%d spans %q, want 1 (spans: %v)", len(l), name, tr.names())
	}
	if l[0].Parent.SpanID() != parent.SpanContext.SpanID() {
		t.Errorf("span %s: parent %s, want %s", name, tr.byID[l[0].Parent.SpanID().String()].Name, parent.Name)
	}
	return l[0]
}

func (tr *spanTree) names() map[string]int {
	m := map[string]int{}
	for n, l := range tr.byName {
		m[n] = len(l)
	}
	return m
}

// under reports whether s descends from ancestor.
func (tr *spanTree) under(s, ancestor tracetest.SpanStub) bool {
	for s.Parent.IsValid() {
		if s.Parent.SpanID() == ancestor.SpanContext.SpanID() {
			return true
		}
		p, ok := tr.byID[s.Parent.SpanID().String()]
		if !ok {
			return false
		}
		s = p
	}
	return false
}

// below counts the spans whose name starts with prefix below ancestor.
func (tr *spanTree) below(ancestor tracetest.SpanStub, prefix string) int {
	n := 0
	for _, s := range tr.all {
		if strings.HasPrefix(s.Name, prefix) && tr.under(s, ancestor) {
			n++
		}
	}
	return n
}

func spanAttrs(kvs []attribute.KeyValue) map[string]string {
	m := map[string]string{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

func wantAttrs(t *testing.T, s tracetest.SpanStub, want map[string]any) {
	t.Helper()
	got := spanAttrs(s.Attributes)
	for k, v := range want {
		if g, ok := got[k]; !ok || g != fmt.Sprint(v) {
			t.Errorf("span %s: %s = %q (set %v), want %v", s.Name, k, g, ok, v)
		}
	}
}

// TestBatchJobSpanTree runs a 3-shard job with a client traced through
// azotel, the partner's app authenticating with a client secret, below
// the partner's own span: batch.Submit, batch.Watch and batch.MergeReports
// are its children with the job's ids and counts, azbatch's and azcore's
// request spans are below them, and no span carries the secret, a token
// or a SAS.
func TestBatchJobSpanTree(t *testing.T) {
	const n, shards = 12, 3
	e := shardjobtest.New(t, shardjobtest.Options{Items: n, AssetSize: 256, Nodes: 3})
	tenant := e.Entra.NewTenant()
	appID, secret := uuid.NewString(), "app-secret-"+uuid.NewString()
	e.Entra.RegisterApp(appID, tenancytest.WithSecret(secret), tenancytest.WithHomeTenant(tenant))
	cred, err := azidentity.NewClientSecretCredential(tenant, appID, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: e.Entra.ClientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	opts := &batch.ClientOptions{ClientOptions: e.Batch.ClientOptions()}
	opts.TracingProvider = azotel.NewTracingProvider(tp, nil)
	client, err := batch.NewClient(e.Batch.URL, cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	spec := e.Spec(t, "traced-job", shards, "-output traced -concurrency 2")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx, root := tp.Tracer("partner-app").Start(ctx, "partner.job")
	if _, err := client.Submit(ctx, spec, nil); err != nil {
		t.Fatal(err)
	}
	w, err := client.Watch(ctx, "traced-job", &batch.WatchOptions{Interval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	merged, err := client.MergeReports(ctx, "traced-job", e.Reports, &batch.MergeReportsOptions{Tasks: w.Tasks})
	if err != nil || merged.Report.Done != n {
		t.Fatalf("merge: %v, %+v", err, merged.Report)
	}
	root.End()

	tree := newSpanTree(exp.GetSpans())
	t.Logf("spans: %v", tree.names())
	top := tree.byName["partner.job"][0]
	submit := tree.one(t, "batch.Submit", top)
	wantAttrs(t, submit, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.pool_id": "pool", "geocatalog.batch.shards": shards,
		"geocatalog.batch.manifests": true, "geocatalog.batch.tasks.added": shards,
	})
	watch := tree.one(t, "batch.Watch", top)
	wantAttrs(t, watch, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.tasks": shards, "geocatalog.batch.tasks.completed": shards,
		"geocatalog.batch.tasks.failed": 0, "geocatalog.batch.tasks.retries": 0,
	})
	if looks := spanAttrs(watch.Attributes)["geocatalog.batch.looks"]; looks == "" || looks == "0" {
		t.Errorf("watch looks %q", looks)
	}
	if ev := watch.Events; len(ev) == 0 || ev[0].Name != "batch.progress" || spanAttrs(ev[len(ev)-1].Attributes)["geocatalog.batch.tasks.completed"] != fmt.Sprint(shards) {
		t.Errorf("watch events %+v: want batch.progress, the last with %d completed", ev, shards)
	}
	merge := tree.one(t, "batch.MergeReports", top)
	wantAttrs(t, merge, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.tasks": shards, "geocatalog.batch.tasks.failed": 0,
		"geocatalog.sources.done": n, "geocatalog.sources.failed": 0, "geocatalog.derived_items": n,
	})
	// azbatch's spans and azcore's HTTP spans are below the method spans.
	if tree.below(submit, "Client.CreateJob") != 1 || tree.below(submit, "Client.CreateTaskCollection") != 1 || tree.below(submit, "HTTP POST") != 2 {
		t.Errorf("below batch.Submit: %d CreateJob, %d CreateTaskCollection, %d HTTP POST; want 1, 1, 2",
			tree.below(submit, "Client.CreateJob"), tree.below(submit, "Client.CreateTaskCollection"), tree.below(submit, "HTTP POST"))
	}
	if tree.below(watch, "HTTP GET") == 0 {
		t.Error("no HTTP GET below batch.Watch")
	}
	for _, s := range tree.all {
		if strings.HasPrefix(s.Name, "HTTP ") && !tree.under(s, top) {
			t.Errorf("HTTP span %s outside the job", s.Name)
		}
	}

	// No secret: the client secret, the bearer token, the SAS signatures.
	tok, err := cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{"https://batch.core.windows.net//.default"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(e.ReportSAS)
	if err != nil {
		t.Fatal(err)
	}
	bad := []string{"sig=", "Bearer", "eyJ", secret, tok.Token, u.Query().Get("sig"), url.QueryEscape(u.Query().Get("sig"))}
	for _, m := range spec.Manifests {
		mu, _ := url.Parse(m)
		bad = append(bad, mu.Query().Get("sig"))
	}
	for _, s := range tree.all {
		where := map[string]string{"status": s.Status.Description}
		for k, v := range spanAttrs(s.Attributes) {
			where["attribute "+k] = v
		}
		for _, ev := range s.Events {
			for k, v := range spanAttrs(ev.Attributes) {
				where["event "+ev.Name+" "+k] = v
			}
		}
		for w, v := range where {
			for _, b := range bad {
				if b != "" && strings.Contains(v, b) {
					t.Errorf("span %s %s leaks %q: %s", s.Name, w, b, v)
				}
			}
		}
	}
}
