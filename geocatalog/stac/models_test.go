package stac_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

const itemDoc = `{
  "type": "Feature", "stac_version": "1.0.0",
  "stac_extensions": ["https://stac-extensions.github.io/projection/v1.0.0/schema.json"],
  "id": "a1", "collection": "naip",
  "geometry": {"type": "Polygon", "coordinates": [[[1,2],[3,2],[3,4],[1,4],[1,2]]]},
  "bbox": [1, 2, 3, 4],
  "properties": {
    "datetime": "2019-11-09T00:00:00.000Z",
    "end_datetime": "2019-11-10T00:00:00+02:00",
    "big": 12345678901234567890123,
    "precise": 0.1000000000000000055511151231257827,
    "proj:epsg": 26916,
    "title": ""
  },
  "links": [
    {"rel": "self", "href": "https://x/items/a1", "type": "application/geo+json"},
    {"rel": "parent", "href": "https://x/c"},
    {"rel": "collection", "href": "https://x/c"},
    {"rel": "root", "href": "https://x/"},
    {"rel": "next", "href": "https://x/search", "method": "POST", "merge": false,
     "body": {"token": "next:1", "limit": 10}, "headers": {"X-A": "1", "X-B": ["2", "3"]}, "hreflang": "en"}
  ],
  "assets": {
    "image": {"href": "https://x/a1.tif", "type": "image/tiff; application=geotiff", "roles": ["data"], "eo:bands": [{"name": "r"}], "title": ""},
    "thumb": {"href": "https://x/a1.jpg", "roles": []}
  },
  "msft:_created": "2024-11-06T14:43:20.028837Z",
  "_msft:etag": "\"abc\"",
  "_msft:ts": "2024-11-06T14:43:20Z"
}`

func decodeItem(t *testing.T, doc string) *stac.Item {
	t.Helper()
	var it stac.Item
	if err := json.Unmarshal([]byte(doc), &it); err != nil {
		t.Fatal(err)
	}
	return &it
}

func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestItemDecodeTypedFields(t *testing.T) {
	it := decodeItem(t, itemDoc)
	if it.ID != "a1" || it.Collection != "naip" || it.Type != "Feature" || it.StacVersion != "1.0.0" {
		t.Fatalf("typed fields: %+v", it)
	}
	if len(it.BBox) != 4 || it.BBox[3] != 4 || len(it.StacExtensions) != 1 {
		t.Fatalf("bbox/extensions: %v %v", it.BBox, it.StacExtensions)
	}
	want := time.Date(2019, 11, 9, 0, 0, 0, 0, time.UTC)
	if it.Properties.Datetime == nil || !it.Properties.Datetime.Equal(want) {
		t.Fatalf("datetime = %v", it.Properties.Datetime)
	}
	if it.Properties.EndDatetime == nil || it.Properties.EndDatetime.UTC().Hour() != 22 || it.Properties.StartDatetime != nil {
		t.Fatalf("start/end = %v %v", it.Properties.StartDatetime, it.Properties.EndDatetime)
	}
	if got := it.Asset("image"); got == nil || got.Href != "https://x/a1.tif" || !got.HasRole("data") || got.Extra["eo:bands"] == nil {
		t.Fatalf("asset image = %+v", got)
	}
	if it.Asset("nope") != nil {
		t.Fatal("missing asset must be nil")
	}
	if string(it.Extra["_msft:etag"]) != `"\"abc\""` || it.Extra["msft:_created"] == nil {
		t.Fatalf("extra = %v", it.Extra)
	}
	next := it.LinkByRel("next")
	if next == nil || next.Method != "POST" || next.Merge || string(next.Body) != `{"token": "next:1", "limit": 10}` {
		t.Fatalf("next link = %+v", next)
	}
	h, err := next.Header()
	if err != nil || h.Get("X-A") != "1" || len(h.Values("X-B")) != 2 {
		t.Fatalf("headers = %v, %v", h, err)
	}
	if it.SelfLink().Href != "https://x/items/a1" || it.ParentLink().Href != "https://x/c" ||
		it.CollectionLink().Href != "https://x/c" || it.RootLink().Href != "https://x/" {
		t.Fatal("link helpers")
	}
	if n := len(it.LinksByRel("parent")); n != 1 {
		t.Fatalf("LinksByRel(parent) = %d", n)
	}
	if it.Geometry.Type() != "Polygon" {
		t.Fatalf("geometry type %q", it.Geometry.Type())
	}
}

func TestItemEncodeKeepsTextAndUnknowns(t *testing.T) {
	it := decodeItem(t, itemDoc)
	out := encode(t, it)
	for _, want := range []string{
		`"datetime":"2019-11-09T00:00:00.000Z"`,
		`"end_datetime":"2019-11-10T00:00:00+02:00"`,
		`"big":12345678901234567890123`,
		`"precise":0.1000000000000000055511151231257827`,
		`"title":""`,
		`"merge":false`,
		`"hreflang":"en"`,
		`"roles":[]`,
		`"_msft:etag":"\"abc\""`,
		`"stac_extensions":["https://stac-extensions.github.io/projection/v1.0.0/schema.json"]`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if d := jsonDiff([]byte(itemDoc), []byte(out)); d != "" {
		t.Fatal(d)
	}
}

func TestDatetimeChangedIsReformatted(t *testing.T) {
	it := decodeItem(t, itemDoc)
	nt := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	it.Properties.Datetime = &nt
	if out := encode(t, it); !strings.Contains(out, `"datetime":"2020-01-02T03:04:05Z"`) {
		t.Fatalf("changed datetime not written: %s", out)
	}
	// Same instant in another zone keeps the original text.
	it = decodeItem(t, itemDoc)
	same := it.Properties.Datetime.In(time.FixedZone("x", 3600))
	it.Properties.Datetime = &same
	if out := encode(t, it); !strings.Contains(out, `"datetime":"2019-11-09T00:00:00.000Z"`) {
		t.Fatalf("unchanged instant rewritten: %s", out)
	}
}

func TestDatetimeNullMissingAndInvalid(t *testing.T) {
	cases := []struct{ in, want, notWant string }{
		{`{"type":"Feature","properties":{"datetime":null,"start_datetime":"2020-01-01T00:00:00Z"}}`, `"datetime":null`, ""},
		{`{"type":"Feature","properties":{"x":1}}`, `"x":1`, `"datetime"`},
		{`{"type":"Feature","properties":{"datetime":"yesterday"}}`, `"datetime":"yesterday"`, ""},
		{`{"type":"Feature","properties":{"datetime":5}}`, `"datetime":5`, ""},
	}
	for _, c := range cases {
		it := decodeItem(t, c.in)
		out := encode(t, it)
		if !strings.Contains(out, c.want) || (c.notWant != "" && strings.Contains(out, c.notWant)) {
			t.Errorf("%s -> %s", c.in, out)
		}
		if d := jsonDiff([]byte(c.in), []byte(out)); d != "" {
			t.Errorf("%s: %s", c.in, d)
		}
	}
	// A new item writes the required members.
	out := encode(t, stac.NewItem("x"))
	for _, want := range []string{`"type":"Feature"`, `"stac_version":"1.0.0"`, `"id":"x"`, `"geometry":null`,
		`"properties":{"datetime":null}`, `"links":[]`, `"assets":{}`} {
		if !strings.Contains(out, want) {
			t.Errorf("new item lacks %s: %s", want, out)
		}
	}
}

func TestWrongTypesKeptInExtra(t *testing.T) {
	doc := `{"type":"Feature","id":5,"bbox":"x","links":{"a":1},"assets":[1],"properties":null,"stac_extensions":[1],"geometry":null}`
	it := decodeItem(t, doc)
	if it.ID != "" || it.BBox != nil || it.Links != nil || it.Assets != nil || string(it.Extra["id"]) != "5" {
		t.Fatalf("decoded %+v", it)
	}
	if !it.Geometry.IsNull() {
		t.Fatal("geometry should be null")
	}
	if d := jsonDiff([]byte(doc), []byte(encode(t, it))); d != "" {
		t.Fatal(d)
	}
}

func TestTypedFieldWinsOverExtra(t *testing.T) {
	it := decodeItem(t, `{"type":"Feature","id":"","links":[{"rel":"self","href":"h","title":""}]}`)
	it.ID = "new"
	it.Links[0].Title = "T"
	out := encode(t, it)
	if strings.Count(out, `"id"`) != 1 || !strings.Contains(out, `"id":"new"`) || !strings.Contains(out, `"title":"T"`) || strings.Contains(out, `"title":""`) {
		t.Fatalf("%s", out)
	}
}

func TestItemClone(t *testing.T) {
	it := decodeItem(t, itemDoc)
	c := it.Clone()
	c.ID = "b"
	c.Assets["image"].Href = "changed"
	c.Links[0].Href = "changed"
	c.Properties.Extra["proj:epsg"][0] = '9'
	c.BBox[0] = 99
	*c.Properties.Datetime = time.Time{}
	if it.ID != "a1" || it.Asset("image").Href != "https://x/a1.tif" || it.Links[0].Href != "https://x/items/a1" ||
		string(it.Properties.Extra["proj:epsg"]) != "26916" || it.BBox[0] != 1 || it.Properties.Datetime.IsZero() {
		t.Fatal("clone shares memory with the original")
	}
	if d := jsonDiff([]byte(itemDoc), []byte(encode(t, it.Clone()))); d != "" {
		t.Fatal(d)
	}
}

func TestRawValuesAreCapped(t *testing.T) {
	it := decodeItem(t, itemDoc)
	raw := it.Properties.Extra["proj:epsg"]
	_ = append(raw, "garbage"...)
	if d := jsonDiff([]byte(itemDoc), []byte(encode(t, it))); d != "" {
		t.Fatalf("append to a raw value corrupted its neighbours: %s", d)
	}
}

func TestPropertiesAccessors(t *testing.T) {
	it := decodeItem(t, itemDoc)
	p := &it.Properties
	if v, ok := p.Float("proj:epsg"); !ok || v != 26916 {
		t.Fatalf("Float = %v %v", v, ok)
	}
	var epsg int
	if ok, err := p.Unmarshal("proj:epsg", &epsg); !ok || err != nil || epsg != 26916 {
		t.Fatalf("Unmarshal = %v %v %v", ok, err, epsg)
	}
	if raw, ok := p.Get("datetime"); !ok || string(raw) != `"2019-11-09T00:00:00.000Z"` {
		t.Fatalf("Get(datetime) = %s", raw)
	}
	if err := p.Set("platform", "naip"); err != nil {
		t.Fatal(err)
	}
	if s, ok := p.String("platform"); !ok || s != "naip" {
		t.Fatalf("String = %q", s)
	}
	if err := p.Set("start_datetime", "2019-11-08T00:00:00Z"); err != nil || p.StartDatetime == nil {
		t.Fatalf("Set start_datetime: %v", err)
	}
	if err := p.Set("datetime", 5); err == nil {
		t.Fatal("Set(datetime, 5) must fail")
	}
	if err := p.Set("datetime", "not a time"); err == nil {
		t.Fatal("Set(datetime, bad string) must fail")
	}
	p.Delete("big")
	p.Delete("datetime")
	if p.Has("big") || p.Datetime != nil {
		t.Fatal("Delete")
	}
	names := strings.Join(p.Names(), ",")
	if names != "end_datetime,platform,precise,proj:epsg,start_datetime,title" {
		t.Fatalf("Names = %s", names)
	}
	out := encode(t, it)
	if !strings.Contains(out, `"datetime":null`) || !strings.Contains(out, `"platform":"naip"`) || !strings.Contains(out, `"start_datetime":"2019-11-08T00:00:00Z"`) {
		t.Fatalf("%s", out)
	}
}

func TestGeometryOrb(t *testing.T) {
	poly := orb.Polygon{{{1, 2}, {3, 2}, {3, 4}, {1, 2}}}
	g, err := stac.NewGeometry(poly)
	if err != nil {
		t.Fatal(err)
	}
	if g.Type() != "Polygon" {
		t.Fatalf("type %q", g.Type())
	}
	o, err := g.Orb()
	if err != nil || !orb.Equal(o, poly) {
		t.Fatalf("Orb() = %v, %v", o, err)
	}
	b, err := g.Bound()
	if err != nil || b.Min != (orb.Point{1, 2}) || b.Max != (orb.Point{3, 4}) {
		t.Fatalf("Bound = %v %v", b, err)
	}
	var null stac.Geometry
	if !null.IsNull() || !stac.Geometry("null").IsNull() {
		t.Fatal("IsNull")
	}
	if _, err := null.Orb(); !errors.Is(err, stac.ErrNullGeometry) {
		t.Fatalf("null Orb err = %v", err)
	}
	if _, err := stac.Geometry(`{"type":"Blob","coordinates":[]}`).Orb(); err == nil {
		t.Fatal("unknown type must fail")
	}
	if g, _ := stac.NewGeometry(nil); !g.IsNull() {
		t.Fatal("NewGeometry(nil)")
	}
}

func TestItemCollectionAndContext(t *testing.T) {
	doc := `{"type":"FeatureCollection","features":[` + itemDoc + `,{"type":"Feature","id":"b","properties":{"datetime":null}}],
	"links":[{"rel":"next","href":"https://x/search?token=t"},{"rel":"self","href":"https://x/search"}],
	"context":{"returned":2,"limit":2,"matched":10},"numberMatched":10}`
	var ic stac.ItemCollection
	if err := json.Unmarshal([]byte(doc), &ic); err != nil {
		t.Fatal(err)
	}
	if len(ic.Features) != 2 || ic.Features[1].ID != "b" || ic.NextLink().Href != "https://x/search?token=t" || ic.SelfLink() == nil {
		t.Fatalf("%+v", ic)
	}
	if ic.Context == nil || ic.Context.Returned != 2 || *ic.Context.Limit != 2 || *ic.Context.Matched != 10 {
		t.Fatalf("context %+v", ic.Context)
	}
	if d := jsonDiff([]byte(doc), []byte(encode(t, ic))); d != "" {
		t.Fatal(d)
	}
	last := stac.NewItemCollection()
	if last.NextLink() != nil || encode(t, last) != `{"type":"FeatureCollection","features":[]}` {
		t.Fatalf("empty page: %s", encode(t, last))
	}
}

func TestCollectionExtent(t *testing.T) {
	doc := `{"type":"Collection","id":"c1","description":"d","license":"proprietary","stac_version":"1.0.0",
	"extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[["2019-11-09T00:00:00.000Z",null]]}},
	"summaries":{"gsd":[0.6]},"item_assets":{"image":{"type":"image/tiff","roles":["data"]}},"links":[],
	"providers":[{"name":"p","roles":["host"],"url":"https://p"}],"msft:region":"westeurope"}`
	var c stac.Collection
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		t.Fatal(err)
	}
	iv := c.Extent.Temporal.Interval
	if len(iv) != 1 || iv[0][0] == nil || iv[0][0].Year() != 2019 || iv[0][1] != nil {
		t.Fatalf("interval %v", iv)
	}
	if c.Extent.Spatial.BBox[0][2] != 180 || c.ItemAssets["image"].Type != "image/tiff" || c.Providers[0].Name != "p" ||
		string(c.Summaries["gsd"]) != "[0.6]" || string(c.Extra["msft:region"]) != `"westeurope"` {
		t.Fatalf("%+v", c)
	}
	out := encode(t, &c)
	if !strings.Contains(out, `"2019-11-09T00:00:00.000Z",null`) || !strings.Contains(out, `"links":[]`) {
		t.Fatalf("%s", out)
	}
	if d := jsonDiff([]byte(doc), []byte(out)); d != "" {
		t.Fatal(d)
	}
	end := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	c2 := c.Clone()
	c2.Extent.Temporal.Interval[0][1] = &end
	if !strings.Contains(encode(t, c2), `["2019-11-09T00:00:00.000Z","2020-01-01T00:00:00Z"]`) || c.Extent.Temporal.Interval[0][1] != nil {
		t.Fatal("clone/modify interval")
	}
	nc := stac.NewCollection("c2", "desc", "CC-BY-4.0", stac.NewExtent([]float64{-1, -2, 3, 4}, nil, &end))
	if got := encode(t, nc); got != `{"type":"Collection","stac_version":"1.0.0","id":"c2","description":"desc","license":"CC-BY-4.0","extent":{"spatial":{"bbox":[[-1,-2,3,4]]},"temporal":{"interval":[[null,"2020-01-01T00:00:00Z"]]}},"links":[]}` {
		t.Fatalf("new collection: %s", got)
	}
}

func TestJSONDiffDetectsDifferences(t *testing.T) {
	for _, c := range [][2]string{
		{`{"a":1}`, `{"a":2}`}, {`{"a":1}`, `{"a":1,"b":null}`}, {`{"a":[1,2]}`, `{"a":[2,1]}`},
		{`{"a":"x"}`, `{"a":"y"}`}, {`{"a":{"b":true}}`, `{"a":{"b":false}}`},
	} {
		if jsonDiff([]byte(c[0]), []byte(c[1])) == "" {
			t.Errorf("%s vs %s reported equal", c[0], c[1])
		}
	}
	if d := jsonDiff([]byte(`{"a":1.0,"b":[1e2]}`), []byte(`{"b":[100],"a":1}`)); d != "" {
		t.Errorf("equal values reported different: %s", d)
	}
}

func TestDecodeItemOwnsBuffer(t *testing.T) {
	buf := []byte(itemDoc)
	it, err := stac.DecodeItem(buf)
	if err != nil || it.ID != "a1" {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(encode(t, it)), []byte(`"proj:epsg":26916`)) {
		t.Fatal("DecodeItem lost a property")
	}
}
