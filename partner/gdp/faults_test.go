package gdp_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// itemWrites are the routes of item writes, where TestDeliverUnderFaults
// injects its faults.
var itemWrites = []string{
	"POST /stac/collections/{collectionId}/items",
	"PUT /stac/collections/{collectionId}/items/{itemId}",
}

// TestDeliverUnderFaults delivers while the item writes get 10% 503s, 5%
// 429s with Retry-After (1 s), 2% dropped connections and 1% failed
// operations: every item is delivered, none twice, the journal agrees with
// the report and the report's totals are exact.
func TestDeliverUnderFaults(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n, batch = 160, 5
	order, items, dir := naipOrder(t, "naip-faults", n)
	env.CreateCollection(t, "naip-faults")
	// The draws are seeded: with seed 36 the first 15 item writes include
	// a dropped connection, a 503 and a 429, and the 4th operation fails,
	// whatever the interleaving of the concurrent batches (request faults
	// and operation failures are drawn from separate sequences, in arrival
	// order). The delivery makes at least n/batch writes and operations.
	env.Catalog.SetFaults(geocatalogtest.Faults{
		Seed: 36, Routes: itemWrites,
		ErrorRate: 0.10, ThrottleRate: 0.05, RetryAfter: time.Second, DropRate: 0.02, OperationFailureRate: 0.01,
	})
	env.Catalog.ResetStats()
	pacer := partner.NewPacer(50)
	// azcore honours a Retry-After only up to MaxRetryDelay: it must exceed
	// the 1 s of the 429s, or azcore gives up on them.
	opts := env.Server.ClientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: 12, RetryDelay: 5 * time.Millisecond, MaxRetryDelay: 2 * time.Second}
	opts.PerRetryPolicies = append(opts.PerRetryPolicies, pacer.Policy())
	client := ordertest.NewClient(t, env.Server.URL, env.Server.Credential(), opts)

	journal := filepath.Join(dir, "journal.ndjson")
	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{
		Stager: env.Stager, Pacer: pacer, MaxBatchItems: batch, JournalPath: journal,
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Catalog.SetFaults(geocatalogtest.Faults{})
	st := env.Catalog.Stats()
	writes := 0
	for _, r := range itemWrites {
		writes += st.Requests[r]
	}
	t.Logf("%d item writes of %d requests, statuses %v, %d operations failed; report: created %d failed %d, %d batches, %d items resent, %d throttled, %s",
		writes, st.Total, st.Statuses, st.OperationFaults, rep.Created, rep.Failed, rep.Batches, rep.Resent, rep.Throttled, rep.Duration)

	// Every fault kind happened, on item writes only.
	if st.Statuses[503] == 0 || st.Statuses[429] == 0 || st.Statuses[0] == 0 || st.OperationFaults == 0 {
		t.Fatalf("a fault kind did not happen: statuses %v, %d operations failed", st.Statuses, st.OperationFaults)
	}
	for _, ex := range env.Catalog.Exchanges() {
		if (ex.Status == 0 || ex.Status == 429 || ex.Status == 503) && !slices.Contains(itemWrites, ex.Route) {
			t.Fatalf("fault outside the item writes: %+v", ex)
		}
	}
	// The Pacer saw every 429 (it runs per retry, below azcore's retries).
	if rep.Throttled != int64(st.Statuses[429]) {
		t.Fatalf("report throttled %d, the catalog answered %d 429s", rep.Throttled, st.Statuses[429])
	}
	// Every failed operation was an injected fault (or Deliver's write
	// probe, a PATCH of an item that does not exist); none found an item
	// already stored (nothing was sent again once created).
	failedOps := 0
	for p := client.Ingestion().NewListOperationsPager(&geocatalog.ListOperationsOptions{
		CollectionID: "naip-faults", Status: geocatalog.OperationStatusFailed,
	}); p.More(); {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range page.Value {
			switch {
			case op.Error == nil:
				t.Fatalf("operation %s failed without an error", op.ID)
			case op.Error.Code == "InternalError":
				failedOps++
			case op.Error.Code == "NoRecordsToPatch" && strings.Contains(op.Error.Message, "partner-write-probe-"):
			default:
				t.Fatalf("operation %s failed with %+v", op.ID, op.Error)
			}
		}
	}
	if failedOps != st.OperationFaults {
		t.Fatalf("%d failed operations listed, %d injected", failedOps, st.OperationFaults)
	}
	if rep.Resent < int64(st.OperationFaults) {
		t.Fatalf("%d operations failed but %d items resent", st.OperationFaults, rep.Resent)
	}

	// The report's totals are exact: n items, each created once.
	if rep.Created != n || rep.Failed != 0 || rep.Replaced != 0 || rep.Unchanged != 0 || rep.Total() != n {
		t.Fatalf("created %d replaced %d unchanged %d failed %d total %d: %+v",
			rep.Created, rep.Replaced, rep.Unchanged, rep.Failed, rep.Total(), rep.FailedItems())
	}
	seen := map[string]bool{}
	for i, r := range rep.Items {
		if seen[r.ID] || r.Index != i || r.Outcome != partner.OutcomeCreated || r.FromJournal {
			t.Fatalf("report item %d: %+v (seen before: %v)", i, r, seen[r.ID])
		}
		seen[r.ID] = true
	}
	// The collection holds every item once, with its content.
	checkDelivered(t, env, "naip-faults", items, rep)
	// The journal ends with every item created, with the report's hash and
	// operation, and records no item created twice.
	recs, err := partner.ReadJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]partner.JournalRecord{}
	createdRecs := map[string]int{}
	for _, r := range recs {
		last[r.ItemID] = r
		if r.Outcome == partner.OutcomeCreated {
			createdRecs[r.ItemID]++
		}
	}
	if len(last) != n {
		t.Fatalf("journal knows %d items, want %d", len(last), n)
	}
	for _, r := range rep.Items {
		j := last[r.ID]
		if j.Outcome != partner.OutcomeCreated || j.Hash != r.Hash || j.OperationID != r.OperationID || createdRecs[r.ID] != 1 {
			t.Fatalf("journal for %s: last %+v, %d created records; report %+v", r.ID, j, createdRecs[r.ID], r)
		}
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
