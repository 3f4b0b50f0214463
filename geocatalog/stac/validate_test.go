package stac_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestValidateAcceptsCorpusItems validates every item of the corpus (the
// 1000 naip and 100 joplin bulk items included). Items built locally by
// stactools carry relative asset hrefs, which GeoCatalog refuses on writes:
// they pass with AllowRelativeHrefs, and ValidateItem reports nothing else.
func TestValidateAcceptsCorpusItems(t *testing.T) {
	n, relative := 0, 0
	forEachCorpusDoc(t, func(name string, raw []byte) {
		if !strings.HasPrefix(filepath.ToSlash(name), "items/") {
			return
		}
		var it stac.Item
		if err := json.Unmarshal(raw, &it); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n++
		err := stac.ValidateItem(&it)
		if err == nil {
			return
		}
		var ve *stac.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: error %T is not a *ValidationError", name, err)
		}
		for _, p := range ve.Problems {
			if !strings.HasPrefix(p.Field, "assets.") || !strings.Contains(p.Reason, "relative reference") {
				t.Errorf("%s: rejected: %v", name, err)
				return
			}
		}
		relative++
		if err := stac.ValidateItemWith(&it, &stac.ValidateOptions{AllowRelativeHrefs: true}); err != nil {
			t.Errorf("%s: rejected with relative hrefs allowed: %v", name, err)
		}
	})
	t.Logf("%d items validated, %d with relative asset hrefs", n, relative)
	if n < 1120 {
		t.Fatalf("only %d items found", n)
	}
	if relative > 7 {
		t.Fatalf("%d items have relative hrefs; the corpus has 7 such stactools examples", relative)
	}
}

func TestValidateAcceptsCorpusCollections(t *testing.T) {
	n := 0
	forEachCorpusDoc(t, func(name string, raw []byte) {
		if !strings.HasPrefix(filepath.ToSlash(name), "collections/") {
			return
		}
		var c stac.Collection
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n++
		if err := stac.ValidateCollection(&c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	})
	if n < 8 {
		t.Fatalf("only %d collections", n)
	}
}

func validationError(t *testing.T, err error) *stac.ValidationError {
	t.Helper()
	if err == nil {
		t.Fatal("expected a validation error, got nil")
	}
	var ve *stac.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %T is not a *stac.ValidationError: %v", err, err)
	}
	return ve
}

func TestValidateRejectsEdgeItems(t *testing.T) {
	for _, name := range []string{"go-stac__item-missing-id.json", "stac-validator__v100__bad-item.json"} {
		var it stac.Item
		if err := json.Unmarshal(readFile(t, filepath.Join("testdata", name)), &it); err != nil {
			t.Fatal(err)
		}
		ve := validationError(t, stac.ValidateItem(&it))
		if p := ve.Problem("id"); p == nil || p.Reason != "required" {
			t.Errorf("%s: want id: required, got %v", name, ve)
		}
		if len(ve.Problems) != 1 {
			t.Errorf("%s: want exactly the missing id, got %v", name, ve)
		}
		t.Logf("%s: %v", name, ve)
	}
}

func TestValidateRejectsInvalidCollectionEdge(t *testing.T) {
	dir := corpusDir(t)
	var c stac.Collection
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "edge", "pystac-client__invalid-collection.json")), &c); err != nil {
		t.Fatal(err)
	}
	ve := validationError(t, stac.ValidateCollection(&c))
	for _, f := range []string{"extent.spatial", "extent.temporal"} {
		if !ve.Has(f) {
			t.Errorf("missing problem at %s: %v", f, ve)
		}
	}
}

// goodItem is a valid item; the bad cases each break one thing.
const goodItem = `{"type":"Feature","stac_version":"1.0.0","id":"good.item_1-a","collection":"naip",
 "geometry":{"type":"Polygon","coordinates":[[[-85.0,30.0],[-84.0,30.0],[-84.0,31.0],[-85.0,31.0],[-85.0,30.0]]]},
 "bbox":[-85,30,-84,31],
 "properties":{"datetime":"2021-11-03T16:00:00Z"},
 "links":[{"rel":"self","href":"https://x/items/good"}],
 "assets":{"image":{"href":"https://x.blob.core.windows.net/c/a.tif","roles":["data"]}}}`

func mutateItem(t *testing.T, f func(m map[string]any)) *stac.Item {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(goodItem), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var it stac.Item
	if err := json.Unmarshal(b, &it); err != nil {
		t.Fatal(err)
	}
	return &it
}

func props(m map[string]any) map[string]any { return m["properties"].(map[string]any) }

func geom(m map[string]any, typ string, coords any) {
	m["geometry"] = map[string]any{"type": typ, "coordinates": coords}
}

func TestValidateItemGood(t *testing.T) {
	it := mutateItem(t, func(map[string]any) {})
	if err := stac.ValidateItem(it); err != nil {
		t.Fatal(err)
	}
	// Variants that must stay valid.
	for name, f := range map[string]func(m map[string]any){
		"null datetime with range": func(m map[string]any) {
			props(m)["datetime"] = nil
			props(m)["start_datetime"] = "2021-01-01T00:00:00Z"
			props(m)["end_datetime"] = "2021-01-02T00:00:00Z"
		},
		"null geometry, no bbox":                          func(m map[string]any) { m["geometry"] = nil; delete(m, "bbox") },
		"null geometry with bbox (live PC tabular items)": func(m map[string]any) { m["geometry"] = nil },
		"antimeridian bbox": func(m map[string]any) {
			m["bbox"] = []any{179.5, -16, -179.5, -15}
			geom(m, "MultiPolygon", []any{
				[]any{[]any{[]any{179.5, -16}, []any{180, -16}, []any{180, -15}, []any{179.5, -15}, []any{179.5, -16}}},
				[]any{[]any{[]any{-180, -16}, []any{-179.5, -16}, []any{-179.5, -15}, []any{-180, -15}, []any{-180, -16}}},
			})
		},
		"6-number bbox":         func(m map[string]any) { m["bbox"] = []any{-85, 30, 0, -84, 31, 100} },
		"bbox slightly smaller": func(m map[string]any) { m["bbox"] = []any{-85, 30.01, -84, 31} },
		"abfs and s3 hrefs": func(m map[string]any) {
			m["assets"] = map[string]any{"a": map[string]any{"href": "abfs://c@acc.dfs.core.windows.net/p.tif"},
				"b": map[string]any{"href": "s3://bucket/key.tif"}}
		},
		"point": func(m map[string]any) { geom(m, "Point", []any{-84.5, 30.5}) },
		"geometry collection": func(m map[string]any) {
			m["geometry"] = map[string]any{"type": "GeometryCollection", "geometries": []any{
				map[string]any{"type": "Point", "coordinates": []any{-84.5, 30.5}},
				map[string]any{"type": "LineString", "coordinates": []any{[]any{-85, 30}, []any{-84, 31}}},
			}}
		},
	} {
		if err := stac.ValidateItem(mutateItem(t, f)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestValidateItemBadCases(t *testing.T) {
	ring := func(pts ...[]float64) []any {
		out := []any{}
		for _, p := range pts {
			out = append(out, []any{p[0], p[1]})
		}
		return out
	}
	manyAssets := map[string]any{}
	for i := 0; i < 101; i++ {
		manyAssets[strings.Repeat("a", 1+i%5)+string(rune('A'+i%26))+string(rune('a'+i/26))] = map[string]any{"href": "https://x/a"}
	}
	cases := []struct {
		name   string
		mutate func(m map[string]any)
		field  string
		reason string // substring
	}{
		{"missing id", func(m map[string]any) { delete(m, "id") }, "id", "required"},
		{"numeric id", func(m map[string]any) { m["id"] = 5 }, "id", "must be a string"},
		{"id too long", func(m map[string]any) { m["id"] = strings.Repeat("x", 65) }, "id", "at most 64"},
		{"id with slash", func(m map[string]any) { m["id"] = "a/b" }, "id", `contains '/'`},
		{"id with space", func(m map[string]any) { m["id"] = "a b" }, "id", `contains ' '`},
		{"wrong type", func(m map[string]any) { m["type"] = "Collection" }, "type", `must be "Feature"`},
		{"missing type", func(m map[string]any) { delete(m, "type") }, "type", "required"},
		{"missing geometry", func(m map[string]any) { delete(m, "geometry") }, "geometry", "required"},
		{"unknown geometry type", func(m map[string]any) { geom(m, "Circle", []any{1, 2}) }, "geometry.type", "unknown GeoJSON geometry type"},
		{"geometry without type", func(m map[string]any) { m["geometry"] = map[string]any{"coordinates": []any{1, 2}} }, "geometry.type", "required"},
		{"geometry not an object", func(m map[string]any) { m["geometry"] = "POINT(1 2)" }, "geometry", "must be a GeoJSON geometry object"},
		{"polygon coordinates malformed", func(m map[string]any) { geom(m, "Polygon", []any{1, 2}) }, "geometry.coordinates", "must be an array of linear rings"},
		{"ring not closed", func(m map[string]any) {
			geom(m, "Polygon", []any{ring([]float64{-85, 30}, []float64{-84, 30}, []float64{-84, 31}, []float64{-85, 31})})
		}, "geometry.coordinates[0]", "not closed"},
		{"ring too short", func(m map[string]any) {
			geom(m, "Polygon", []any{ring([]float64{-85, 30}, []float64{-84, 30}, []float64{-85, 30})})
		}, "geometry.coordinates[0]", "at least 4 positions"},
		{"longitude out of range", func(m map[string]any) { geom(m, "Point", []any{-185, 30}) }, "geometry.coordinates", "longitude -185"},
		{"latitude out of range", func(m map[string]any) { geom(m, "Point", []any{-85, 91}) }, "geometry.coordinates", "latitude 91"},
		{"position too short", func(m map[string]any) { geom(m, "LineString", []any{[]any{-85}, []any{-84, 31}}) }, "geometry.coordinates[0]", "at least 2 numbers"},
		{"linestring of one position", func(m map[string]any) { geom(m, "LineString", []any{[]any{-85, 30}}) }, "geometry.coordinates", "at least 2 positions"},
		{"missing bbox", func(m map[string]any) { delete(m, "bbox") }, "bbox", "required when the geometry is not null"},
		{"bbox of 5 numbers", func(m map[string]any) { m["bbox"] = []any{1, 2, 3, 4, 5} }, "bbox", "4 or 6 numbers"},
		{"bbox not numbers", func(m map[string]any) { m["bbox"] = []any{"a", 2, 3, 4} }, "bbox", "array of 4 or 6 numbers"},
		{"bbox south above north", func(m map[string]any) { m["bbox"] = []any{-85, 31, -84, 30} }, "bbox", "south 31 is above north 30"},
		{"bbox out of range", func(m map[string]any) { m["bbox"] = []any{-85, 30, -84, 95} }, "bbox", "latitude 95"},
		{"bbox far from geometry", func(m map[string]any) { m["bbox"] = []any{10, 10, 11, 11} }, "bbox", "does not contain the geometry"},
		{"bbox with lon/lat swapped", func(m map[string]any) { m["bbox"] = []any{30, -85, 31, -84} }, "bbox", "does not contain the geometry"},
		{"missing datetime", func(m map[string]any) { delete(props(m), "datetime") }, "properties.datetime", "required"},
		{"bad datetime", func(m map[string]any) { props(m)["datetime"] = "2021-11-03" }, "properties.datetime", "not an RFC 3339"},
		{"numeric datetime", func(m map[string]any) { props(m)["datetime"] = 1636000000 }, "properties.datetime", "must be an RFC 3339 timestamp string"},
		{"null datetime without start", func(m map[string]any) {
			props(m)["datetime"] = nil
			props(m)["end_datetime"] = "2021-01-02T00:00:00Z"
		}, "properties.start_datetime", "required when datetime is null"},
		{"null datetime without end", func(m map[string]any) {
			props(m)["datetime"] = nil
			props(m)["start_datetime"] = "2021-01-02T00:00:00Z"
		}, "properties.end_datetime", "required when datetime is null"},
		{"start after end", func(m map[string]any) {
			props(m)["start_datetime"] = "2021-01-03T00:00:00Z"
			props(m)["end_datetime"] = "2021-01-02T00:00:00Z"
		}, "properties.start_datetime", "after end_datetime"},
		{"properties null", func(m map[string]any) { m["properties"] = nil }, "properties", "required"},
		{"relative asset href", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"href": "./a.tif"}}
		}, "assets.image.href", "absolute URL"},
		{"relative asset href with SAS", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"href": "a.tif?sv=2024&sig=SECRET"}}
		}, "assets.image.href", `relative reference "a.tif?..."`},
		{"file asset href", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"href": "file:///tmp/a.tif"}}
		}, "assets.image.href", "with a host"},
		{"windows path asset href", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"href": `C:\\data\\a.tif`}}
		}, "assets.image.href", "with a host"},
		{"empty asset href", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"href": ""}}
		}, "assets.image.href", "non-empty"},
		{"missing asset href", func(m map[string]any) {
			m["assets"] = map[string]any{"image": map[string]any{"type": "image/tiff"}}
		}, "assets.image.href", "required"},
		{"null asset", func(m map[string]any) { m["assets"] = map[string]any{"image": nil} }, "assets", "must be an object of asset objects"},
		{"too many assets", func(m map[string]any) { m["assets"] = manyAssets }, "assets", "has 101 assets; at most 100"},
		{"link without href", func(m map[string]any) { m["links"] = []any{map[string]any{"rel": "self"}} }, "links[0].href", "required"},
		{"link without rel", func(m map[string]any) { m["links"] = []any{map[string]any{"href": "https://x"}} }, "links[0].rel", "required"},
		{"item over 1 MiB", func(m map[string]any) { props(m)["blob"] = strings.Repeat("x", stac.MaxItemBytes) }, "", "at most 1048576"},
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it := mutateItem(t, c.mutate)
			ve := validationError(t, stac.ValidateItem(it))
			p := ve.Problem(c.field)
			if p == nil {
				t.Fatalf("no problem at %q: %v", c.field, ve)
			}
			if !strings.Contains(p.Reason, c.reason) {
				t.Fatalf("problem at %q is %q, want it to mention %q", c.field, p.Reason, c.reason)
			}
			if !strings.Contains(ve.Error(), c.reason) {
				t.Fatalf("Error() %q lacks %q", ve.Error(), c.reason)
			}
		})
	}
}

func TestValidateListsEveryProblem(t *testing.T) {
	it := mutateItem(t, func(m map[string]any) {
		delete(m, "id")
		m["bbox"] = []any{1, 2, 3}
		delete(props(m), "datetime")
		m["assets"] = map[string]any{"image": map[string]any{"href": "a.tif"}}
	})
	ve := validationError(t, stac.ValidateItem(it))
	for _, f := range []string{"id", "bbox", "properties.datetime", "assets.image.href"} {
		if !ve.Has(f) {
			t.Errorf("missing %s in %v", f, ve)
		}
	}
	if len(ve.Problems) != 4 {
		t.Errorf("want 4 problems, got %d: %v", len(ve.Problems), ve)
	}
	msg := ve.Error()
	if !strings.HasPrefix(msg, "stac: invalid item (4 problems): id: required; ") {
		t.Errorf("Error() = %q", msg)
	}
	if err := stac.ValidateItem(nil); err == nil {
		t.Error("nil item accepted")
	}
}

func TestValidateIDs(t *testing.T) {
	for _, id := range []string{"a", "A.b-c_9", strings.Repeat("x", 64)} {
		if err := stac.ValidateItemID(id); err != nil {
			t.Errorf("ValidateItemID(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"", strings.Repeat("x", 65), "a/b", "é", "a b", "a?b"} {
		ve := validationError(t, stac.ValidateItemID(id))
		if !ve.Has("id") || ve.Kind != "item id" {
			t.Errorf("ValidateItemID(%q) = %v", id, ve)
		}
	}
	for _, id := range []string{"abc", "naip-atl", "A_b-9", strings.Repeat("x", 32)} {
		if err := stac.ValidateCollectionID(id); err != nil {
			t.Errorf("ValidateCollectionID(%q) = %v", id, err)
		}
	}
	for _, id := range []string{"", "ab", strings.Repeat("x", 33), "a.bc", "abc/d", "ab c"} {
		ve := validationError(t, stac.ValidateCollectionID(id))
		if !ve.Has("id") || ve.Kind != "collection id" {
			t.Errorf("ValidateCollectionID(%q) = %v", id, ve)
		}
	}
}

const goodCollection = `{"type":"Collection","stac_version":"1.0.0","id":"naip-atl","description":"d","license":"proprietary",
 "extent":{"spatial":{"bbox":[[-85,30,-84,31]]},"temporal":{"interval":[["2020-01-01T00:00:00Z",null]]}},
 "links":[],"providers":[{"name":"p"}],"assets":{"thumb":{"href":"https://x/t.png"}}}`

func TestValidateCollectionCases(t *testing.T) {
	mutate := func(f func(m map[string]any)) *stac.Collection {
		var m map[string]any
		if err := json.Unmarshal([]byte(goodCollection), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		var c stac.Collection
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	if err := stac.ValidateCollection(mutate(func(map[string]any) {})); err != nil {
		t.Fatal(err)
	}
	ext := func(m map[string]any) map[string]any { return m["extent"].(map[string]any) }
	cases := []struct {
		name   string
		mutate func(m map[string]any)
		field  string
		reason string
	}{
		{"short id", func(m map[string]any) { m["id"] = "ab" }, "id", "3 to 32"},
		{"id with dot", func(m map[string]any) { m["id"] = "a.bc" }, "id", `contains '.'`},
		{"wrong type", func(m map[string]any) { m["type"] = "Catalog" }, "type", `must be "Collection"`},
		{"no description", func(m map[string]any) { delete(m, "description") }, "description", "required"},
		{"no license", func(m map[string]any) { delete(m, "license") }, "license", "required"},
		{"no extent", func(m map[string]any) { delete(m, "extent") }, "extent", "required"},
		{"empty bbox list", func(m map[string]any) { ext(m)["spatial"] = map[string]any{"bbox": []any{}} }, "extent.spatial.bbox", "at least one"},
		{"bad bbox", func(m map[string]any) { ext(m)["spatial"] = map[string]any{"bbox": []any{[]any{1, 2, 3}}} }, "extent.spatial.bbox[0]", "4 or 6 numbers"},
		{"interval reversed", func(m map[string]any) {
			ext(m)["temporal"] = map[string]any{"interval": []any{[]any{"2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"}}}
		}, "extent.temporal.interval[0]", "starts after it ends"},
		{"interval not timestamps", func(m map[string]any) {
			ext(m)["temporal"] = map[string]any{"interval": []any{[]any{"yesterday", nil}}}
		}, "extent.temporal.interval", "RFC 3339"},
		{"provider without name", func(m map[string]any) { m["providers"] = []any{map[string]any{"url": "https://p"}} }, "providers[0].name", "required"},
		{"relative asset", func(m map[string]any) { m["assets"] = map[string]any{"t": map[string]any{"href": "t.png"}} }, "assets.t.href", "absolute"},
	}
	for _, c := range cases {
		ve := validationError(t, stac.ValidateCollection(mutate(c.mutate)))
		if p := ve.Problem(c.field); p == nil || !strings.Contains(p.Reason, c.reason) {
			t.Errorf("%s: want %s ~ %q, got %v", c.name, c.field, c.reason, ve)
		}
	}
}
