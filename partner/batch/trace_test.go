package batch_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	"github.com/google/uuid"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/internal/spantest"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// wantAttrs checks attributes of s.
func wantAttrs(t *testing.T, s tracetest.SpanStub, want map[string]any) {
	t.Helper()
	for k, v := range want {
		spantest.WantAttr(t, s, k, v)
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

	tree := spantest.NewTree(exp.GetSpans())
	t.Logf("spans: %v", tree.Names())
	top := tree.One(t, "partner.job")
	submit := tree.One(t, "batch.Submit")
	spantest.ParentIs(t, submit, top)
	wantAttrs(t, submit, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.pool_id": "pool", "geocatalog.batch.shards": shards,
		"geocatalog.batch.manifests": true, "geocatalog.batch.tasks.added": shards,
	})
	watch := tree.One(t, "batch.Watch")
	spantest.ParentIs(t, watch, top)
	wantAttrs(t, watch, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.tasks": shards, "geocatalog.batch.tasks.completed": shards,
		"geocatalog.batch.tasks.failed": 0, "geocatalog.batch.tasks.retries": 0,
	})
	if looks, _ := spantest.Attr(watch, "geocatalog.batch.looks"); looks.AsInt64() < 1 {
		t.Errorf("watch looks %v", looks.AsInt64())
	}
	ev := watch.Events
	if len(ev) == 0 || ev[0].Name != "batch.progress" {
		t.Fatalf("watch events %+v: want batch.progress", ev)
	}
	if done, _ := spantest.Find(ev[len(ev)-1].Attributes, "geocatalog.batch.tasks.completed"); done.AsInt64() != shards {
		t.Errorf("the last progress event has %d completed, want %d", done.AsInt64(), shards)
	}
	merge := tree.One(t, "batch.MergeReports")
	spantest.ParentIs(t, merge, top)
	wantAttrs(t, merge, map[string]any{
		"geocatalog.batch.job_id": "traced-job", "geocatalog.batch.tasks": shards, "geocatalog.batch.tasks.failed": 0,
		"geocatalog.sources.done": n, "geocatalog.sources.failed": 0, "geocatalog.derived_items": n,
	})
	// azbatch's spans and azcore's HTTP spans are below the method spans.
	if tree.Below(submit, "Client.CreateJob") != 1 || tree.Below(submit, "Client.CreateTaskCollection") != 1 || tree.Below(submit, "HTTP POST") != 2 {
		t.Errorf("below batch.Submit: %d CreateJob, %d CreateTaskCollection, %d HTTP POST; want 1, 1, 2",
			tree.Below(submit, "Client.CreateJob"), tree.Below(submit, "Client.CreateTaskCollection"), tree.Below(submit, "HTTP POST"))
	}
	if tree.Below(watch, "HTTP GET") == 0 {
		t.Error("no HTTP GET below batch.Watch")
	}
	for _, s := range tree.Spans {
		if strings.HasPrefix(s.Name, "HTTP ") && !tree.Under(s, top) {
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
	secrets := []string{secret, tok.Token, u.Query().Get("sig"), url.QueryEscape(u.Query().Get("sig"))}
	for _, m := range spec.Manifests {
		mu, _ := url.Parse(m)
		secrets = append(secrets, mu.Query().Get("sig"))
	}
	spantest.NoSecrets(t, tree.Spans, secrets...)
}
