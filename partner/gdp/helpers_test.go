package gdp_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// naipOrder writes n NAIP items with local asset files as an NDJSON order
// file in a temporary directory and returns the order and its items.
func naipOrder(t testing.TB, collection string, n int) (gdp.Order, []*stac.Item, string) {
	t.Helper()
	dir := t.TempDir()
	items := ordertest.WithLocalAssets(t, ordertest.LoadNAIP(t, n), dir)
	path := writeNDJSON(t, dir, items)
	col := gdp.CollectionFor(collection, "NAIP delivery", "proprietary", items, "naip:state", "naip:year")
	return gdp.Order{Collection: col, Items: gdp.NDJSONFile(path)}, items, dir
}

func writeNDJSON(t testing.TB, dir string, items []*stac.Item) string {
	t.Helper()
	path := filepath.Join(dir, "order.ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(append(b, '\n'))
	}
	return path
}

// writes returns the write requests the catalog saw.
func writes(cat *geocatalogtest.Catalog) []geocatalogtest.Exchange {
	var out []geocatalogtest.Exchange
	for _, ex := range cat.Exchanges() {
		if ex.Method != "GET" && ex.Route != "POST /stac/search" {
			out = append(out, ex)
		}
	}
	return out
}

// checkDelivered fails unless the collection holds exactly the items, once
// each, with their content.
func checkDelivered(t testing.TB, env *ordertest.Env, collection string, items []*stac.Item, rep *gdp.Report) {
	t.Helper()
	stored := env.StoredItems(t, collection)
	if len(stored) != len(items) {
		t.Fatalf("%d items stored, want %d", len(stored), len(items))
	}
	hashes := map[string]string{}
	for _, r := range rep.Items {
		hashes[r.ID] = r.Hash
	}
	for _, it := range items {
		s, ok := stored[it.ID]
		if !ok {
			t.Fatalf("item %s missing", it.ID)
		}
		if h, _ := partner.ContentHash(s); h != hashes[it.ID] {
			t.Fatalf("item %s stored with hash %s, delivered %s", it.ID, h, hashes[it.ID])
		}
	}
}
