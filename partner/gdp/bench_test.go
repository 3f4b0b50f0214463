package gdp_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// benchItems returns n items made from the NAIP corpus (ids suffixed to be
// unique), without assets: the benchmarks measure request pacing, not
// asset copies.
func benchItems(b *testing.B, n int) []*stac.Item {
	base := ordertest.LoadNAIP(b, 0)
	out := make([]*stac.Item, 0, n)
	for i := 0; len(out) < n; i++ {
		it := base[i%len(base)].Clone()
		it.ID = fmt.Sprintf("%s-%d", it.ID, i/len(base))
		it.Assets = map[string]*stac.Asset{}
		out = append(out, it)
	}
	return out
}

// pacedClient returns a client of cat whose pipeline holds the Pacer.
func pacedClient(b *testing.B, cat *geocatalogtest.Catalog, pacer *partner.Pacer) *geocatalog.Client {
	opts := cat.ClientOptions()
	opts.PerRetryPolicies = append(opts.PerRetryPolicies, pacer.Policy())
	return ordertest.NewClient(b, cat.URL, cat.Credential(), opts)
}

// BenchmarkDeliverRateLimited delivers 10,000 items to a catalog with 20 ms
// latency per request and a 50 requests/s limit, paced at 50 requests/s.
// It prints items/s, the ideal (limit x items per create request), the
// share of it reached, the requests, the 429s after the first second and the
// process CPU time per 1,000 items (client and emulator: they share the
// process; see BenchmarkDeliverClientCPU for the client alone), and the
// request timeline (when the writes started and ended, the longest gaps).
func BenchmarkDeliverRateLimited(b *testing.B) {
	const n, limit, batch = 10000, 50.0, 100
	items := benchItems(b, n)
	for i := range b.N {
		srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
		cat := srv.DefaultCatalog()
		pacer := partner.NewPacer(limit)
		client := pacedClient(b, cat, pacer)
		order := gdp.Order{Collection: gdp.CollectionFor(fmt.Sprintf("bench-%d", i), "bench", "proprietary", items[:1]), Items: gdp.ItemSlice(items)}
		cat.SetFaults(geocatalogtest.Faults{Latency: map[string]time.Duration{"*": 20 * time.Millisecond}, RateLimit: limit})
		runtime.GC()
		cpu0 := processCPU()
		start := time.Now()
		b.StartTimer()
		rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{
			Pacer: pacer, MaxBatchItems: batch, Concurrency: 24, BulkThreshold: -1, ConfirmByLookup: true,
		})
		b.StopTimer()
		cpu := processCPU() - cpu0
		if err != nil || rep.Created != n {
			b.Fatalf("delivery: %v, %d created", err, rep.Created)
		}
		ex := cat.Exchanges()
		late429, all429 := count429(ex, start)
		ideal := limit * batch
		rate := float64(n) / rep.Duration.Seconds()
		b.ReportMetric(rate, "items/s")
		b.ReportMetric(100*rate/ideal, "%ideal")
		b.ReportMetric(float64(late429), "429-after-1s")
		b.ReportMetric(float64(rep.Requests), "requests")
		b.ReportMetric(cpu.Seconds()*1000/n, "process-CPU-s/1000items")
		b.Logf("%d items in %s: %.0f items/s = %.1f%% of the ideal %.0f (limit x %d items per create); %d requests (%d creates, %.2f requests per batch), %.0f items per request; 429s: %d (after 1 s: %d); process CPU (client + emulator) %.3f s = %.3f s per 1,000 items; timings %+v",
			n, rep.Duration.Round(time.Millisecond), rate, 100*rate/ideal, ideal, batch, rep.Requests, rep.Batches,
			float64(rep.Requests)/float64(rep.Batches), float64(n)/float64(rep.Requests), all429, late429,
			cpu.Seconds(), cpu.Seconds()*1000/n, rep.Timings)
		b.Logf("timeline: the write ran from +%s to +%s; %s", rep.Started.Sub(start).Round(time.Millisecond),
			rep.Finished.Sub(start).Round(time.Millisecond), timeline(ex, start))
		srv.Close()
	}
}

// BenchmarkDeliverManySlowCustomer sends one order of 1,000 items to 10
// customers, one of them throttled to 5 requests/s, and compares the time
// of the other nine with their time alone (the ratio; the target is at most
// 1.2). It also prints the process CPU time per 1,000 items delivered (the
// nine alone, then the ten: 19,000 items).
func BenchmarkDeliverManySlowCustomer(b *testing.B) {
	const n = 1000
	items := benchItems(b, n)
	for i := range b.N {
		srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
		var targets []gdp.Target
		for k := range 10 {
			cat := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: fmt.Sprintf("c%d", k)})
			rate := 50.0
			if k == 9 {
				rate = 5
			}
			cat.SetFaults(geocatalogtest.Faults{Latency: map[string]time.Duration{"*": 20 * time.Millisecond}, RateLimit: rate})
			pacer := partner.NewPacer(rate)
			targets = append(targets, gdp.Target{Name: cat.Name, Client: pacedClient(b, cat, pacer), Pacer: pacer})
		}
		order := func(id string) gdp.Order {
			return gdp.Order{Collection: gdp.CollectionFor(id, "bench", "proprietary", items[:1]), Items: gdp.ItemSlice(items)}
		}
		opts := &gdp.DeliverManyOptions{Deliver: gdp.DeliverOptions{MaxBatchItems: 100, Concurrency: 4, BulkThreshold: -1}}
		slowest := func(reps map[string]*gdp.Report, names []gdp.Target) time.Duration {
			var d time.Duration
			for _, t := range names {
				r := reps[t.Name]
				if r.Err != nil || r.Created != n {
					b.Fatalf("%s: %v, %d created", t.Name, r.Err, r.Created)
				}
				d = max(d, r.Duration)
			}
			return d
		}
		// Warm up (connections, tokens, allocations) before measuring.
		gdp.DeliverMany(context.Background(), targets, gdp.Order{Collection: gdp.CollectionFor(fmt.Sprintf("warm-%d", i), "bench", "proprietary", items[:1]), Items: gdp.ItemSlice(items[:100])}, opts)
		cpu0 := processCPU()
		b.StartTimer()
		alone := slowest(gdp.DeliverMany(context.Background(), targets[:9], order(fmt.Sprintf("alone-%d", i)), opts), targets[:9])
		reps := gdp.DeliverMany(context.Background(), targets, order(fmt.Sprintf("all-%d", i)), opts)
		b.StopTimer()
		cpu := processCPU() - cpu0
		with := slowest(reps, targets[:9])
		slow := reps[targets[9].Name]
		b.ReportMetric(with.Seconds()/alone.Seconds(), "nine-with/alone")
		b.ReportMetric(cpu.Seconds()*1000/(19*n), "process-CPU-s/1000items")
		b.Logf("nine customers alone: %s; with the slow one: %s: ratio %.2f (target at most 1.20); the slow customer: %s, %d created, %d throttled; process CPU (clients + emulator) %.3f s per 1,000 items delivered",
			alone.Round(time.Millisecond), with.Round(time.Millisecond), with.Seconds()/alone.Seconds(),
			slow.Duration.Round(time.Millisecond), slow.Created, slow.Throttled, cpu.Seconds()*1000/(19*n))
		srv.Close()
	}
}
