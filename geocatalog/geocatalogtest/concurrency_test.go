package geocatalogtest_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentWritersReaders: 32 writers and 32 readers at once (run
// with -race). Every write succeeds and every item is readable afterwards.
func TestConcurrentWritersReaders(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)
	const writers, readers, perWriter = 32, 32, 3
	var wg sync.WaitGroup
	errs := make(chan string, writers*perWriter+readers*10)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				id := fmt.Sprintf("w%d-%d", w, i)
				res := c.do(http.MethodPost, "/stac/collections/coll/items", itemBody("coll", id, float64(w), float64(i), "2021-01-01T00:00:00Z",
					map[string]any{"a": map[string]any{"href": as.URL + "/x/" + id + ".bin"}}))
				if op := c.wait(res); op["status"] != "Succeeded" {
					errs <- fmt.Sprintf("%s: %v", id, op["error"])
				}
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				var res result
				switch i % 3 {
				case 0:
					res = c.do(http.MethodPost, "/stac/search", map[string]any{"collections": []string{"coll"}, "limit": 50})
				case 1:
					res = c.do(http.MethodGet, "/stac/collections/coll/items?limit=20", nil)
				default:
					res = c.do(http.MethodGet, "/inma/operations?$top=10", nil)
				}
				if res.status != http.StatusOK {
					errs <- fmt.Sprintf("reader %d: %d", r, res.status)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	page := c.do(http.MethodPost, "/stac/search", map[string]any{"collections": []string{"coll"}, "limit": 1000}).json(t)
	if n := page["context"].(map[string]any)["matched"]; n != float64(writers*perWriter+1) {
		t.Fatalf("matched %v items", n)
	}
	if got := f.cat.Stats().Requests["POST /stac/collections/{collectionId}/items"]; got != writers*perWriter+1 {
		t.Fatalf("item POSTs counted %d", got)
	}
}
