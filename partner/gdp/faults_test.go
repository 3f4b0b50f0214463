package gdp_test

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestDeliverUnderFaults delivers through 10% 503s, 429s with Retry-After
// (from a rate limit the delivery exceeds in bursts), 2% dropped connections and 1%
// failed operations: every item is delivered once, and the report is exact.
func TestDeliverUnderFaults(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n = 150
	order, items, _ := naipOrder(t, "naip-faults", n)
	env.CreateCollection(t, "naip-faults")
	// The emulator has no random 429s: they come from a rate limit (40/s,
	// burst 2) that the Pacer (50/s) exceeds, which gives a 429 about once
	// a second while the delivery sends at full pace (a few percent of the
	// requests); each pauses the customer for its Retry-After (1 s).
	env.Catalog.SetFaults(geocatalogtest.Faults{
		Seed: 42, ErrorRate: 0.10, DropRate: 0.02, OperationFailureRate: 0.01, RateLimit: 40, Burst: 2,
	})
	pacer := partner.NewPacer(50)
	// MaxRetryDelay must exceed the Retry-After of a 429 (1 s here), or
	// azcore does not retry it.
	opts := env.Server.ClientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: 12, RetryDelay: 5 * time.Millisecond, MaxRetryDelay: 2 * time.Second}
	opts.PerRetryPolicies = append(opts.PerRetryPolicies, pacer.Policy())
	client := ordertest.NewClient(t, env.Server.URL, env.Server.Credential(), opts)

	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{
		Stager: env.Stager, Pacer: pacer, MaxBatchItems: 5,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Catalog.SetFaults(geocatalogtest.Faults{})
	statuses := map[int]int{}
	for _, ex := range env.Catalog.Exchanges() {
		statuses[ex.Status]++
	}
	t.Logf("%d exchanges by status %v; report: created %d failed %d, %d batches, %d items resent, %d throttled, %s",
		len(env.Catalog.Exchanges()), statuses, rep.Created, rep.Failed, rep.Batches, rep.Resent, rep.Throttled, rep.Duration)
	if statuses[503] == 0 || statuses[429] == 0 {
		t.Fatalf("the faults did not happen: %v", statuses)
	}
	if rep.Created != n || rep.Failed != 0 || rep.Total() != n {
		t.Fatalf("created %d failed %d total %d: %+v", rep.Created, rep.Failed, rep.Total(), rep.FailedItems())
	}
	checkDelivered(t, env, "naip-faults", items, rep)
	// Each item is one record in the report, created once.
	seen := map[string]bool{}
	for _, r := range rep.Items {
		if seen[r.ID] {
			t.Fatalf("item %s reported twice", r.ID)
		}
		seen[r.ID] = true
	}
}

// TestDeliverRecoversFailedOperations: with 30% of the operations failing
// (InternalError), the failed batches are looked up and sent again, and
// every item is created once.
func TestDeliverRecoversFailedOperations(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n = 60
	order, items, _ := naipOrder(t, "naip-opfail", n)
	env.CreateCollection(t, "naip-opfail")
	env.Catalog.SetFaults(geocatalogtest.Faults{Seed: 7, OperationFailureRate: 0.3})
	rep, err := gdp.Deliver(context.Background(), env.Client, order, &gdp.DeliverOptions{
		Stager: env.Stager, MaxBatchItems: 5, MaxAttempts: 6,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Catalog.SetFaults(geocatalogtest.Faults{})
	t.Logf("created %d failed %d, %d creates sent, %d items resent", rep.Created, rep.Failed, rep.Batches, rep.Resent)
	if rep.Resent == 0 {
		t.Fatal("no operation failed: the test proves nothing")
	}
	if rep.Created != n || rep.Failed != 0 {
		t.Fatalf("created %d failed %d: %+v", rep.Created, rep.Failed, rep.FailedItems())
	}
	checkDelivered(t, env, "naip-opfail", items, rep)
}
