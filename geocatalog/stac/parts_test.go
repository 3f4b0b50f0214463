package stac_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestPartsRoundTripAlone decodes each sub-type on its own (the path where
// the input belongs to the caller) and checks that the value survives the
// caller reusing its buffer.
func TestPartsRoundTripAlone(t *testing.T) {
	cases := []struct {
		doc string
		v   any
	}{
		{`{"href":"https://x/a.tif","type":"image/tiff","title":"T","description":"D","roles":["data"],"eo:bands":[{"name":"b"}],"file:size":123456789012345678}`, new(stac.Asset)},
		{`{"rel":"next","href":"https://x","method":"POST","body":{"a":1},"merge":true,"headers":{"h":"v"},"length":5}`, new(stac.Link)},
		{`{"spatial":{"bbox":[[1,2,3,4]],"crs":"x"},"temporal":{"interval":[[null,"2020-01-01T00:00:00.000Z"]],"trs":"y"},"z":1}`, new(stac.Extent)},
		{`{"bbox":[[1,2,3,4],[1.5,2.5,2,3]]}`, new(stac.SpatialExtent)},
		{`{"interval":[["2020-01-01T00:00:00+01:00",null]]}`, new(stac.TemporalExtent)},
		{`{"interval":[["2020-01-01T00:00:00Z"]]}`, new(stac.TemporalExtent)},
		{`{"datetime":"2020-01-01T00:00:00.000000Z","start_datetime":null,"a":[1,2]}`, new(stac.Properties)},
		{`{"name":"n","description":"d","roles":["host"],"url":"https://x","extra":true}`, new(stac.Provider)},
		{`{"returned":0,"limit":10,"matched":1.5,"next":"x"}`, new(stac.Context)},
		{`{"field":"datetime","direction":"desc","x":1}`, new(stac.SortBy)},
		{`{"include":["id"],"exclude":[],"x":1}`, new(stac.Fields)},
		{`{"type":"Point","coordinates":[1,2]}`, new(stac.Geometry)},
		{`{"collections":[{"type":"Collection","id":"abc","links":[{"rel":"items","href":"https://x/items"}]}],"links":[{"rel":"next","href":"https://x?page=2"}],"numberMatched":3}`, new(stac.CollectionList)},
		{`{"type":"FeatureCollection","features":[1,2],"links":"x","context":[]}`, new(stac.ItemCollection)},
		{`{"type":"FeatureCollection","features":[],"context":{"returned":0}}`, new(stac.ItemCollection)},
	}
	for _, c := range cases {
		buf := []byte(c.doc)
		if err := json.Unmarshal(buf, c.v); err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		for i := range buf {
			buf[i] = ' ' // the caller reuses its buffer
		}
		out, err := json.Marshal(c.v)
		if err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		if d := jsonDiff([]byte(c.doc), out); d != "" {
			t.Errorf("%T %s: %s\n%s", c.v, c.doc, d, out)
		}
	}
}

func TestCollectionHelpers(t *testing.T) {
	var c stac.Collection
	doc := `{"type":"Collection","id":"naip","links":[{"rel":"self","href":"s"},{"rel":"parent","href":"p"},{"rel":"root","href":"r"},{"rel":"items","href":"i"},{"rel":"license","href":"l1"},{"rel":"license","href":"l2"}],
	"assets":{"thumbnail":{"href":"https://x/t.png"}}}`
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		t.Fatal(err)
	}
	if c.SelfLink().Href != "s" || c.ParentLink().Href != "p" || c.RootLink().Href != "r" || c.ItemsLink().Href != "i" ||
		len(c.LinksByRel("license")) != 2 || c.LinkByRel("nope") != nil || c.Asset("thumbnail").Href != "https://x/t.png" {
		t.Fatal("collection helpers")
	}
	d := c.Clone()
	d.Links[0].Href = "changed"
	d.Asset("thumbnail").Href = "changed"
	if c.SelfLink().Href != "s" || c.Asset("thumbnail").Href != "https://x/t.png" {
		t.Fatal("clone shares memory")
	}
	var cl stac.CollectionList
	if err := json.Unmarshal([]byte(`{"collections":[`+doc+`],"links":[{"rel":"next","href":"n"}]}`), &cl); err != nil {
		t.Fatal(err)
	}
	if len(cl.Collections) != 1 || cl.Collections[0].ID != "naip" || cl.NextLink().Href != "n" {
		t.Fatalf("%+v", cl)
	}
	var ic stac.ItemCollection
	if err := json.Unmarshal([]byte(`{"type":"FeatureCollection","features":[],"links":[{"rel":"root","href":"r"},{"rel":"self","href":"s"}]}`), &ic); err != nil {
		t.Fatal(err)
	}
	if ic.RootLink().Href != "r" || len(ic.LinksByRel("self")) != 1 || ic.NextLink() != nil {
		t.Fatal("item collection helpers")
	}
	var lp stac.LandingPage
	_ = json.Unmarshal([]byte(`{"links":[{"rel":"data","href":"d"}]}`), &lp)
	if len(lp.LinksByRel("data")) != 1 {
		t.Fatal("landing page helpers")
	}
}

func TestLinkHeaderErrors(t *testing.T) {
	l := stac.Link{Headers: json.RawMessage(`{"a":1}`)}
	if _, err := l.Header(); err == nil || !strings.Contains(err.Error(), `"a"`) {
		t.Fatalf("err = %v", err)
	}
	l.Headers = json.RawMessage(`[]`)
	if _, err := l.Header(); err == nil {
		t.Fatal("array headers accepted")
	}
	l.Headers = nil
	if h, err := l.Header(); h != nil || err != nil {
		t.Fatal("nil headers")
	}
}

func TestEncodeStringsEscaping(t *testing.T) {
	it := stac.NewItem("x")
	it.Properties.Extra = nil
	it.Assets["a"] = &stac.Asset{Href: "https://x/?a=1&b=<2>", Title: "quote \" back \\ nl \n tab \t ctl \x01 ls \u2028 bad \xff é"}
	out, err := json.Marshal(it)
	if err != nil {
		t.Fatal(err)
	}
	var back stac.Item
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.Asset("a").Href != "https://x/?a=1&b=<2>" || back.Asset("a").Title != "quote \" back \\ nl \n tab \t ctl \x01 ls \u2028 bad \uFFFD é" {
		t.Fatalf("%q", back.Asset("a").Title)
	}
}
