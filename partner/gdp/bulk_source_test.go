package gdp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// sourcesOf returns every ingestion source of the client's catalog, read
// in full.
func sourcesOf(t *testing.T, client *geocatalog.Client) []geocatalog.IngestionSource {
	t.Helper()
	ctx := context.Background()
	in := client.Ingestion()
	var out []geocatalog.IngestionSource
	pager := in.NewListSourcesPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Value {
			full, err := in.GetSource(ctx, s.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, full.IngestionSource)
		}
	}
	return out
}

// stagedCatalogs reads every static catalog the deliveries wrote into the
// staging container, with the item documents they link.
func stagedCatalogs(t *testing.T, env *ordertest.Env) (catalogs []map[string]any, items []*stac.Item) {
	t.Helper()
	ctx := context.Background()
	container := path.Base(env.Stager.ContainerURL())
	az := env.Azurite.NewClient()
	pager := az.NewListBlobsFlatPager(container, nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range page.Segment.BlobItems {
			name := *b.Name
			if !strings.HasPrefix(name, "catalogs/") {
				continue
			}
			resp, err := az.DownloadStream(ctx, container, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(name, "/catalog.json") {
				var m map[string]any
				if err := json.Unmarshal(data, &m); err != nil {
					t.Fatal(err)
				}
				catalogs = append(catalogs, m)
				continue
			}
			it, err := stac.DecodeItem(data)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, it)
		}
	}
	return catalogs, items
}

// checkPlainLinks fails unless every staged catalog link and every staged
// item's asset href in the staging container is a plain URL (no SAS).
func checkPlainLinks(t *testing.T, env *ordertest.Env, wantCatalogs int) {
	t.Helper()
	prefix := env.Stager.ContainerURL() + "/"
	catalogs, items := stagedCatalogs(t, env)
	if len(catalogs) != wantCatalogs || len(items) == 0 {
		t.Fatalf("%d staged catalogs and %d items, want %d catalogs", len(catalogs), len(items), wantCatalogs)
	}
	for _, c := range catalogs {
		links, _ := c["links"].([]any)
		if len(links) == 0 {
			t.Fatalf("catalog %v has no links", c["id"])
		}
		for _, l := range links {
			href, _ := l.(map[string]any)["href"].(string)
			if !strings.HasPrefix(href, prefix) || strings.Contains(href, "?") {
				t.Fatalf("catalog link %q is not a plain staging URL", href)
			}
		}
	}
	// A plain link is readable only with the source's SAS.
	href, _ := catalogs[0]["links"].([]any)[0].(map[string]any)["href"].(string)
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatalf("Azurite serves %s without a SAS", href)
	}
	for _, it := range items {
		for key, a := range it.Assets {
			if strings.HasPrefix(a.Href, prefix) && strings.Contains(a.Href, "?") {
				t.Fatalf("item %s asset %s href carries a query", it.ID, key)
			}
		}
	}
}

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestDeliverBulkThroughSource: a bulk delivery registers exactly one SAS
// ingestion source for the Azurite staging container (a path-style http
// URL) and writes a static catalog of plain links that the catalog reads
// through it (Azurite refuses anonymous reads); the run's counters are
// followed and reported. A second bulk delivery rotates that source instead
// of creating another, and a run over items the catalog holds already
// (skipExistingItems) writes none of them.
func TestDeliverBulkThroughSource(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	ctx := context.Background()
	dir := t.TempDir()
	all := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 60), dir)
	first := all[:30]
	order := gdp.Order{
		Collection: gdp.CollectionFor("naip-source", "NAIP through a source", "proprietary", all),
		Items:      gdp.NDJSONFile(writeNDJSON(t, dir, first)),
	}
	logs := &logBuffer{}
	var polls []geocatalog.IngestionRun
	opts := &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 20, Customer: "contoso",
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Ingest: &partner.IngestOptions{PollInterval: 20 * time.Millisecond, SourceLifetime: 2 * time.Hour,
			OnRun: func(r geocatalog.IngestionRun) { polls = append(polls, r) }}}

	began := time.Now()
	rep, err := gdp.Deliver(ctx, env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	in := rep.Ingest
	if !rep.Bulk || in == nil || len(in.Runs) != 1 {
		t.Fatalf("bulk %v ingest %+v", rep.Bulk, in)
	}
	if in.Links != partner.LinksThroughSource || in.SourceAction != partner.SourceCreated || in.SourceID == "" || in.SourceRefused != "" {
		t.Fatalf("first delivery: links %q action %q source %q refused %q", in.Links, in.SourceAction, in.SourceID, in.SourceRefused)
	}
	if exp := in.SourceExpires; exp.Before(began.Add(2*time.Hour)) || exp.After(time.Now().Add(2*time.Hour)) {
		t.Fatalf("source SAS expires %s, want 2 h after the delivery", exp)
	}
	run := in.Runs[0]
	t.Logf("first run %+v after %d polls; source %s %s", run, len(polls), in.SourceID, in.SourceAction)
	if run.Status != geocatalog.OperationStatusSucceeded || run.Total != 30 || run.Succeeded != 30 || run.Failed != 0 {
		t.Fatalf("first run %+v", run)
	}
	if len(polls) == 0 || polls[len(polls)-1].Operation.TotalSuccessfulItems != 30 {
		t.Fatalf("run counters not followed: %d polls", len(polls))
	}
	if rep.Created != 30 || rep.Failed != 0 {
		t.Fatalf("created %d failed %d", rep.Created, rep.Failed)
	}
	checkDelivered(t, env, "naip-source", first, rep)
	sources := sourcesOf(t, env.Client)
	if len(sources) != 1 || sources[0].ID != in.SourceID || sources[0].Kind != geocatalog.IngestionSourceKindSASToken ||
		sources[0].ConnectionInfo.ContainerURL != env.Stager.ContainerURL() {
		t.Fatalf("sources after the first delivery: %+v", sources)
	}
	firstExpiry := sources[0].ConnectionInfo.Expiration
	checkPlainLinks(t, env, 1)

	// Second delivery: 30 stored items (unchanged, by lookup) and 30 new
	// ones through a second run; the source is rotated (a SAS of 3 h), not
	// duplicated.
	order.Items = gdp.NDJSONFile(writeNDJSON(t, dir, all))
	opts2 := *opts
	opts2.Ingest = &partner.IngestOptions{PollInterval: 20 * time.Millisecond, SourceLifetime: 3 * time.Hour}
	rep2, err := gdp.Deliver(ctx, env.Client, order, &opts2)
	if err != nil {
		t.Fatal(err)
	}
	in2 := rep2.Ingest
	if in2.Links != partner.LinksThroughSource || in2.SourceAction != partner.SourceRotated || in2.SourceID != in.SourceID || len(in2.Runs) != 1 {
		t.Fatalf("second delivery: %+v", in2)
	}
	if r := in2.Runs[0]; r.Total != 30 || r.Succeeded != 30 || rep2.Created != 30 || rep2.Unchanged != 30 || rep2.Failed != 0 {
		t.Fatalf("second delivery: run %+v created %d unchanged %d failed %d", r, rep2.Created, rep2.Unchanged, rep2.Failed)
	}
	checkDelivered(t, env, "naip-source", all, rep2)
	sources = sourcesOf(t, env.Client)
	if len(sources) != 1 || sources[0].ID != in.SourceID {
		t.Fatalf("sources after the second delivery: %+v", sources)
	}
	if e := sources[0].ConnectionInfo.Expiration; e == nil || firstExpiry == nil || !e.After(firstExpiry.Add(time.Hour-time.Minute)) {
		t.Fatalf("source SAS not rotated: expiry %v then %v", firstExpiry, e)
	}
	checkPlainLinks(t, env, 2)
	if l := logs.String(); strings.Count(l, `"msg":"partner.ingest.source"`) != 2 || !strings.Contains(l, `"links":"source"`) ||
		!strings.Contains(l, `"action":"rotated"`) || strings.Contains(l, "sig=") {
		t.Fatalf("source log records:\n%s", l)
	}

	// Third: a writer that assumes the collection new sends all 60 items
	// through a run; skipExistingItems leaves every stored item as it was.
	etags := map[string]string{}
	for id, it := range env.StoredItems(t, "naip-source") {
		etags[id] = string(it.Extra["_msft:etag"])
	}
	w := partner.NewWriter(env.Client, &partner.WriterOptions{Stager: env.Stager, BaseDir: dir, AssumeNew: true})
	res3, err := w.Ingest(ctx, "naip-source", gdp.NDJSONFile(writeNDJSON(t, dir, all)).All(),
		&partner.IngestOptions{PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rep3, in3 := res3.Report, res3.Ingest
	if len(in3.Runs) != 1 || in3.SourceAction != partner.SourceRotated || in3.SourceID != in.SourceID {
		t.Fatalf("third ingest: %+v", in3)
	}
	r3 := in3.Runs[0]
	t.Logf("skip-existing run %+v", r3)
	if r3.Status != geocatalog.OperationStatusSucceeded || r3.Total != 60 || r3.Succeeded != 60 || r3.Failed != 0 || rep3.Failed != 0 {
		t.Fatalf("skip-existing run %+v, %d failed", r3, rep3.Failed)
	}
	after := env.StoredItems(t, "naip-source")
	if len(after) != 60 {
		t.Fatalf("%d items stored", len(after))
	}
	for id, it := range after {
		if got := string(it.Extra["_msft:etag"]); got == "" || got != etags[id] {
			t.Fatalf("item %s was written again by the skip-existing run (etag %s, was %s)", id, got, etags[id])
		}
	}
	if n := len(sourcesOf(t, env.Client)); n != 1 {
		t.Fatalf("%d sources after three bulk writes", n)
	}
}

// TestDeliverBulkConcurrentSource: two bulk deliveries through the same
// staging container at once end with one source (the one that lost the
// create race gets 409, lists again and rotates the winner's source).
func TestDeliverBulkConcurrentSource(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	ctx := context.Background()
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, 24), dir)
	file := writeNDJSON(t, dir, items)
	reps := make([]*gdp.Report, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, id := range []string{"naip-race-a", "naip-race-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			order := gdp.Order{Collection: gdp.CollectionFor(id, "race", "proprietary", items), Items: gdp.NDJSONFile(file)}
			reps[i], errs[i] = gdp.Deliver(ctx, env.Client, order, &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 10,
				Ingest: &partner.IngestOptions{PollInterval: 20 * time.Millisecond}})
		}()
	}
	wg.Wait()
	actions := map[string]int{}
	for i, rep := range reps {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if rep.Ingest.Links != partner.LinksThroughSource || rep.Created != 24 || rep.Failed != 0 {
			t.Fatalf("delivery %d: %+v created %d failed %d", i, rep.Ingest, rep.Created, rep.Failed)
		}
		actions[rep.Ingest.SourceAction]++
	}
	if actions[partner.SourceCreated] != 1 || actions[partner.SourceRotated] != 1 || reps[0].Ingest.SourceID != reps[1].Ingest.SourceID {
		t.Fatalf("source actions %v, ids %s %s", actions, reps[0].Ingest.SourceID, reps[1].Ingest.SourceID)
	}
	if n := len(sourcesOf(t, env.Client)); n != 1 {
		t.Fatalf("%d sources", n)
	}
	t.Logf("source actions %v; %d create(s) answered 409", actions, sourceConflicts(env))
}

// sourceConflicts counts the source creates the catalog answered with 409.
func sourceConflicts(env *ordertest.Env) int {
	n := 0
	for _, ex := range env.Catalog.Exchanges() {
		if ex.Route == "POST /inma/ingestion-sources" && ex.Status == http.StatusConflict {
			n++
		}
	}
	return n
}

// raceSource registers the staging container through another client just
// before the delivery's first source create reaches the catalog: the
// other delivery won the race between the listing and the create.
type raceSource struct {
	env  *ordertest.Env
	once sync.Once
	id   string
	err  error
}

func (p *raceSource) Do(req *policy.Request) (*http.Response, error) {
	r := req.Raw()
	if r.Method == http.MethodPost && r.URL.Path == "/inma/ingestion-sources" {
		p.once.Do(func() {
			sasURL, err := p.env.Stager.ContainerSASURL(&partner.ContainerSASURLOptions{ExpiresOn: time.Now().Add(time.Hour)})
			if err != nil {
				p.err = err
				return
			}
			_, token, _ := strings.Cut(sasURL, "?")
			var src geocatalog.CreateSourceResponse
			src, p.err = p.env.Client.Ingestion().CreateSource(r.Context(), geocatalog.IngestionSource{
				Kind: geocatalog.IngestionSourceKindSASToken,
				ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{
					ContainerURL: p.env.Stager.ContainerURL(), SASToken: token},
			}, nil)
			p.id = src.ID
		})
	}
	return req.Next()
}

// TestDeliverBulkSourceCreateRace: a create that gets 409 (the container
// was registered since the listing) lists again and rotates that source.
func TestDeliverBulkSourceCreateRace(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	race := &raceSource{env: env}
	opts := env.Server.ClientOptions()
	opts.PerCallPolicies = append(opts.PerCallPolicies, race)
	client := ordertest.NewClient(t, env.Server.URL, env.Server.Credential(), opts)
	order, items, _ := naipOrder(t, "naip-race", 24)
	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 10,
		Ingest: &partner.IngestOptions{PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if race.err != nil || race.id == "" {
		t.Fatalf("registering the racing source: %v", race.err)
	}
	in := rep.Ingest
	if in.Links != partner.LinksThroughSource || in.SourceAction != partner.SourceRotated || in.SourceID != race.id {
		t.Fatalf("ingest %+v, racing source %s", in, race.id)
	}
	if n := sourceConflicts(env); n != 1 {
		t.Fatalf("%d creates answered 409, want 1", n)
	}
	if rep.Created != 24 || rep.Failed != 0 {
		t.Fatalf("created %d failed %d", rep.Created, rep.Failed)
	}
	checkDelivered(t, env, "naip-race", items, rep)
	if n := len(sourcesOf(t, env.Client)); n != 1 {
		t.Fatalf("%d sources", n)
	}
}

// refuseSources answers every source write with 403, as a catalog does
// for a role that may not manage ingestion sources.
type refuseSources struct{}

func (refuseSources) Do(req *policy.Request) (*http.Response, error) {
	r := req.Raw()
	if strings.HasPrefix(r.URL.Path, "/inma/ingestion-sources") && r.Method != http.MethodGet {
		body := `{"error":{"code":"Forbidden","message":"not allowed to manage ingestion sources"}}`
		return &http.Response{StatusCode: http.StatusForbidden, Status: "403 Forbidden", Request: r,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}, nil
	}
	return req.Next()
}

// TestDeliverBulkSourceRefused: when the catalog refuses the source, the
// delivery still goes the bulk way, with signed links, and says so.
func TestDeliverBulkSourceRefused(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	opts := env.Server.ClientOptions()
	opts.PerCallPolicies = append(opts.PerCallPolicies, refuseSources{})
	client := ordertest.NewClient(t, env.Server.URL, env.Server.Credential(), opts)
	order, items, _ := naipOrder(t, "naip-signed", 24)
	logs := &logBuffer{}
	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{Stager: env.Stager, BulkThreshold: 10,
		Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Ingest: &partner.IngestOptions{PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	in := rep.Ingest
	if !rep.Bulk || in.Links != partner.LinksSigned || in.SourceID != "" || !strings.Contains(in.SourceRefused, "Forbidden") {
		t.Fatalf("ingest %+v", in)
	}
	if len(in.Runs) != 1 || in.Runs[0].Succeeded != 24 || rep.Created != 24 || rep.Failed != 0 {
		t.Fatalf("run %+v created %d failed %d", in.Runs, rep.Created, rep.Failed)
	}
	checkDelivered(t, env, "naip-signed", items, rep)
	if n := len(sourcesOf(t, env.Client)); n != 0 {
		t.Fatalf("%d sources", n)
	}
	if l := logs.String(); !strings.Contains(l, `"links":"signed"`) || !strings.Contains(l, `"reason":`) || strings.Contains(l, "sig=") {
		t.Fatalf("log:\n%s", l)
	}
}
