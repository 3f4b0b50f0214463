package tenancy_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// mixedCall makes the i-th call of a mix of reads on a customer whose
// catalog holds collection "col" with item "i1".
func mixedCall(ctx context.Context, cl *geocatalog.Client, i int) error {
	switch i % 4 {
	case 0:
		_, err := cl.STAC().NewListCollectionsPager(nil).NextPage(ctx)
		return err
	case 1:
		_, err := cl.STAC().GetCollection(ctx, "col", nil)
		return err
	case 2:
		_, err := cl.STAC().GetItem(ctx, "col", "i1", nil)
		return err
	default:
		pager := cl.STAC().NewSearchPager(&stac.SearchRequest{Collections: []string{"col"}, Limit: 5}, nil)
		_, err := pager.NextPage(ctx)
		return err
	}
}

// TestTenantIsolation: 10,000 concurrent mixed calls across 50 tenants;
// every catalog sees tokens of its own tenant only, and each tenant's token
// is requested once.
func TestTenantIsolation(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 calls; skipped with -short")
	}
	tenants, perTenant := 50, 200
	if raceEnabled {
		perTenant = 100 // the race detector's goroutine limit
	}
	w := newWorld(t)
	customers := make([]*customer, tenants)
	for i := range customers {
		customers[i] = w.addCustomer(t, fmt.Sprintf("customer-%02d", i), geocatalogtest.RoleReader, true)
		customers[i].seedCollection(t, "col", "i1")
		customers[i].cat.ResetStats()
	}
	app := w.secretApp(t)
	ctx := context.Background()

	var wg sync.WaitGroup
	var failures atomic.Int64
	var firstErr atomic.Value
	start := make(chan struct{})
	for i := range tenants * perTenant {
		c := customers[i%tenants]
		wg.Go(func() {
			<-start
			cl, err := app.Client(ctx, c.Customer, nil)
			if err == nil {
				err = mixedCall(ctx, cl.Client, i/tenants)
			}
			if err != nil {
				failures.Add(1)
				firstErr.CompareAndSwap(nil, err)
			}
		})
	}
	begin := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d calls across %d tenants in %v", tenants*perTenant, tenants, time.Since(begin))
	if n := failures.Load(); n != 0 {
		t.Fatalf("%d calls failed; first: %v", n, firstErr.Load())
	}
	for _, c := range customers {
		st := c.cat.Stats()
		for tid, tk := range st.Tenants {
			if tid != c.TenantID {
				t.Errorf("%s's catalog saw %d tokens (%d requests) from tenant %s", c.Name, tk.Tokens, tk.Requests, tid)
			}
		}
		if own := st.Tenants[c.TenantID]; own.Requests != perTenant || own.Tokens != 1 {
			t.Errorf("%s: %d requests with %d tokens of its tenant; want %d with 1", c.Name, own.Requests, own.Tokens, perTenant)
		}
		if n := w.entra.TokenRequests(c.TenantID); n != 1 {
			t.Errorf("%s: %d token requests, want 1", c.Name, n)
		}
	}

	// Control: a token of the wrong tenant is refused and counted, so the
	// check above would see a leak.
	a, b := customers[0], customers[1]
	wrongCred, _ := app.Credential(b.TenantID)
	wrong, err := geocatalog.NewClient(a.Endpoint, wrongCred, w.options().CatalogOptions)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.STAC().GetLandingPage(ctx, nil); !geocatalog.IsUnauthorized(err) {
		t.Fatalf("a token of tenant B at tenant A's catalog: want 401, got %v", err)
	}
	if got := a.cat.Stats().Tenants[b.TenantID]; got.Requests != 1 {
		t.Fatalf("the catalog did not count the wrong tenant's token: %+v", got)
	}
}

// TestConsentRemovedMidRun: a customer removes the partner mid-run; its
// calls fail with ErrAccessRevoked (cached token, role gone) or
// ErrNotOnboarded (new token refused), the other customers go on.
func TestConsentRemovedMidRun(t *testing.T) {
	w := newWorld(t)
	var customers []*customer
	for i := range 4 {
		c := w.addCustomer(t, fmt.Sprintf("cust-%d", i), geocatalogtest.RoleReader, true)
		c.seedCollection(t, "col", "i1")
		customers = append(customers, c)
	}
	leaving := customers[1]
	app := w.secretApp(t)
	ctx := context.Background()

	var removed atomic.Bool
	type tally struct{ ok, revoked, notOnboarded, other, okAfter int }
	results := make([]tally, len(customers))
	var wg sync.WaitGroup
	for ci, c := range customers {
		wg.Go(func() {
			cl, err := app.Client(ctx, c.Customer, nil)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 300 {
				after := removed.Load()
				err := mixedCall(ctx, cl.Client, i)
				r := &results[ci]
				switch {
				case err == nil:
					r.ok++
					if after {
						r.okAfter++
					}
				case errors.Is(err, tenancy.ErrAccessRevoked):
					r.revoked++
				case errors.Is(err, tenancy.ErrNotOnboarded):
					r.notOnboarded++
				default:
					r.other++
					t.Errorf("%s: unexpected %v", c.Name, err)
				}
				if ci == 1 && i == 100 {
					// The customer deletes the service principal, which
					// also removes its role assignment.
					w.entra.RemoveConsent(leaving.TenantID, w.appID)
					leaving.cat.Revoke(leaving.oid)
					removed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for ci, r := range results {
		t.Logf("%s: %+v", customers[ci].Name, r)
		if ci == 1 {
			if r.revoked == 0 || r.ok != 101 || r.okAfter != 0 {
				t.Errorf("leaving customer: %+v; want 101 ok then only ErrAccessRevoked", r)
			}
			continue
		}
		if r.ok != 300 {
			t.Errorf("%s: %+v; want every call ok", customers[ci].Name, r)
		}
	}
	// A fresh app (a process restart) cannot get a token any more.
	cl, _ := w.secretApp(t).Client(ctx, leaving.Customer, nil)
	if _, err := cl.STAC().NewListCollectionsPager(nil).NextPage(ctx); !errors.Is(err, tenancy.ErrNotOnboarded) {
		t.Fatalf("after restart: want ErrNotOnboarded, got %v", err)
	}
}
