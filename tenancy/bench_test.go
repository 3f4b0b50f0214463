package tenancy_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
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
				cl, err := app.Client(ctx, c.Customer, nil)
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
// flight (target: at most 10 ms).
func BenchmarkSlowTenantAddedLatency(b *testing.B) {
	w := newWorld(b)
	ctx := context.Background()
	runSlowTenant(b, w, func() clientSource {
		app := w.secretApp(b)
		return func(c *customer) (*geocatalog.Client, error) {
			resp, err := app.Client(ctx, c.Customer, nil)
			return resp.Client, err
		}
	})
}

// BenchmarkSlowTenantSharedCredential is the same measurement with the
// design tenancy avoids: one credential for every tenant
// (AdditionallyAllowedTenants "*", the tenant set per request), still with
// one client per customer. Its token fetches queue behind the slow one.
func BenchmarkSlowTenantSharedCredential(b *testing.B) {
	w := newWorld(b)
	runSlowTenant(b, w, func() clientSource {
		shared, err := azidentity.NewClientSecretCredential(w.home, w.appID, testSecret, &azidentity.ClientSecretCredentialOptions{
			ClientOptions: w.entra.ClientOptions(), DisableInstanceDiscovery: true, AdditionallyAllowedTenants: []string{"*"}})
		if err != nil {
			b.Fatal(err)
		}
		opts := w.options().CatalogOptions
		return func(c *customer) (*geocatalog.Client, error) {
			return geocatalog.NewClient(c.Endpoint, pinnedTenant{shared, c.TenantID}, opts)
		}
	})
}

// pinnedTenant asks a shared credential for one tenant's tokens.
type pinnedTenant struct {
	cred   azcore.TokenCredential
	tenant string
}

func (p pinnedTenant) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	o.TenantID = p.tenant
	return p.cred.GetToken(ctx, o)
}

// clientSource gives a customer's catalog client.
type clientSource func(c *customer) (*geocatalog.Client, error)

func runSlowTenant(b *testing.B, w *world, newSource func() clientSource) {
	const others = 10
	slow := w.addCustomer(b, "slow", geocatalogtest.RoleReader, true)
	w.entra.SetLatency(slow.TenantID, time.Second)
	var fast []*customer
	for i := range others {
		fast = append(fast, w.addCustomer(b, fmt.Sprintf("fast-%d", i), geocatalogtest.RoleReader, true))
	}
	ctx := context.Background()
	firstCalls := func(src clientSource) []time.Duration {
		var lat []time.Duration
		for _, c := range fast {
			t0 := time.Now()
			cl, err := src(c)
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
		base = append(base, firstCalls(newSource())...)

		src := newSource()
		before := w.entra.TokenRequests(slow.TenantID)
		done := make(chan struct{})
		go func() {
			defer close(done)
			cl, err := src(slow)
			if err == nil {
				_, err = cl.STAC().GetLandingPage(ctx, nil)
			}
			if err != nil {
				b.Error(err)
			}
		}()
		for w.entra.TokenRequests(slow.TenantID) == before { // the slow fetch is in flight
			time.Sleep(time.Millisecond)
		}
		with = append(with, firstCalls(src)...)
		select {
		case <-done:
		default:
			overlapped++ // every measured call ended during the slow fetch
		}
		<-done
	}
	b.StopTimer()
	pct := func(d []time.Duration, p float64) time.Duration {
		s := slices.Clone(d)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1))]
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(pct(with, 0.5)-pct(base, 0.5)), "added-ms-p50")
	b.ReportMetric(ms(pct(with, 1)-pct(base, 1)), "added-ms-max")
	b.Logf("first calls to %d other tenants, %d rounds: alone p50 %v max %v; during another tenant's 1 s token fetch p50 %v max %v; %d/%d rounds ended inside the slow fetch",
		others, b.N, pct(base, 0.5), pct(base, 1), pct(with, 0.5), pct(with, 1), overlapped, b.N)
}
