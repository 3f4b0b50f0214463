package gdp_test

import (
	"context"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// routeCounts counts the catalog's requests per route.
func routeCounts(cat *geocatalogtest.Catalog) map[string]int {
	n := map[string]int{}
	for _, ex := range cat.Exchanges() {
		n[ex.Route]++
	}
	return n
}

// TestDeliverConfirmByOperationsList: with ConfirmByLookup, the batches in
// flight are confirmed by listing the collection's operations (one request
// for many batches), not by polling each operation nor searching items.
func TestDeliverConfirmByOperationsList(t *testing.T) {
	t.Parallel()
	// Operations end at once, so that a list finds every batch sent
	// before it ended.
	env := ordertest.NewEnv(t, &geocatalogtest.Options{OperationDelay: -1})
	const n = 60
	order, items, _ := naipOrder(t, "naip-opslist", n)
	rep, err := gdp.Deliver(context.Background(), env.Client, order, &gdp.DeliverOptions{
		Stager: env.Stager, MaxBatchItems: 5, Concurrency: 6, BulkThreshold: -1, ConfirmByLookup: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	routes := routeCounts(env.Catalog)
	t.Logf("created %d in %d creates, %d requests; routes %v", rep.Created, rep.Batches, rep.Requests, routes)
	if rep.Created != n || rep.Failed != 0 {
		t.Fatalf("created %d failed %d: %+v", rep.Created, rep.Failed, rep.FailedItems())
	}
	lists, polls := routes["GET /inma/operations"], routes["GET /inma/operations/{operationId}"]
	if lists == 0 {
		t.Fatal("no operation list")
	}
	// The collection's own creation is polled; the item creates are not
	// (but for a batch a list did not answer within its patience), nor
	// looked up.
	if polls > 2 || routes["POST /stac/search"] > 0 {
		t.Fatalf("%d operation polls, %d searches: the lists did not confirm the creates", polls, routes["POST /stac/search"])
	}
	for _, r := range rep.Items {
		if r.OperationID == "" {
			t.Fatalf("item %s has no operation id", r.ID)
		}
	}
	checkDelivered(t, env, "naip-opslist", items, rep)
}

// TestDeliverConfirmByOperationsListFailures: operations that fail
// (InternalError) are seen failed in the list and handled like a failed
// poll: looked up and sent again, every item created once.
func TestDeliverConfirmByOperationsListFailures(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n = 60
	order, items, _ := naipOrder(t, "naip-opslist-fail", n)
	env.CreateCollection(t, "naip-opslist-fail")
	env.Catalog.SetFaults(geocatalogtest.Faults{Seed: 7, OperationFailureRate: 0.3})
	rep, err := gdp.Deliver(context.Background(), env.Client, order, &gdp.DeliverOptions{
		Stager: env.Stager, MaxBatchItems: 5, MaxAttempts: 6, BulkThreshold: -1, ConfirmByLookup: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Catalog.SetFaults(geocatalogtest.Faults{})
	routes := routeCounts(env.Catalog)
	t.Logf("created %d failed %d, %d creates, %d resent; routes %v", rep.Created, rep.Failed, rep.Batches, rep.Resent, routes)
	if rep.Resent == 0 {
		t.Fatal("no operation failed: the test proves nothing")
	}
	if routes["GET /inma/operations"] == 0 {
		t.Fatal("no operation list: the test proves nothing")
	}
	if rep.Created != n || rep.Failed != 0 {
		t.Fatalf("created %d failed %d: %+v", rep.Created, rep.Failed, rep.FailedItems())
	}
	checkDelivered(t, env, "naip-opslist-fail", items, rep)
}

// TestDeliverConfirmFallsBackToLookup: when the catalog does not list
// operations (every list fails), the batches are confirmed by searching
// their items instead.
func TestDeliverConfirmFallsBackToLookup(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n = 40
	order, items, _ := naipOrder(t, "naip-opslist-off", n)
	opts := env.Catalog.ClientOptions()
	opts.Retry.MaxRetries = -1 // the list fails at once
	client := ordertest.NewClient(t, env.Catalog.URL, env.Catalog.Credential(), opts)
	env.Catalog.SetFaults(geocatalogtest.Faults{Routes: []string{"GET /inma/operations"}, ErrorRate: 1})
	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{
		Stager: env.Stager, MaxBatchItems: 5, BulkThreshold: -1, ConfirmByLookup: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Catalog.SetFaults(geocatalogtest.Faults{})
	routes := routeCounts(env.Catalog)
	t.Logf("created %d in %d creates, %d requests; routes %v", rep.Created, rep.Batches, rep.Requests, routes)
	if routes["GET /inma/operations"] != 1 {
		t.Fatalf("%d operation lists, want the one that failed", routes["GET /inma/operations"])
	}
	if routes["POST /stac/search"] == 0 {
		t.Fatal("no lookup: the fallback did not confirm")
	}
	if rep.Created != n || rep.Failed != 0 {
		t.Fatalf("created %d failed %d: %+v", rep.Created, rep.Failed, rep.FailedItems())
	}
	checkDelivered(t, env, "naip-opslist-off", items, rep)
}
