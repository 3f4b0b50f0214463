package geocatalogtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// loadItems creates n items in collection "bench" through the HTTP API, in
// item collections of 1,000.
func loadItems(b *testing.B, c *rawClient, n int) {
	b.Helper()
	c.newCollection("bench")
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 1000
	pending := make([]result, 0, n/batch+1)
	for i := 0; i < n; i += batch {
		feats := make([]any, 0, batch)
		for j := i; j < min(n, i+batch); j++ {
			lon, lat := float64(j%360)-180+0.5, float64((j/360)%170)-85+0.5
			it := itemBody("bench", fmt.Sprintf("item-%06d", j), lon, lat, start.Add(time.Duration(j)*time.Minute).Format(time.RFC3339), nil)
			it["properties"].(map[string]any)["eo:cloud_cover"] = j % 100
			feats = append(feats, it)
		}
		pending = append(pending, c.do(http.MethodPost, "/stac/collections/bench/items", map[string]any{"type": "FeatureCollection", "features": feats}))
	}
	for _, res := range pending {
		c.mustSucceed(res)
	}
}

// BenchmarkSearchPage1000 pages through 100,000 items 1,000 at a time with
// POST /stac/search over HTTPS (next tokens followed), and reports ms/page.
func BenchmarkSearchPage1000(b *testing.B) {
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	defer srv.Close()
	c := newRaw(b, srv, srv.DefaultCatalog())
	loadItems(b, c, 100_000)
	search := map[string]any{"collections": []string{"bench"}, "limit": 1000}
	token := ""
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		body := search
		if token != "" {
			body = map[string]any{"collections": []string{"bench"}, "limit": 1000, "token": token}
		}
		res := c.do(http.MethodPost, "/stac/search", body)
		var page struct {
			Features []json.RawMessage
			Links    []struct {
				Rel  string
				Body map[string]any
			}
		}
		if err := json.Unmarshal(res.body, &page); err != nil || len(page.Features) != 1000 {
			b.Fatalf("page: %d features, %v", len(page.Features), err)
		}
		token = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				token, _ = l.Body["token"].(string)
			}
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/page")
}
