package geocatalogtest_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// faultCounts sends n searches one after the other and counts the outcomes
// (0: connection dropped). POST is not idempotent, so net/http never
// retries a dropped one behind our back.
func faultCounts(t *testing.T, c *rawClient, n int) map[int]int {
	t.Helper()
	counts := map[int]int{}
	for range n {
		req, _ := http.NewRequest("POST", c.base+"/stac/search?"+api, strings.NewReader(`{"limit":1}`))
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := c.http.Do(req)
		if err != nil {
			counts[0]++
			continue
		}
		resp.Body.Close()
		counts[resp.StatusCode]++
	}
	return counts
}

// TestFaultsReproducible: the same seed gives the same 503s and dropped
// connections; the exchange log and counters see them.
func TestFaultsReproducible(t *testing.T) {
	f := newFixture(t)
	faults := geocatalogtest.Faults{Seed: 42, ErrorRate: 0.2, DropRate: 0.05}
	f.cat.SetFaults(faults)
	f.cat.ResetStats()
	first := faultCounts(t, f.admin, 100)
	f.cat.SetFaults(faults)
	second := faultCounts(t, f.admin, 100)
	if first[503] == 0 || first[0] == 0 || first[200] == 0 {
		t.Fatalf("faults not injected: %v", first)
	}
	for k, v := range first {
		if second[k] != v {
			t.Fatalf("not reproducible: %v then %v", first, second)
		}
	}
	st := f.cat.Stats()
	if st.Statuses[503] != 2*first[503] || st.Statuses[0] != 2*first[0] || st.Requests["POST /stac/search"] != 200 {
		t.Fatalf("stats %+v", st)
	}
	ex := f.cat.Exchanges()
	if len(ex) != 200 || ex[0].Route != "POST /stac/search" || ex[0].Method != "POST" {
		t.Fatalf("exchanges: %d %+v", len(ex), ex[0])
	}
	f.cat.SetFaults(geocatalogtest.Faults{})
	if got := faultCounts(t, f.admin, 20); got[200] != 20 {
		t.Fatalf("after clearing faults: %v", got)
	}
}

// TestRateLimit: a token bucket answers 429 with Retry-After beyond the burst.
func TestRateLimit(t *testing.T) {
	f := newFixture(t)
	f.cat.SetFaults(geocatalogtest.Faults{RateLimit: 0.5, Burst: 3, Routes: []string{"POST /stac/search"}})
	got := faultCounts(t, f.admin, 6)
	if got[200] != 3 || got[429] != 3 {
		t.Fatalf("rate limit: %v", got)
	}
	res := f.admin.do("POST", "/stac/search", map[string]any{})
	ra, err := strconv.Atoi(res.header.Get("Retry-After"))
	if res.status != 429 || err != nil || ra < 1 || res.header.Get("x-ms-error-code") != "TooManyRequests" {
		t.Fatalf("429: %d Retry-After %q", res.status, res.header.Get("Retry-After"))
	}
	if r := f.admin.do("GET", "/stac/conformance", nil); r.status != 200 {
		t.Fatalf("route outside the limit: %d", r.status)
	}
}

// TestThrottleRate: ThrottleRate answers a seeded share of the requests 429
// with Retry-After (1 s by default, or RetryAfter rounded up to seconds) and
// the exact back-off in retry-after-ms; the same seed gives the same 429s.
func TestThrottleRate(t *testing.T) {
	f := newFixture(t)
	faults := geocatalogtest.Faults{Seed: 3, ThrottleRate: 0.25, Routes: []string{"POST /stac/search"}}
	f.cat.SetFaults(faults)
	f.cat.ResetStats()
	first := faultCounts(t, f.admin, 80)
	f.cat.SetFaults(faults)
	second := faultCounts(t, f.admin, 80)
	if first[429] < 8 || first[429] > 35 || first[200]+first[429] != 80 {
		t.Fatalf("ThrottleRate 0.25 over 80 requests: %v", first)
	}
	if second[429] != first[429] || second[200] != first[200] {
		t.Fatalf("not reproducible: %v then %v", first, second)
	}
	if st := f.cat.Stats(); st.Statuses[429] != 2*first[429] {
		t.Fatalf("stats %v", st.Statuses)
	}
	check := func(retryAfter time.Duration, wantSeconds, wantMS string) {
		t.Helper()
		f.cat.SetFaults(geocatalogtest.Faults{ThrottleRate: 1, RetryAfter: retryAfter, Routes: []string{"POST /stac/search"}})
		res := f.admin.do("POST", "/stac/search", map[string]any{})
		if res.status != 429 || res.header.Get("x-ms-error-code") != "TooManyRequests" ||
			res.header.Get("Retry-After") != wantSeconds || res.header.Get("retry-after-ms") != wantMS {
			t.Fatalf("RetryAfter %v: %d Retry-After %q retry-after-ms %q", retryAfter, res.status,
				res.header.Get("Retry-After"), res.header.Get("retry-after-ms"))
		}
		if r := f.admin.do("GET", "/stac/conformance", nil); r.status != 200 {
			t.Fatalf("route outside Routes: %d", r.status)
		}
	}
	check(0, "1", "1000")
	check(1500*time.Millisecond, "2", "1500")
	f.cat.SetFaults(geocatalogtest.Faults{})
	if got := faultCounts(t, f.admin, 10); got[200] != 10 {
		t.Fatalf("after clearing faults: %v", got)
	}
}

// TestLatencyAndOperationFailures: per-route latency delays answers;
// OperationFailureRate fails operations with InternalError.
func TestLatencyAndOperationFailures(t *testing.T) {
	f := newFixture(t)
	f.cat.SetFaults(geocatalogtest.Faults{Latency: map[string]time.Duration{"GET /stac/conformance": 30 * time.Millisecond}, OperationFailureRate: 1})
	f.cat.ResetStats()
	start := time.Now()
	f.admin.do("GET", "/stac/conformance", nil)
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Fatalf("latency not applied: %v", d)
	}
	op := f.admin.wait(f.admin.do("POST", "/stac/collections/coll/items", itemBody("coll", "x", 0, 0, "2021-01-01T00:00:00Z", nil)))
	if op["status"] != "Failed" || op["error"].(map[string]any)["code"] != "InternalError" {
		t.Fatalf("operation: %v", op)
	}
	if r := f.admin.do("GET", "/stac/collections/coll/items/x", nil); r.status != 404 {
		t.Fatalf("failed operation wrote the item: %d", r.status)
	}
	if n := f.cat.Stats().OperationFaults; n != 1 {
		t.Fatalf("Stats.OperationFaults = %d, want 1", n)
	}
}

// TestCounters: per-route, per-principal and per-tenant counters.
func TestCounters(t *testing.T) {
	f := newFixture(t)
	f.cat.ResetStats()
	f.admin.do("GET", "/stac/collections/coll", nil)
	f.admin.do("GET", "/stac/collections/coll/items/item1", nil)
	f.admin.with(f.reader).do("GET", "/stac/collections/coll", nil)
	f.admin.with(f.foreign).do("GET", "/stac/collections/coll", nil)
	st := f.cat.Stats()
	if st.Requests["GET /stac/collections/{collectionId}"] != 3 || st.Requests["GET /stac/collections/{collectionId}/items/{itemId}"] != 1 {
		t.Fatalf("routes %v", st.Requests)
	}
	if st.Principals[f.readerOID] != 1 || len(st.Principals) != 2 {
		t.Fatalf("principals %v", st.Principals)
	}
	if st.Tenants["other-tenant"] != (geocatalogtest.TenantTokens{Tokens: 1, Requests: 1}) || st.Tenants[f.cat.TenantID].Tokens != 2 {
		t.Fatalf("tenants %v", st.Tenants)
	}
	if st.Total != 4 {
		t.Fatalf("total %d", st.Total)
	}
}
