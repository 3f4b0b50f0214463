package geocatalog_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestThrottlingHonoursRetryAfter: the emulator answers 429 with
// Retry-After (seconds) above 20 requests/s; the client waits and every
// call succeeds.
func TestThrottlingHonoursRetryAfter(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	await(client.STAC().BeginCreateCollection(ctx, testCollection("thr"), nil)).done(t)
	cat := srv.DefaultCatalog()
	cat.ResetStats()
	cat.SetFaults(geocatalogtest.Faults{Seed: 1, RateLimit: 20, Burst: 2})
	start := time.Now()
	for i := range 6 {
		if _, err := client.STAC().GetCollection(ctx, "thr", nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	st := cat.Stats()
	if st.Statuses[429] == 0 {
		t.Fatalf("no 429 was answered: %v", st.Statuses)
	}
	if st.Statuses[200] != 6 {
		t.Errorf("statuses %v", st.Statuses)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("6 calls through 429s took %v: Retry-After (>= 1 s) not honoured", d)
	}
	// With retries off, the 429 reaches the caller.
	opts := srv.ClientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: -1}
	noRetry, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for range 10 {
		if _, last = noRetry.STAC().GetCollection(ctx, "thr", nil); last != nil {
			break
		}
	}
	if !geocatalog.IsThrottled(last) {
		t.Errorf("without retries: %v, want a 429", last)
	}
}

// TestWritesUnderFaults: 503s and dropped connections on every route. Each
// item create either succeeds or, when a retried POST had in fact been
// accepted, fails with ItemAlreadyExistsInCollection; in the end every item
// is in the catalog.
func TestWritesUnderFaults(t *testing.T) {
	srv, _ := newEmulator(t, nil)
	opts := srv.ClientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: 8, RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond}
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("flaky"), nil)).done(t)
	cat := srv.DefaultCatalog()
	cat.SetFaults(geocatalogtest.Faults{Seed: 7, ErrorRate: 0.2, DropRate: 0.1})
	const n = 20
	conflicts := 0
	for i := range n {
		it := newItem(fmt.Sprintf("f%02d", i), "flaky", float64(i), 0, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), nil)
		_, err := await(s.BeginCreateItem(ctx, "flaky", it, nil)).result()
		switch {
		case err == nil:
		case geocatalog.IsConflict(err):
			conflicts++
		default:
			t.Fatalf("item %d: %v", i, err)
		}
	}
	st := cat.Stats()
	if st.Statuses[503] == 0 && st.Statuses[0] == 0 {
		t.Fatalf("no fault injected: %v", st.Statuses)
	}
	cat.SetFaults(geocatalogtest.Faults{})
	got := 0
	for _, err := range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"flaky"}}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		got++
	}
	if got != n {
		t.Errorf("%d items stored, want %d", got, n)
	}
	t.Logf("statuses %v, %d creates reported ItemAlreadyExistsInCollection after a retried POST", st.Statuses, conflicts)
}
