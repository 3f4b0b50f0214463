package partner

import (
	"encoding/json"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

const hashItem = `{"type":"Feature","stac_version":"1.0.0","id":"a1","collection":"c",
"geometry":{"type":"Point","coordinates":[1,2]},"bbox":[1,2,1,2],
"properties":{"datetime":"2020-01-01T00:00:00Z","gsd":1},
"links":[{"rel":"license","href":"https://x/license"}],
"assets":{"data":{"href":"/local/a.tif","type":"image/tiff","file:checksum":"d510aa"}}}`

// storedHashItem is hashItem as a catalog returns it: server members, links
// and hrefs added or rewritten, the datetime written in another form.
const storedHashItem = `{"type":"Feature","stac_version":"1.0.0","id":"a1","collection":"c","_msft:etag":"x","_msft:ts":"y",
"geometry":{"type":"Point","coordinates":[1.0,2.0]},"bbox":[1,2,1,2],
"properties":{"datetime":"2020-01-01T00:00:00.000000+00:00","gsd":1.0,"msft:_created":"t","msft:_updated":"t"},
"links":[{"rel":"self","href":"https://cat/x"},{"rel":"license","href":"https://x/license"},{"rel":"collection","href":"https://cat/c"},{"rel":"parent","href":"https://cat/c"},{"rel":"root","href":"https://cat/"}],
"assets":{"data":{"href":"https://acct.blob.core.windows.net/c-1234/abc/a1/data.tif","type":"image/tiff","file:checksum":"d510aa"}}}`

func mustItem(t *testing.T, s string) *stac.Item {
	t.Helper()
	var it stac.Item
	if err := json.Unmarshal([]byte(s), &it); err != nil {
		t.Fatal(err)
	}
	return &it
}

func TestContentHashIgnoresServerChanges(t *testing.T) {
	a, err := ContentHash(mustItem(t, hashItem))
	if err != nil {
		t.Fatal(err)
	}
	b, err := ContentHash(mustItem(t, storedHashItem))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("stored copy hashes %s, sent item %s", b, a)
	}
}

func TestContentHashSeesContentChanges(t *testing.T) {
	base, _ := ContentHash(mustItem(t, hashItem))
	changes := map[string]func(*stac.Item){
		"property":   func(it *stac.Item) { _ = it.Properties.Set("gsd", 2) },
		"checksum":   func(it *stac.Item) { it.Assets["data"].Extra["file:checksum"] = json.RawMessage(`"d510bb"`) },
		"asset type": func(it *stac.Item) { it.Assets["data"].Type = "image/png" },
		"new asset":  func(it *stac.Item) { it.Assets["x"] = &stac.Asset{Href: "https://h/x"} },
		"bbox":       func(it *stac.Item) { it.BBox[0] = 0 },
		"user link":  func(it *stac.Item) { it.Links = append(it.Links, stac.Link{Rel: "derived_from", Href: "https://s"}) },
	}
	for name, change := range changes {
		it := mustItem(t, hashItem)
		change(it)
		h, err := ContentHash(it)
		if err != nil {
			t.Fatal(err)
		}
		if h == base {
			t.Errorf("%s: hash unchanged", name)
		}
	}
}
