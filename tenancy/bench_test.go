package tenancy_test

import (
	"context"
	"fmt"
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
// 10 other tenants make their first call (token fetch included). Reports
// how much the slow fetch adds to their latency, against the same calls
// made with no slow fetch in flight (target: at most 10 ms).
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
	// coldCalls makes one first call per fast customer at once and returns
	// the mean and max latency.
	coldCalls := func(app *tenancy.PartnerApp) (mean, maxD time.Duration) {
		var wg sync.WaitGroup
		lat := make([]time.Duration, len(fast))
		for i, c := range fast {
			wg.Go(func() {
				t0 := time.Now()
				cl, err := app.Client(ctx, c.Customer)
				if err == nil {
					_, err = cl.STAC().GetLandingPage(ctx, nil)
				}
				lat[i] = time.Since(t0)
				if err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		var sum time.Duration
		for _, d := range lat {
			sum += d
			maxD = max(maxD, d)
		}
		return sum / time.Duration(len(lat)), maxD
	}
	var baseMean, baseMax, withMean, withMax, slowTotal time.Duration
	b.ResetTimer()
	for range b.N {
		m, x := coldCalls(w.secretApp(b))
		baseMean += m
		baseMax += x

		app := w.secretApp(b)
		before := w.entra.TokenRequests(slow.TenantID)
		done := make(chan time.Duration)
		go func() {
			t0 := time.Now()
			cl, _ := app.Client(ctx, slow.Customer)
			if _, err := cl.STAC().GetLandingPage(ctx, nil); err != nil {
				b.Error(err)
			}
			done <- time.Since(t0)
		}()
		for w.entra.TokenRequests(slow.TenantID) == before { // the slow fetch is in flight
			time.Sleep(time.Millisecond)
		}
		m, x = coldCalls(app)
		withMean += m
		withMax += x
		slowTotal += <-done
	}
	b.StopTimer()
	n := time.Duration(b.N)
	added := (withMean - baseMean) / n
	b.ReportMetric(float64(added.Microseconds())/1000, "added-ms-mean")
	b.ReportMetric(float64(((withMax - baseMax) / n).Microseconds())/1000, "added-ms-max")
	b.Logf("first calls of %d other tenants: mean %v alone, %v during a 1 s fetch of another tenant (added %v; max %v vs %v); slow tenant's call %v",
		others, baseMean/n, withMean/n, added, withMax/n, baseMax/n, slowTotal/n)
}
