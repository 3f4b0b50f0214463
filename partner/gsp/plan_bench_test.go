package gsp_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// benchItems is the number of source items of BenchmarkShardReads
// (GSP_BENCH_ITEMS overrides the default 100,000).
func benchItems() int {
	if n, err := strconv.Atoi(os.Getenv("GSP_BENCH_ITEMS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// newBareFixture is a catalog whose source collection holds n items
// without assets (the processor reads nothing).
func newBareFixture(b *testing.B, n int) *fixture {
	b.Helper()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	b.Cleanup(srv.Close)
	f := &fixture{srv: srv, cat: srv.DefaultCatalog(), partnerID: uuid.NewString(), token: "partner-" + uuid.NewString()}
	srv.Tokens().Add(f.token, geocatalogtest.Principal{TenantID: f.cat.TenantID, ObjectID: f.partnerID, AppID: uuid.NewString()})
	f.cat.Grant(f.partnerID, geocatalogtest.RoleAdministrator)
	client := f.partnerClient(b)
	ctx := context.Background()
	p, err := client.STAC().BeginCreateCollection(ctx, stac.NewCollection(sourceCollection, "source", "CC-BY-4.0", stac.NewExtent([]float64{0, 0, 10, 10}, nil, nil)), nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil {
		b.Fatal(err)
	}
	var batch []*stac.Item
	for i := range n {
		it := stac.NewItem(fmt.Sprintf("scene-%06d", i))
		dt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		it.Properties.Datetime = &dt
		batch = append(batch, it)
		if len(batch) == 1000 || i == n-1 {
			p, err := client.STAC().BeginCreateItems(ctx, sourceCollection, batch, nil)
			if err == nil {
				_, err = p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 5 * time.Millisecond})
			}
			if err != nil {
				b.Fatal(err)
			}
			batch = nil
		}
	}
	return f
}

// BenchmarkShardReads counts the source item documents the shards of a job
// decode in total, planned (one id-only pass, then each shard fetches its
// manifest's items by ID) and hashed (every shard pages through the whole
// search), at n = 1, 4 and 16 shards. Figures per source item: docs/item
// (full documents), idonly/item (documents of the id-only pass),
// requests (search requests in all).
func BenchmarkShardReads(b *testing.B) {
	n := benchItems()
	f := newBareFixture(b, n)
	src := gsp.Source{Collections: []string{sourceCollection}}
	nothing := gsp.ProcessorFunc(func(context.Context, *gsp.Input) ([]*gsp.Derived, error) { return nil, nil })
	for _, mode := range []string{"planned", "hashed"} {
		for _, shards := range []int{1, 4, 16} {
			if mode == "hashed" && shards > 4 && os.Getenv("GSP_BENCH_HASHED_16") == "" {
				continue // n x the whole search: set GSP_BENCH_HASHED_16 to measure
			}
			b.Run(fmt.Sprintf("%s/n=%d", mode, shards), func(b *testing.B) {
				for b.Loop() {
					client, counter := f.countingClient(b)
					ctx := context.Background()
					var manifests []*gsp.Manifest
					if mode == "planned" {
						plan, err := gsp.Plan(ctx, client, src, shards, nil)
						if err != nil {
							b.Fatal(err)
						}
						manifests = plan.Manifests
					}
					done := 0
					for k := range shards {
						job := gsp.Job{Source: src, Processor: nothing, Output: outputCollection("derived"), DryRun: true, Concurrency: 8,
							Shard: gsp.Shard{Index: k, Count: shards}}
						if manifests != nil {
							job.Manifest = manifests[k]
						}
						rep, err := gsp.Run(ctx, client, job)
						if err != nil {
							b.Fatal(err)
						}
						done += rep.DryRuns
					}
					if done != n {
						b.Fatalf("the shards processed %d items, want %d", done, n)
					}
					full, idOnly, requests := counter.counts()
					b.ReportMetric(float64(full)/float64(n), "docs/item")
					b.ReportMetric(float64(idOnly)/float64(n), "idonly/item")
					b.ReportMetric(float64(requests), "requests")
				}
			})
		}
	}
}
