package geocatalogtest_test

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// searchPageOnce posts one search page and returns the next token ("" on
// the last page) and the number of features.
func searchPageOnce(b *testing.B, c *rawClient, token string) (string, int) {
	body := map[string]any{"collections": []string{"bench"}, "limit": 1000}
	if token != "" {
		body["token"] = token
	}
	res := c.do(http.MethodPost, "/stac/search", body)
	var page struct {
		Features []json.RawMessage
		Links    []struct {
			Rel  string
			Body map[string]any
		}
	}
	if err := json.Unmarshal(res.body, &page); err != nil {
		b.Fatalf("page: %v", err)
	}
	next := ""
	for _, l := range page.Links {
		if l.Rel == "next" {
			next, _ = l.Body["token"].(string)
		}
	}
	return next, len(page.Features)
}

// BenchmarkSearchPagingLastOverFirst pages 100,000 items 1,000 at a time
// with POST /stac/search over HTTPS and compares the wall time of the last
// page with the first.
func BenchmarkSearchPagingLastOverFirst(b *testing.B) {
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	defer srv.Close()
	c := newRaw(b, srv, srv.DefaultCatalog())
	loadItems(b, c, 100_000)
	toks := []string{""}
	for tok, _ := searchPageOnce(b, c, ""); tok != ""; tok, _ = searchPageOnce(b, c, tok) {
		toks = append(toks, tok)
	}
	last := toks[len(toks)-1]
	var first, final time.Duration
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if _, n := searchPageOnce(b, c, ""); n != 1000 {
			b.Fatalf("first page: %d items", n)
		}
		t1 := time.Now()
		if next, n := searchPageOnce(b, c, last); n == 0 || next != "" {
			b.Fatalf("last page: %d items, next %q", n, next)
		}
		first, final = first+t1.Sub(t0), final+time.Since(t1)
	}
	b.StopTimer()
	b.ReportMetric(float64(len(toks)), "pages")
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-ms")
	b.ReportMetric(float64(final.Microseconds())/1000/float64(b.N), "last-ms")
	b.ReportMetric(float64(final)/float64(max(first, 1)), "last/first")
}
