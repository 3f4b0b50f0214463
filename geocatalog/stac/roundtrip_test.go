package stac_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

func TestCorpusRoundTrip(t *testing.T) {
	counts := map[string]int{}
	total := forEachCorpusDoc(t, func(name string, raw []byte) {
		k := kind(raw)
		if strings.HasSuffix(name, "INDEX.json") {
			return // recording metadata, not STAC
		}
		if k == "" {
			t.Errorf("%s: not recognised as a STAC document", name)
			return
		}
		counts[k]++
		roundTrip(t, name, k, raw)
	})
	t.Logf("%d documents: %v", total, counts)
	if counts["item"] < 1100 || counts["collection"] < 8 || counts["itemcollection"] < 3 {
		t.Errorf("corpus walk found too few documents: %v", counts)
	}
}

// TestCorpusNextLinkBodies round-trips the POST bodies of paging links as
// search requests.
func TestCorpusNextLinkBodies(t *testing.T) {
	n := 0
	forEachCorpusDoc(t, func(name string, raw []byte) {
		if kind(raw) != "itemcollection" {
			return
		}
		var ic stac.ItemCollection
		if err := json.Unmarshal(raw, &ic); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if next := ic.NextLink(); next != nil && next.Body != nil {
			roundTrip(t, name+"#next.body", "search", next.Body)
			n++
		}
	})
	if n == 0 {
		t.Fatal("no POST paging link found in the corpus")
	}
}

// TestSpecExamplesRoundTrip round-trips every STAC body (request or response)
// of the GeoCatalog spec examples.
func TestSpecExamplesRoundTrip(t *testing.T) {
	dir := specExamplesDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no spec examples in %s: %v", dir, err)
	}
	counts := map[string]int{}
	var seen []string
	for _, f := range files {
		var ex struct {
			Parameters struct {
				Body json.RawMessage `json:"body"`
			} `json:"parameters"`
			Responses map[string]struct {
				Body json.RawMessage `json:"body"`
			} `json:"responses"`
		}
		if err := json.Unmarshal(readFile(t, f), &ex); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		bodies := map[string]json.RawMessage{"request": ex.Parameters.Body}
		for status, r := range ex.Responses {
			bodies["response "+status] = r.Body
		}
		for where, body := range bodies {
			if len(body) == 0 {
				continue
			}
			k := kind(body)
			if k == "" {
				continue
			}
			name := filepath.Base(f) + " " + where
			counts[k]++
			seen = append(seen, name+"="+k)
			roundTrip(t, name, k, body)
		}
	}
	sort.Strings(seen)
	t.Logf("%v\n%s", counts, strings.Join(seen, "\n"))
	for _, k := range []string{"item", "itemcollection", "collection", "collectionlist", "conformance", "search"} {
		if counts[k] == 0 {
			t.Errorf("no %s body found in the spec examples", k)
		}
	}
}

func TestTestdataRoundTrip(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".json" {
			raw := readFile(t, filepath.Join("testdata", e.Name()))
			roundTrip(t, e.Name(), "item", raw)
		}
	}
}

// TestDecodeItemCollectionMatchesUnmarshal checks that the fast decoder gives
// what json.Unmarshal gives, on every item collection of the corpus.
func TestDecodeItemCollectionMatchesUnmarshal(t *testing.T) {
	n := 0
	forEachCorpusDoc(t, func(name string, raw []byte) {
		if kind(raw) != "itemcollection" {
			return
		}
		n++
		var viaJSON stac.ItemCollection
		if err := json.Unmarshal(raw, &viaJSON); err != nil {
			t.Fatal(err)
		}
		buf := append([]byte(nil), raw...)
		direct, err := stac.DecodeItemCollection(buf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range buf {
			buf[i] = 'x' // data is not retained
		}
		a, _ := json.Marshal(&viaJSON)
		b, err := json.Marshal(direct)
		if err != nil || string(a) != string(b) || len(direct.Features) != len(viaJSON.Features) {
			t.Fatalf("%s: DecodeItemCollection differs from json.Unmarshal (err %v)", name, err)
		}
	})
	if n == 0 {
		t.Fatal("no item collection in the corpus")
	}
	for _, bad := range []string{``, `{"type":"FeatureCollection","features":[{"id":tru}]}`, `{"features":[}`} {
		if _, err := stac.DecodeItemCollection([]byte(bad)); err == nil {
			t.Errorf("DecodeItemCollection(%q) accepted invalid JSON", bad)
		}
	}
}
