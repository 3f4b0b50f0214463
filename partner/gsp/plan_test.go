package gsp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// searchCounter is a transport that counts the item documents the search
// responses carry: full documents, and id-only ones (a request with fields).
type searchCounter struct {
	next policy.Transporter

	mu       sync.Mutex
	full     int
	idOnly   int
	requests int
}

func (c *searchCounter) Do(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil && req.URL.Path == "/stac/search" {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := c.next.Do(req)
	if err != nil || req.URL.Path != "/stac/search" || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	var page struct {
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	if strings.Contains(string(reqBody), `"fields"`) {
		c.idOnly += len(page.Features)
	} else {
		c.full += len(page.Features)
	}
	return resp, nil
}

func (c *searchCounter) counts() (full, idOnly, requests int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.full, c.idOnly, c.requests
}

// countingClient returns a partner client whose search responses are
// counted.
func (f *fixture) countingClient(t testing.TB) (*geocatalog.Client, *searchCounter) {
	t.Helper()
	opts := *f.cat.ClientOptions()
	next := opts.Transport
	if next == nil {
		next = http.DefaultClient
	}
	counter := &searchCounter{next: next}
	opts.Transport = counter
	c, err := geocatalog.NewClient(f.cat.URL, geocatalogtest.NewStaticCredential(f.token), &opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, counter
}

func TestPlannedShardsReadEveryItemOnce(t *testing.T) {
	const n, shards = 130, 4
	f := newFixture(t, n)
	client, counter := f.countingClient(t)
	ctx := context.Background()
	src := gsp.Source{Collections: []string{sourceCollection}}
	var progress []int
	plan, err := gsp.Plan(ctx, client, src, shards, &gsp.PlanOptions{OnProgress: func(k int) { progress = append(progress, k) }})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Items != n || len(plan.Manifests) != shards || len(progress) == 0 || progress[len(progress)-1] != n {
		t.Fatalf("plan: %d items, %d manifests, progress %v", plan.Items, len(plan.Manifests), progress)
	}
	full, idOnly, _ := counter.counts()
	if full != 0 || idOnly != n {
		t.Fatalf("the plan decoded %d full and %d id-only documents, want 0 and %d", full, idOnly, n)
	}
	// The manifests survive a round trip through their files.
	paths, err := plan.WriteFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]int{}
	for k, p := range paths {
		m, err := gsp.ReadManifestFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if m.Shard != (gsp.Shard{Index: k, Count: shards}) || len(m.Items) < n/shards || len(m.Items) > n/shards+1 {
			t.Fatalf("manifest %d: shard %v, %d items", k, m.Shard, len(m.Items))
		}
		rep, err := gsp.Run(ctx, client, gsp.Job{Source: src, Manifest: m, Processor: checksumProcessor(0), Output: outputCollection("planned"), Concurrency: 4,
			StorageHosts: []string{f.blobHost()}, AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()}})
		if err != nil {
			t.Fatalf("shard %d: %v", k, err)
		}
		if rep.Shard != m.Shard || rep.Done != len(m.Items) || rep.Failed != 0 || rep.Searched != len(m.Items) {
			t.Fatalf("shard %d report: done %d failed %d searched %d, want %d", k, rep.Done, rep.Failed, rep.Searched, len(m.Items))
		}
		for _, s := range rep.Sources {
			if prev, dup := owner[s.ItemID]; dup {
				t.Fatalf("%s done by shards %d and %d", s.ItemID, prev, k)
			}
			owner[s.ItemID] = k
		}
	}
	if len(owner) != n || len(f.outputItems(t, "planned")) != n {
		t.Fatalf("the shards did %d sources, the output has %d items; want %d", len(owner), len(f.outputItems(t, "planned")), n)
	}
	full, _, _ = counter.counts()
	if full != n {
		t.Fatalf("the shards decoded %d item documents, want %d", full, n)
	}
}

func TestPlannedShardSkipsJournaledItemsWithoutFetchingThem(t *testing.T) {
	const n = 40
	f := newFixture(t, n)
	client, counter := f.countingClient(t)
	ctx := context.Background()
	src := gsp.Source{Collections: []string{sourceCollection}}
	plan, err := gsp.Plan(ctx, client, src, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	journal, err := partner.OpenJournal(t.TempDir() + "/j.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer journal.Close()
	job := gsp.Job{Source: src, Manifest: plan.Manifests[0], Processor: checksumProcessor(0), Output: outputCollection("again"), Journal: journal,
		StorageHosts: []string{f.blobHost()}, AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()}}
	rep, err := gsp.Run(ctx, client, job)
	if err != nil || rep.Done != n {
		t.Fatalf("first run: %v, %+v", err, rep)
	}
	before, _, _ := counter.counts()
	rep, err = gsp.Run(ctx, client, job)
	if err != nil || rep.Done != 0 || rep.Skipped != n {
		t.Fatalf("second run: %v, done %d skipped %d", err, rep.Done, rep.Skipped)
	}
	if after, _, _ := counter.counts(); after != before {
		t.Fatalf("the second run decoded %d item documents, want 0", after-before)
	}
}

func TestPlanAndManifestRejectBadInput(t *testing.T) {
	f := newFixture(t, 3)
	client := f.partnerClient(t)
	ctx := context.Background()
	src := gsp.Source{Collections: []string{sourceCollection}}
	for _, shards := range []int{0, -1, gsp.MaxPlanShards + 1} {
		if _, err := gsp.Plan(ctx, client, src, shards, nil); err == nil {
			t.Errorf("%d shards accepted", shards)
		}
	}
	if _, err := gsp.Plan(ctx, client, gsp.Source{}, 2, nil); err == nil {
		t.Error("no collection accepted")
	}
	for _, bad := range []string{
		`{"version":2,"shard":{"index":0,"count":1},"items":[]}`,
		`{"version":1,"shard":{"index":2,"count":2},"items":[]}`,
		`{"version":1,"shard":{"index":0,"count":1},"items":[{"collection":"c","id":""}]}`,
		`{"version":1,"shard":{"index":0,"count":1},"items":[{"collection":"c","id":"a"},{"collection":"c","id":"a"}]}`,
		`{"version":1,"shard":{"index":0,"count":1},"extra":1}`,
	} {
		if _, err := gsp.ReadManifest(strings.NewReader(bad)); err == nil {
			t.Errorf("manifest %s accepted", bad)
		}
	}
	// A manifest item outside the source collections, or a shard that
	// disagrees, is refused before anything is sent.
	m := &gsp.Manifest{Version: 1, Shard: gsp.Shard{Index: 0, Count: 2}, Items: []gsp.ManifestItem{{Collection: "other", ID: "x"}}}
	if _, err := gsp.Run(ctx, client, gsp.Job{Source: src, Manifest: m, Processor: checksumProcessor(0), Output: outputCollection("out")}); err == nil {
		t.Error("manifest item of another collection accepted")
	}
	m.Items = nil
	if _, err := gsp.Run(ctx, client, gsp.Job{Source: src, Manifest: m, Shard: gsp.Shard{Index: 1, Count: 2}, Processor: checksumProcessor(0), Output: outputCollection("out")}); err == nil {
		t.Error("manifest of another shard accepted")
	}
	// An item deleted since the plan fails alone.
	m = &gsp.Manifest{Version: 1, Shard: gsp.All, Items: []gsp.ManifestItem{{Collection: sourceCollection, ID: "scene-0001"}, {Collection: sourceCollection, ID: "gone"}}}
	rep, err := gsp.Run(ctx, client, gsp.Job{Source: src, Manifest: m, Processor: checksumProcessor(0), Output: outputCollection("out"),
		StorageHosts: []string{f.blobHost()}, AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()}})
	if err != nil || rep.Done != 1 || rep.Failed != 1 || rep.FailedSources()[0].ItemID != "gone" {
		t.Fatalf("deleted item: %v, %+v", err, rep)
	}
}
