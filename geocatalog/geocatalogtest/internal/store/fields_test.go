package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"
)

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestFields(t *testing.T) {
	s, docs := naipStore(t)
	one := docs[0]
	search := func(fields string) map[string]any {
		t.Helper()
		p, err := s.Search(mustBody(t, fmt.Sprintf(`{"ids":[%q],"fields":%s}`, one.ID, fields)))
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("search: %v", err)
		}
		var m map[string]any
		if err := json.Unmarshal(p.Items[0], &m); err != nil {
			t.Fatal(err)
		}
		return m
	}

	// No fields: the stored bytes themselves.
	p, _ := s.Search(mustBody(t, fmt.Sprintf(`{"ids":[%q]}`, one.ID)))
	if string(p.Items[0]) != string(one.Raw) {
		t.Fatal("document not returned verbatim")
	}
	p, _ = s.Search(mustBody(t, fmt.Sprintf(`{"ids":[%q],"fields":{"include":[],"exclude":[]}}`, one.ID)))
	if string(p.Items[0]) != string(one.Raw) {
		t.Fatal("empty fields: document not returned verbatim")
	}

	m := search(`{"include":["properties.gsd"]}`)
	if got := keysOf(m); !reflect.DeepEqual(got, []string{"assets", "bbox", "collection", "geometry", "id", "links", "properties", "stac_extensions", "stac_version", "type"}) {
		t.Errorf("include: top-level keys %v", got)
	}
	if got := keysOf(m["properties"].(map[string]any)); !reflect.DeepEqual(got, []string{"datetime", "gsd"}) {
		t.Errorf("include: properties %v", got)
	}

	m = search(`{"exclude":["assets","properties.proj:transform","links"]}`)
	if _, ok := m["assets"]; ok {
		t.Error("exclude assets: still there")
	}
	if _, ok := m["links"]; ok {
		t.Error("exclude links: still there")
	}
	props := m["properties"].(map[string]any)
	if _, ok := props["proj:transform"]; ok {
		t.Error("exclude properties.proj:transform: still there")
	}
	if props["naip:year"] == nil || m["geometry"] == nil {
		t.Error("exclude removed more than asked")
	}

	m = search(`{"include":["properties.naip:year"],"exclude":["properties.naip:year","assets","properties.datetime"]}`)
	props = m["properties"].(map[string]any)
	if props["naip:year"] == nil {
		t.Error("include wins over exclude for the same path")
	}
	if _, ok := props["datetime"]; ok {
		t.Error("exclude of a default field ignored")
	}
	if _, ok := m["assets"]; ok {
		t.Error("exclude assets with include: still there")
	}

	// Hrefs with & survive re-encoding unescaped.
	p, _ = s.Search(mustBody(t, fmt.Sprintf(`{"ids":[%q],"fields":{"exclude":["properties"]}}`, one.ID)))
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(p.Items[0], &raw)
	if string(raw["assets"]) == "" || json.Valid(p.Items[0]) == false {
		t.Fatal("bad re-encoding")
	}
	if containsEscapedAmp(p.Items[0]) {
		t.Error("& escaped as \\u0026")
	}
}

func containsEscapedAmp(b []byte) bool {
	for i := 0; i+6 <= len(b); i++ {
		if string(b[i:i+6]) == `\u0026` {
			return true
		}
	}
	return false
}

func TestSortBy(t *testing.T) {
	s, docs := naipStore(t)
	items := naipPropsOf(t, docs)
	p, err := s.Search(mustBody(t, `{"limit":1000,"sortby":[{"field":"gsd","direction":"desc"},{"field":"datetime","direction":"asc"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]naipProps{}
	for _, it := range items {
		byID[it.id] = it
	}
	got := ids(t, p.Items)
	if len(got) != 1000 {
		t.Fatalf("%d items", len(got))
	}
	for i := 1; i < len(got); i++ {
		a, b := byID[got[i-1]], byID[got[i]]
		ga, gb := a.props["gsd"].(float64), b.props["gsd"].(float64)
		da, db := a.props["datetime"].(string), b.props["datetime"].(string)
		if ga < gb || (ga == gb && da > db) || (ga == gb && da == db && a.id > b.id) {
			t.Fatalf("order broken at %d: %s (%v %s) before %s (%v %s)", i, a.id, ga, da, b.id, gb, db)
		}
	}
	// datetime asc is the reverse of the default order (ties by id asc).
	p, _ = s.Search(mustBody(t, `{"limit":1000,"sortby":[{"field":"properties.datetime","direction":"asc"}]}`))
	got = ids(t, p.Items)
	for i := 1; i < len(got); i++ {
		da, db := byID[got[i-1]].props["datetime"].(string), byID[got[i]].props["datetime"].(string)
		if da > db || (da == db && got[i-1] > got[i]) {
			t.Fatalf("datetime asc broken at %d", i)
		}
	}
	// A missing property sorts last in both directions.
	for _, dir := range []string{"asc", "desc"} {
		p, _ = s.Search(mustBody(t, `{"limit":1000,"sortby":[{"field":"proj:centroid","direction":"`+dir+`"}]}`))
		got = ids(t, p.Items)
		if byID[got[0]].props["proj:centroid"] == nil || byID[got[999]].props["proj:centroid"] != nil {
			t.Fatalf("%s: nulls not last", dir)
		}
	}
}
