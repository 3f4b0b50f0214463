package stac_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// corpusDir finds /work/shared/stac-corpus (or $STAC_CORPUS).
func corpusDir(t testing.TB) string {
	t.Helper()
	return sharedDir(t, "STAC_CORPUS", "stac-corpus")
}

// specExamplesDir finds the GeoCatalog spec examples (or $GEOCATALOG_SPEC_EXAMPLES).
func specExamplesDir(t testing.TB) string {
	t.Helper()
	return sharedDir(t, "GEOCATALOG_SPEC_EXAMPLES", filepath.Join("spec", "examples", "stable-2026-04-15"))
}

func sharedDir(t testing.TB, env, rel string) string {
	t.Helper()
	candidates := []string{os.Getenv(env), filepath.Join("..", "..", "..", "shared", rel), filepath.Join("/work/shared", rel)}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	t.Skipf("shared reference data %s not found (set $%s)", rel, env)
	return ""
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// decodeGeneric decodes JSON keeping numbers as text.
func decodeGeneric(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// jsonDiff returns "" when a and b hold equal JSON values (numbers compare by
// value), else the path of the first difference.
func jsonDiff(a, b []byte) string {
	va, err := decodeGeneric(a)
	if err != nil {
		return "left: " + err.Error()
	}
	vb, err := decodeGeneric(b)
	if err != nil {
		return "right: " + err.Error()
	}
	return diffValues("$", va, vb)
}

func diffValues(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: object vs %T", path, b)
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			xv, xok := x[k]
			yv, yok := y[k]
			if !xok || !yok {
				return fmt.Sprintf("%s.%s: present %v vs %v", path, k, xok, yok)
			}
			if d := diffValues(path+"."+k, xv, yv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok {
			return fmt.Sprintf("%s: array vs %T", path, b)
		}
		if len(x) != len(y) {
			return fmt.Sprintf("%s: length %d vs %d", path, len(x), len(y))
		}
		for i := range x {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return fmt.Sprintf("%s: number vs %T", path, b)
		}
		if x == y {
			return ""
		}
		fx, err1 := strconv.ParseFloat(string(x), 64)
		fy, err2 := strconv.ParseFloat(string(y), 64)
		if err1 != nil || err2 != nil || fx != fy {
			return fmt.Sprintf("%s: %s vs %s", path, x, y)
		}
		return ""
	default:
		if a != b {
			return fmt.Sprintf("%s: %#v vs %#v", path, a, b)
		}
		return ""
	}
}

// kind names the STAC document type of a JSON object, or "" when it is not one.
func kind(raw []byte) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return ""
	}
	var typ string
	_ = json.Unmarshal(m["type"], &typ)
	has := func(k string) bool { _, ok := m[k]; return ok }
	switch {
	case typ == "Feature" && has("properties") && (has("id") || has("stac_version") || has("assets")):
		return "item"
	case typ == "FeatureCollection":
		return "itemcollection"
	case typ == "Collection", has("extent") && has("license"):
		return "collection"
	case has("collections") && has("links") && bytes.HasPrefix(bytes.TrimSpace(m["collections"]), []byte("[")):
		return "collectionlist"
	case typ == "Catalog" || (has("conformsTo") && has("links")):
		return "landing"
	case has("conformsTo"):
		return "conformance"
	}
	searchKeys := map[string]bool{"collections": true, "ids": true, "bbox": true, "intersects": true, "datetime": true,
		"limit": true, "query": true, "sortby": true, "fields": true, "filter": true, "filter-lang": true,
		"filter-crs": true, "token": true, "sign": true, "duration": true, "conf": true, "metadata": true}
	for k := range m {
		if !searchKeys[k] {
			return ""
		}
	}
	if len(m) == 0 {
		return ""
	}
	return "search"
}

// roundTrip decodes raw into a fresh value of the kind, encodes it again and
// checks that the output is JSON-equal to raw and stable on a second pass.
func roundTrip(t *testing.T, name, k string, raw []byte) {
	t.Helper()
	newValue := map[string]func() any{
		"item":           func() any { return new(stac.Item) },
		"itemcollection": func() any { return new(stac.ItemCollection) },
		"collection":     func() any { return new(stac.Collection) },
		"collectionlist": func() any { return new(stac.CollectionList) },
		"landing":        func() any { return new(stac.LandingPage) },
		"conformance":    func() any { return new(stac.Conformance) },
		"search":         func() any { return new(stac.SearchRequest) },
	}[k]
	if newValue == nil {
		t.Fatalf("%s: unknown kind %q", name, k)
	}
	v := newValue()
	if err := json.Unmarshal(raw, v); err != nil {
		t.Errorf("%s: decode as %s: %v", name, k, err)
		return
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Errorf("%s: encode %s: %v", name, k, err)
		return
	}
	if d := jsonDiff(raw, out); d != "" {
		t.Errorf("%s: %s round trip differs at %s", name, k, d)
		return
	}
	v2 := newValue()
	if err := json.Unmarshal(out, v2); err != nil {
		t.Errorf("%s: decode of re-encoded %s: %v", name, k, err)
		return
	}
	out2, err := json.Marshal(v2)
	if err != nil || !bytes.Equal(out, out2) {
		t.Errorf("%s: %s second round trip is not byte-stable (err %v)", name, k, err)
	}
}

// forEachCorpusDoc calls fn for every JSON document of the corpus: each .json
// file and each line of each .ndjson file.
func forEachCorpusDoc(t *testing.T, fn func(name string, raw []byte)) int {
	t.Helper()
	dir := corpusDir(t)
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch filepath.Ext(path) {
		case ".json":
			fn(rel, readFile(t, path))
			n++
		case ".ndjson":
			for i, line := range bytes.Split(readFile(t, path), []byte("\n")) {
				if len(bytes.TrimSpace(line)) == 0 {
					continue
				}
				fn(fmt.Sprintf("%s:%d", rel, i+1), line)
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
