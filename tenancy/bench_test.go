package tenancy_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// BenchmarkTokenRequests50x200: a fresh PartnerApp (real azidentity
// credentials against the fake Entra ID) makes 200 concurrent calls to each
// of 50 customers. Reports the token requests Entra ID received per round
// (target: exactly 50, one per tenant).
func BenchmarkTokenRequests50x200(b *testing.B) {
	const tenants, perTenant = 50, 200
	w := newWorld(b)
	customers := make([]*customer, tenants)
	for i := range customers {
		customers[i] = w.addCustomer(b, fmt.Sprintf("customer-%02d", i), geocatalogtest.RoleReader, true)
	}
	ctx := context.Background()
	var tokenRequests, failures int
	b.ResetTimer()
	for range b.N {
		before := w.entra.TotalTokenRequests()
		app := w.secretApp(b)
		var wg sync.WaitGroup
		var mu sync.Mutex
		start := make(chan struct{})
		for i := range tenants * perTenant {
			c := customers[i%tenants]
			wg.Go(func() {
				<-start
				cl, err := app.Client(ctx, c.Customer)
				if err == nil {
					_, err = cl.STAC().GetLandingPage(ctx, nil)
				}
				if err != nil {
					mu.Lock()
					failures++
					mu.Unlock()
				}
			})
		}
		close(start)
		wg.Wait()
		tokenRequests += w.entra.TotalTokenRequests() - before
	}
	b.StopTimer()
	if failures > 0 {
		b.Fatalf("%d calls failed", failures)
	}
	perRound := float64(tokenRequests) / float64(b.N)
	b.ReportMetric(perRound, "token-requests/round")
	b.ReportMetric(float64(tenants*perTenant), "calls/round")
	b.Logf("%d tenants x %d concurrent calls: %.1f token requests per round (target %d)", tenants, perTenant, perRound, tenants)
}

// BenchmarkSlowTenantAddedLatency: while one tenant's token fetch takes 1 s,
// the same PartnerApp makes first calls (token fetch included) to 10 other
// tenants, one after the other. Reports the median added latency of those
// calls against the same calls made by a fresh app with no slow fetch in
// flight (target: at most 10 ms; a shared credential would add up to 1 s).
func BenchmarkSlowTenantAddedLatency(b *testing.B) {
	const others = 10
	w := newWorld(b)
	slow := w.addCustomer(b, "slow", geocatalogtest.RoleReader, true)
	w.entra.SetLatency(slow.TenantID, time.Second)
	var fast []*customer
	for i := range others {
		fast = append(fast, w.addCustomer(b, fmt.Sprintf("fast-%d", i), geocatalogtest.RoleReader, true))
	}
	ctx := context.Background()
	firstCalls := func(app *tenancy.PartnerApp) []time.Duration {
		var lat []time.Duration
		for _, c := range fast {
			t0 := time.Now()
			cl, err := app.Client(ctx, c.Customer)
			if err == nil {
				_, err = cl.STAC().GetLandingPage(ctx, nil)
			}
			lat = append(lat, time.Since(t0))
			if err != nil {
				b.Fatal(err)
			}
		}
		return lat
	}
	var base, with []time.Duration
	var overlapped int
	b.ResetTimer()
	for range b.N {
		base = append(base, firstCalls(w.secretApp(b))...)

		app := w.secretApp(b)
		before := w.entra.TokenRequests(slow.TenantID)
		done := make(chan struct{})
		go func() {
			defer close(done)
			cl, _ := app.Client(ctx, slow.Customer)
			if _, err := cl.STAC().GetLandingPage(ctx, nil); err != nil {
				b.Error(err)
			}
		}()
		for w.entra.TokenRequests(slow.TenantID) == before { // the slow fetch is in flight
			time.Sleep(time.Millisecond)
		}
		with = append(with, firstCalls(app)...)
		select {
		case <-done:
		default:
			overlapped++ // every measured call ran during the slow fetch
		}
		<-done
	}
	b.StopTimer()
	pct := func(d []time.Duration, p float64) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1))]
	}
	addedMedian := pct(with, 0.5) - pct(base, 0.5)
	b.ReportMetric(float64(addedMedian.Microseconds())/1000, "added-ms-p50")
	b.ReportMetric(float64((pct(with, 0.9)-pct(base, 0.9)).Microseconds())/1000, "added-ms-p90")
	b.Logf("first calls to %d other tenants: p50 %v alone, %v during another tenant's 1 s token fetch (added %v); p90 %v vs %v; %d/%d rounds fully inside the slow fetch",
		others, pct(base, 0.5), pct(with, 0.5), addedMedian, pct(base, 0.9), pct(with, 0.9), overlapped, b.N)
}
