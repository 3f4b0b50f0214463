package geocatalogtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func nextLink(t *testing.T, page map[string]any) map[string]any {
	t.Helper()
	for _, l := range page["links"].([]any) {
		if lm := l.(map[string]any); lm["rel"] == "next" {
			return lm
		}
	}
	return nil
}

// TestSearchPaging: GET next links carry a token, POST next links a body
// with the token and merge; context counts; items list pages too.
func TestSearchPaging(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	feats := []any{}
	for i := range 25 {
		feats = append(feats, itemBody("coll", fmt.Sprintf("s%02d", i), float64(i), 0, fmt.Sprintf("2022-01-%02dT00:00:00Z", i+1), nil))
	}
	c.mustSucceed(c.do(http.MethodPost, "/stac/collections/coll/items", map[string]any{"type": "FeatureCollection", "features": feats}))

	seen := map[string]bool{}
	page := c.do(http.MethodGet, "/stac/search?collections=coll&limit=10&bbox=-1,-1,30,1", nil).json(t)
	for pages := 1; ; pages++ {
		ctx := page["context"].(map[string]any)
		if ctx["matched"] != 25.0 || ctx["limit"] != 10.0 {
			t.Fatalf("context %v", ctx)
		}
		for _, ft := range page["features"].([]any) {
			seen[ft.(map[string]any)["id"].(string)] = true
		}
		next := nextLink(t, page)
		if next == nil {
			if pages != 3 {
				t.Fatalf("%d GET pages", pages)
			}
			break
		}
		href := next["href"].(string)
		if !strings.Contains(href, "token=") || !strings.HasPrefix(href, f.cat.URL+"/stac/search?") {
			t.Fatalf("next href %s", href)
		}
		page = c.do(http.MethodGet, strings.TrimPrefix(href, f.cat.URL), nil).json(t)
	}
	if len(seen) != 25 {
		t.Fatalf("GET paging saw %d items", len(seen))
	}

	body := map[string]any{"collections": []string{"coll"}, "limit": 20, "sortby": []any{map[string]any{"field": "datetime", "direction": "asc"}},
		"fields": map[string]any{"include": []string{"id"}, "exclude": []string{"assets"}}}
	first := c.do(http.MethodPost, "/stac/search", body).json(t)
	if got := first["features"].([]any)[0].(map[string]any); got["id"] != "item1" && got["id"] != "s00" {
		t.Fatalf("first sorted feature %v", got["id"])
	}
	if _, has := first["features"].([]any)[0].(map[string]any)["assets"]; has {
		t.Fatal("fields exclude ignored")
	}
	next := nextLink(t, first)
	if next == nil || next["method"] != "POST" || next["merge"] != true {
		t.Fatalf("POST next link %v", next)
	}
	nb := next["body"].(map[string]any)
	if nb["token"] == nil || nb["limit"] != 20.0 {
		t.Fatalf("next body %v", nb)
	}
	second := c.do(http.MethodPost, "/stac/search", nb).json(t)
	if n := len(second["features"].([]any)); n != 6 || nextLink(t, second) != nil {
		t.Fatalf("second POST page: %d features", n)
	}

	items := c.do(http.MethodGet, "/stac/collections/coll/items?limit=4", nil).json(t)
	if len(items["features"].([]any)) != 4 || nextLink(t, items) == nil {
		t.Fatalf("items page %v", items["context"])
	}
	if r := c.do(http.MethodGet, "/stac/search?token=garbage", nil); r.status != 400 {
		t.Fatalf("bad token: %d", r.status)
	}
}

// TestSearchFilters: ids, datetime interval, intersects and CQL2-JSON reach the store.
func TestSearchFilters(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	c.mustSucceed(c.do(http.MethodPost, "/stac/collections/coll/items", map[string]any{"type": "FeatureCollection", "features": []any{
		itemBody("coll", "east", 50, 0, "2023-05-01T00:00:00Z", nil),
		itemBody("coll", "west", -50, 0, "2019-05-01T00:00:00Z", nil),
	}}))
	count := func(body map[string]any) float64 {
		t.Helper()
		res := c.do(http.MethodPost, "/stac/search", body)
		if res.status != 200 {
			t.Fatalf("%v: %d %s", body, res.status, res.body)
		}
		return res.json(t)["context"].(map[string]any)["matched"].(float64)
	}
	poly := map[string]any{"type": "Polygon", "coordinates": []any{[]any{[]any{40, -5}, []any{60, -5}, []any{60, 5}, []any{40, 5}, []any{40, -5}}}}
	cases := []struct {
		body map[string]any
		want float64
	}{
		{map[string]any{"ids": []string{"east", "west"}}, 2},
		{map[string]any{"datetime": "2023-01-01T00:00:00Z/.."}, 1},
		{map[string]any{"intersects": poly}, 1},
		{map[string]any{"filter-lang": "cql2-json", "filter": map[string]any{"op": "s_intersects", "args": []any{map[string]any{"property": "geometry"}, poly}}}, 1},
		{map[string]any{"collections": []string{"nope"}}, 0},
	}
	for _, tc := range cases {
		if got := count(tc.body); got != tc.want {
			t.Errorf("%v: matched %v, want %v", tc.body, got, tc.want)
		}
	}
}
