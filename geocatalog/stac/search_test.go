package stac_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

func TestSearchRequestJSONNames(t *testing.T) {
	req := stac.SearchRequest{
		Collections: []string{"naip"},
		IDs:         []string{"a", "b"},
		BBox:        []float64{-85, 30, -84, 31},
		Datetime:    stac.DatetimeInterval(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)),
		Limit:       50,
		Query:       map[string]any{"eo:cloud_cover": map[string]any{"lt": 10}},
		SortBy:      []stac.SortBy{{Field: "datetime", Direction: stac.SortDesc}},
		Fields:      &stac.Fields{Include: []string{"id"}, Exclude: []string{"assets"}},
		Filter:      json.RawMessage(`{"op":"=","args":[{"property":"naip:state"},"ga"]}`),
		FilterLang:  stac.FilterLangCQL2JSON,
		FilterCRS:   "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
		Token:       "next:abc",
		Sign:        stac.Bool(true),
		Duration:    3600,
		Extra:       map[string]json.RawMessage{"conf": json.RawMessage(`{"nohydrate":true}`)},
	}
	got := encode(t, req)
	want := `{"collections":["naip"],"ids":["a","b"],"bbox":[-85,30,-84,31],"datetime":"2021-01-01T00:00:00Z/2022-01-01T00:00:00Z","limit":50,"query":{"eo:cloud_cover":{"lt":10}},"sortby":[{"field":"datetime","direction":"desc"}],"fields":{"include":["id"],"exclude":["assets"]},"filter":{"op":"=","args":[{"property":"naip:state"},"ga"]},"filter-lang":"cql2-json","filter-crs":"http://www.opengis.net/def/crs/OGC/1.3/CRS84","token":"next:abc","sign":true,"duration":3600,"conf":{"nohydrate":true}}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	var back stac.SearchRequest
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatal(err)
	}
	if back.Limit != 50 || *back.Sign != true || back.Fields.Exclude[0] != "assets" || back.SortBy[0].Direction != "desc" ||
		back.Query["eo:cloud_cover"].(map[string]any)["lt"] != json.Number("10") {
		t.Fatalf("%+v", back)
	}
	if d := jsonDiff([]byte(got), []byte(encode(t, back.Clone()))); d != "" {
		t.Fatal(d)
	}
	if encode(t, stac.SearchRequest{}) != `{}` {
		t.Fatal("zero request must encode as {}")
	}
}

func TestSearchRequestValues(t *testing.T) {
	req := stac.SearchRequest{
		Collections: []string{"a", "b"},
		BBox:        []float64{-85.5, 30, -84, 31.25},
		Intersects:  stac.MustGeometry(orb.Point{1, 2}),
		Datetime:    "2021-01-01T00:00:00Z/..",
		Limit:       10,
		SortBy:      stac.ParseSortBy("-datetime,+id"),
		Fields:      &stac.Fields{Include: []string{"id"}, Exclude: []string{"links"}},
		Filter:      json.RawMessage(`{ "op": "=", "args": [1, 1] }`),
		FilterLang:  stac.FilterLangCQL2JSON,
		Sign:        stac.Bool(false),
		Duration:    60,
	}
	v, err := req.Values()
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"collections": "a,b", "bbox": "-85.5,30,-84,31.25", "intersects": `{"type":"Point","coordinates":[1,2]}`,
		"datetime": "2021-01-01T00:00:00Z/..", "limit": "10", "sortby": "-datetime,id", "fields": "id,-links",
		"filter": `{"op":"=","args":[1,1]}`, "filter-lang": "cql2-json", "sign": "false", "duration": "60",
	}
	for k, want := range checks {
		if got := v.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if v.Has("ids") || v.Has("token") || v.Has("query") {
		t.Errorf("unexpected parameters: %v", v)
	}
	text := stac.SearchRequest{Filter: json.RawMessage(`"naip:state = 'ga'"`)}
	if v, _ := text.Values(); v.Get("filter") != "naip:state = 'ga'" {
		t.Errorf("cql2-text filter = %q", v.Get("filter"))
	}
}

func TestDatetimeHelpers(t *testing.T) {
	a := time.Date(2021, 1, 1, 0, 0, 0, 0, time.FixedZone("x", 3600))
	b := time.Date(2021, 6, 1, 12, 0, 0, 500, time.UTC)
	cases := map[string]string{
		stac.DatetimeInstant(a):      "2020-12-31T23:00:00Z",
		stac.DatetimeInterval(a, b):  "2020-12-31T23:00:00Z/2021-06-01T12:00:00.0000005Z",
		stac.DatetimeFrom(a):         "2020-12-31T23:00:00Z/..",
		stac.DatetimeUntil(b):        "../2021-06-01T12:00:00.0000005Z",
		stac.DatetimeRange(nil, &b):  "../2021-06-01T12:00:00.0000005Z",
		stac.DatetimeRange(&a, nil):  "2020-12-31T23:00:00Z/..",
		stac.DatetimeRange(nil, nil): "",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q want %q", got, want)
		}
	}
	for _, s := range []string{stac.DatetimeInstant(a), stac.DatetimeInterval(a, b), stac.DatetimeFrom(a), stac.DatetimeUntil(b), "2021-01-01T00:00:00Z/"} {
		start, end, err := stac.ParseDatetime(s)
		if err != nil || (start == nil && end == nil) {
			t.Errorf("ParseDatetime(%q) = %v %v %v", s, start, end, err)
		}
	}
	for _, s := range []string{"", "../..", "2021-13-01T00:00:00Z", "2022-01-01T00:00:00Z/2021-01-01T00:00:00Z", "2021-01-01"} {
		if _, _, err := stac.ParseDatetime(s); err == nil {
			t.Errorf("ParseDatetime(%q) accepted", s)
		}
	}
	if s, e, _ := stac.ParseDatetime("2021-01-01T00:00:00Z"); !s.Equal(*e) {
		t.Error("instant must give equal start and end")
	}
	if !strings.HasSuffix(stac.FormatTime(a), "Z") {
		t.Error("FormatTime must be UTC")
	}
}

func TestLandingPageAndConformance(t *testing.T) {
	doc := `{"type":"Catalog","id":"stac","title":"t","description":"d","stac_version":"1.0.0",
	"conformsTo":["https://api.stacspec.org/v1.0.0/core","https://api.stacspec.org/v1.0.0/item-search"],
	"links":[{"rel":"search","href":"https://x/stac/search","method":"POST"}]}`
	var lp stac.LandingPage
	if err := json.Unmarshal([]byte(doc), &lp); err != nil {
		t.Fatal(err)
	}
	if !lp.ConformsToClass("https://api.stacspec.org/v1.0.0/item-search") || lp.LinkByRel("search").Method != "POST" || lp.ConformsToClass("x") {
		t.Fatalf("%+v", lp)
	}
	if d := jsonDiff([]byte(doc), []byte(encode(t, lp))); d != "" {
		t.Fatal(d)
	}
	var c stac.Conformance
	if err := json.Unmarshal([]byte(`{"conformsTo":["a"]}`), &c); err != nil || !c.ConformsToClass("a") {
		t.Fatal(err)
	}
	if encode(t, stac.Conformance{}) != `{"conformsTo":[]}` {
		t.Fatal(encode(t, stac.Conformance{}))
	}
}
