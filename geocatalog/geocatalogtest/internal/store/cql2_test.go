package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

type naipProps struct {
	id    string
	props map[string]any
}

func naipPropsOf(t *testing.T, docs []naipDoc) []naipProps {
	out := make([]naipProps, len(docs))
	for i, d := range docs {
		var x struct {
			Properties map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(d.Raw, &x); err != nil {
			t.Fatal(err)
		}
		out[i] = naipProps{id: d.ID, props: x.Properties}
	}
	return out
}

// TestFilterOperatorsOnNAIP runs each operator over the 1000 NAIP items and
// compares the matched count with the same test written directly in Go.
func TestFilterOperatorsOnNAIP(t *testing.T) {
	s, docs := naipStore(t)
	items := naipPropsOf(t, docs)
	gsd := func(p naipProps) float64 { return p.props["gsd"].(float64) }
	year := func(p naipProps) string { return p.props["naip:year"].(string) }
	dt := func(p naipProps) string { return p.props["datetime"].(string) }
	cases := []struct {
		name   string
		filter string
		want   func(naipProps) bool
	}{
		{"=", `{"op":"=","args":[{"property":"naip:year"},"2019"]}`, func(p naipProps) bool { return year(p) == "2019" }},
		{"= reversed", `{"op":"=","args":["2019",{"property":"properties.naip:year"}]}`, func(p naipProps) bool { return year(p) == "2019" }},
		{"<>", `{"op":"<>","args":[{"property":"gsd"},1]}`, func(p naipProps) bool { return gsd(p) != 1 }},
		{"<", `{"op":"<","args":[{"property":"gsd"},0.6]}`, func(p naipProps) bool { return gsd(p) < 0.6 }},
		{"<=", `{"op":"<=","args":[{"property":"gsd"},0.6]}`, func(p naipProps) bool { return gsd(p) <= 0.6 }},
		{">", `{"op":">","args":[{"property":"gsd"},0.6]}`, func(p naipProps) bool { return gsd(p) > 0.6 }},
		{">=", `{"op":">=","args":[{"property":"gsd"},0.6]}`, func(p naipProps) bool { return gsd(p) >= 0.6 }},
		{"string <", `{"op":"<","args":[{"property":"naip:year"},"2015"]}`, func(p naipProps) bool { return year(p) < "2015" }},
		{"number vs string never equal", `{"op":"=","args":[{"property":"naip:year"},2019]}`, func(naipProps) bool { return false }},
		{"like %", `{"op":"like","args":[{"property":"id"},"al_m_30085%"]}`, func(p naipProps) bool { return strings.HasPrefix(p.id, "al_m_30085") }},
		{"like _", `{"op":"like","args":[{"property":"id"},"%_16_06__2019%"]}`, func(p naipProps) bool { return strings.Contains(p.id, "_16_060_2019") }},
		{"like exact", `{"op":"like","args":[{"property":"id"},"al_m_3008501_ne_16_030_20211103"]}`, func(p naipProps) bool { return p.id == "al_m_3008501_ne_16_030_20211103" }},
		{"in", `{"op":"in","args":[{"property":"naip:year"},["2011","2013"]]}`, func(p naipProps) bool { return year(p) == "2011" || year(p) == "2013" }},
		{"between", `{"op":"between","args":[{"property":"gsd"},0.5,1]}`, func(p naipProps) bool { return gsd(p) >= 0.5 && gsd(p) <= 1 }},
		{"between legacy", `{"op":"between","args":[{"property":"gsd"},[0.5,0.7]]}`, func(p naipProps) bool { return gsd(p) >= 0.5 && gsd(p) <= 0.7 }},
		{"isNull absent", `{"op":"isNull","args":[{"property":"providers"}]}`, func(p naipProps) bool { return p.props["providers"] == nil }},
		{"isNull present", `{"op":"isNull","args":[{"property":"gsd"}]}`, func(naipProps) bool { return false }},
		{"and", `{"op":"and","args":[{"op":"=","args":[{"property":"gsd"},1]},{"op":">","args":[{"property":"naip:year"},"2012"]}]}`,
			func(p naipProps) bool { return gsd(p) == 1 && year(p) > "2012" }},
		{"or", `{"op":"or","args":[{"op":"=","args":[{"property":"gsd"},0.3]},{"op":"=","args":[{"property":"naip:year"},"2011"]}]}`,
			func(p naipProps) bool { return gsd(p) == 0.3 || year(p) == "2011" }},
		{"not", `{"op":"not","args":[{"op":"=","args":[{"property":"gsd"},1]}]}`, func(p naipProps) bool { return gsd(p) != 1 }},
		{"id", `{"op":"=","args":[{"property":"id"},"al_m_3008501_ne_16_030_20211103"]}`, func(p naipProps) bool { return p.id == "al_m_3008501_ne_16_030_20211103" }},
		{"collection", `{"op":"=","args":[{"property":"collection"},"naip"]}`, func(naipProps) bool { return true }},
		{"datetime >= timestamp", `{"op":">=","args":[{"property":"datetime"},{"timestamp":"2021-01-01T00:00:00Z"}]}`, func(p naipProps) bool { return dt(p) >= "2021-01-01T00:00:00Z" }},
		{"datetime < date", `{"op":"<","args":[{"property":"datetime"},{"date":"2013-06-01"}]}`, func(p naipProps) bool { return dt(p) < "2013-06-01" }},
		{"datetime = string", `{"op":"=","args":[{"property":"datetime"},"2021-11-03T16:00:00Z"]}`, func(p naipProps) bool { return dt(p) == "2021-11-03T16:00:00Z" }},
		{"t_intersects interval", `{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2019-01-01T00:00:00Z","2019-12-31T23:59:59Z"]}]}`,
			func(p naipProps) bool { return dt(p) >= "2019-01-01" && dt(p) <= "2019-12-31T23:59:59Z" }},
		{"t_intersects open interval", `{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2022-01-01T00:00:00Z",".."]}]}`,
			func(p naipProps) bool { return dt(p) >= "2022-01-01" }},
		{"t_before", `{"op":"t_before","args":[{"property":"datetime"},{"timestamp":"2013-09-28T00:00:00Z"}]}`, func(p naipProps) bool { return dt(p) < "2013-09-28T00:00:00Z" }},
		{"t_after", `{"op":"t_after","args":[{"property":"datetime"},{"timestamp":"2021-11-03T16:00:00Z"}]}`, func(p naipProps) bool { return dt(p) > "2021-11-03T16:00:00Z" }},
		{"t_during", `{"op":"t_during","args":[{"property":"datetime"},{"interval":["2017-01-01T00:00:00Z","2018-01-01T00:00:00Z"]}]}`,
			func(p naipProps) bool { return dt(p) > "2017-01-01" && dt(p) < "2018-01-01" }},
		{"t_disjoint", `{"op":"t_disjoint","args":[{"property":"datetime"},{"interval":["2012-01-01T00:00:00Z","2022-01-01T00:00:00Z"]}]}`,
			func(p naipProps) bool { return dt(p) < "2012-01-01" || dt(p) > "2022-01-01" }},
		{"legacy cql-json", `{"eq":[{"property":"naip:year"},"2023"]}`, func(p naipProps) bool { return year(p) == "2023" }},
		{"casei", `{"op":"=","args":[{"casei":{"property":"naip:state"}},{"casei":"AL"}]}`, func(naipProps) bool { return true }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := 0
			for _, p := range items {
				if c.want(p) {
					want++
				}
			}
			q := mustBody(t, `{"limit":1,"filter-lang":"cql2-json","filter":`+c.filter+`}`)
			p, err := s.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			if p.Matched != want {
				t.Fatalf("matched %d, want %d", p.Matched, want)
			}
		})
	}
}

func TestQueryExtensionOnNAIP(t *testing.T) {
	s, docs := naipStore(t)
	items := naipPropsOf(t, docs)
	cases := []struct {
		query string
		want  func(naipProps) bool
	}{
		{`{"naip:year":{"eq":"2019"}}`, func(p naipProps) bool { return p.props["naip:year"] == "2019" }},
		{`{"naip:year":{"neq":"2019"}}`, func(p naipProps) bool { return p.props["naip:year"] != "2019" }},
		{`{"gsd":{"lt":1}}`, func(p naipProps) bool { return p.props["gsd"].(float64) < 1 }},
		{`{"gsd":{"lte":0.6}}`, func(p naipProps) bool { return p.props["gsd"].(float64) <= 0.6 }},
		{`{"gsd":{"gt":0.3,"lt":1}}`, func(p naipProps) bool { g := p.props["gsd"].(float64); return g > 0.3 && g < 1 }},
		{`{"gsd":{"gte":0.6}}`, func(p naipProps) bool { return p.props["gsd"].(float64) >= 0.6 }},
		{`{"id":{"startsWith":"al_m_30085"}}`, func(p naipProps) bool { return strings.HasPrefix(p.id, "al_m_30085") }},
		{`{"id":{"endsWith":"20231127"}}`, func(p naipProps) bool { return strings.HasSuffix(p.id, "20231127") }},
		{`{"id":{"contains":"_nw_"}}`, func(p naipProps) bool { return strings.Contains(p.id, "_nw_") }},
		{`{"proj:shape":{"contains":25100}}`, func(p naipProps) bool {
			for _, v := range p.props["proj:shape"].([]any) {
				if v == 25100.0 {
					return true
				}
			}
			return false
		}},
		{`{"naip:year":{"in":["2011","2023"]}}`, func(p naipProps) bool { y := p.props["naip:year"]; return y == "2011" || y == "2023" }},
		{`{"datetime":{"gte":"2021-01-01T00:00:00Z"}}`, func(p naipProps) bool { return p.props["datetime"].(string) >= "2021-01-01T00:00:00Z" }},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			want := 0
			for _, p := range items {
				if c.want(p) {
					want++
				}
			}
			if want == 0 || want == len(items) {
				t.Fatalf("case selects %d of %d items: not a useful test", want, len(items))
			}
			p, err := s.Search(mustBody(t, `{"limit":1,"query":`+c.query+`}`))
			if err != nil {
				t.Fatal(err)
			}
			if p.Matched != want {
				t.Fatalf("matched %d, want %d", p.Matched, want)
			}
		})
	}
}

// geoStore holds hand-made items to test geometry exactly.
func geoStore(t *testing.T) Store {
	s := New()
	if err := s.CreateCollection("g", nil); err != nil {
		t.Fatal(err)
	}
	items := map[string]string{
		"square":   `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}`,
		"holey":    `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[3,3],[7,3],[7,7],[3,7],[3,3]]]}`,
		"point":    `{"type":"Point","coordinates":[5,5]}`,
		"line":     `{"type":"LineString","coordinates":[[-5,5],[-1,5]]}`,
		"multi":    `{"type":"MultiPolygon","coordinates":[[[[20,20],[21,20],[21,21],[20,21],[20,20]]],[[[30,30],[31,30],[31,31],[30,31],[30,30]]]]}`,
		"east":     `{"type":"Polygon","coordinates":[[[179.2,-0.5],[179.8,-0.5],[179.8,0.5],[179.2,0.5],[179.2,-0.5]]]}`,
		"west":     `{"type":"Polygon","coordinates":[[[-179.8,-0.5],[-179.2,-0.5],[-179.2,0.5],[-179.8,0.5],[-179.8,-0.5]]]}`,
		"diamond":  `{"type":"Polygon","coordinates":[[[50,40],[60,50],[50,60],[40,50],[50,40]]]}`,
		"nullgeom": `null`,
	}
	for id, g := range items {
		doc := fmt.Sprintf(`{"type":"Feature","id":%q,"geometry":%s,"properties":{"datetime":"2020-01-01T00:00:00Z"}}`, id, g)
		if err := s.CreateItem("g", id, []byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestGeometryIntersections(t *testing.T) {
	s := geoStore(t)
	cases := []struct {
		name string
		body string
		want string // sorted ids, comma-separated
	}{
		{"polygon inside the hole", `{"intersects":{"type":"Polygon","coordinates":[[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}`, "point,square"},
		{"polygon in the hole touching its edge", `{"intersects":{"type":"Polygon","coordinates":[[[3,4],[6,4],[6,6],[3,6],[3,4]]]}}`, "holey,point,square"},
		{"point in the hole", `{"intersects":{"type":"Point","coordinates":[5,5]}}`, "point,square"},
		{"point on the hole edge", `{"intersects":{"type":"Point","coordinates":[3,5]}}`, "holey,square"},
		{"point on the outer edge", `{"intersects":{"type":"Point","coordinates":[10,5]}}`, "holey,square"},
		{"point on a corner", `{"intersects":{"type":"Point","coordinates":[0,0]}}`, "holey,square"},
		{"point just outside", `{"intersects":{"type":"Point","coordinates":[10.000001,5]}}`, ""},
		{"polygon containing everything", `{"intersects":{"type":"Polygon","coordinates":[[[-90,-80],[90,-80],[90,80],[-90,80],[-90,-80]]]}}`, "diamond,holey,line,multi,point,square"},
		{"band crossing with no vertex inside", `{"intersects":{"type":"Polygon","coordinates":[[[-0.5,1],[10.5,1],[10.5,2],[-0.5,2],[-0.5,1]]]}}`, "holey,square"},
		{"line through the hole only", `{"intersects":{"type":"LineString","coordinates":[[4,4],[6,6]]}}`, "point,square"},
		{"line crossing the whole square", `{"intersects":{"type":"LineString","coordinates":[[-1,-1],[11,11]]}}`, "holey,point,square"},
		{"line touching the line end", `{"intersects":{"type":"LineString","coordinates":[[-1,0],[-1,10]]}}`, "line"},
		{"multipoint", `{"intersects":{"type":"MultiPoint","coordinates":[[20.5,20.5],[100,0]]}}`, "multi"},
		{"between the multipolygon parts", `{"intersects":{"type":"Polygon","coordinates":[[[22,22],[29,22],[29,29],[22,29],[22,22]]]}}`, ""},
		{"bbox of the diamond missing it", `{"bbox":[40,40,44,44]}`, ""},
		{"bbox touching the diamond", `{"bbox":[40,40,45,45]}`, "diamond"},
		{"bbox crossing the antimeridian", `{"bbox":[179,-1,-179,1]}`, "east,west"},
		{"bbox east of the antimeridian", `{"bbox":[179,-1,180,1]}`, "east"},
		{"bbox 6 numbers", `{"bbox":[-1,-1,0,1,1,100]}`, "holey,square"},
		{"geometry collection", `{"intersects":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[5,5]},{"type":"Point","coordinates":[50,50]}]}}`, "diamond,point,square"},
		{"s_intersects filter", `{"filter":{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[3,5]}]}}`, "holey,square"},
		{"s_intersects with a bbox as well", `{"bbox":[-1,-1,11,11],"filter":{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[3,5]}]}}`, "holey,square"},
		{"s_intersects literal first", `{"filter":{"op":"s_intersects","args":[{"type":"Point","coordinates":[3,5]},{"property":"geometry"}]}}`, "holey,square"},
		{"s_intersects under or", `{"filter":{"op":"or","args":[{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[3,5]}]},{"op":"=","args":[{"property":"id"},"east"]}]}}`, "east,holey,square"},
		{"s_intersects bbox literal", `{"filter":{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[179,-1,-179,1]}]}}`, "east,west"},
		{"s_disjoint", `{"filter":{"op":"s_disjoint","args":[{"property":"geometry"},{"bbox":[-10,-10,15,15]}]}}`, "diamond,east,multi,west"},
		{"s_within", `{"filter":{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[-1,-1],[11,-1],[11,11],[-1,11],[-1,-1]]]}]}}`, "holey,point,square"},
		{"s_within touching the boundary", `{"filter":{"op":"s_within","args":[{"property":"geometry"},{"bbox":[0,0,10,10]}]}}`, "holey,point,square"},
		{"s_contains", `{"filter":{"op":"s_contains","args":[{"property":"geometry"},{"type":"Point","coordinates":[5,5]}]}}`, "point,square"},
		{"s_contains a polygon over the hole", `{"filter":{"op":"s_contains","args":[{"property":"geometry"},{"bbox":[2,2,8,8]}]}}`, "square"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := s.Search(mustBody(t, c.body))
			if err != nil {
				t.Fatal(err)
			}
			got := ids(t, p.Items)
			sortStrings(got)
			if strings.Join(got, ",") != c.want {
				t.Fatalf("got %v, want %s", got, c.want)
			}
		})
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestFilterErrors(t *testing.T) {
	for _, f := range []string{
		`{"op":"nope","args":[]}`,
		`{"op":"and"}`,
		`{"op":"and","args":[]}`,
		`{"op":"like","args":[{"property":"id"},5]}`,
		`{"op":"in","args":[{"property":"id"},"x"]}`,
		`{"op":"=","args":[{"property":""},1]}`,
		`{"op":"=","args":[{"timestamp":"soon"},1]}`,
		`{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2020-01-01T00:00:00Z"]}]}`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[1,2,3]}]}`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0]]]}]}`,
		`{"weird":1,"other":2}`,
		`{"op":5,"args":[]}`,
	} {
		_, err := ParseSearchBody([]byte(`{"filter":` + f + `}`))
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("filter %s: %v, want *QueryError", f, err)
		}
	}
	deep := strings.Repeat(`{"op":"not","args":[`, 200) + `true` + strings.Repeat(`]}`, 200)
	if _, err := ParseSearchBody([]byte(`{"filter":` + deep + `}`)); err == nil {
		t.Error("a filter nested 200 deep was accepted")
	}
}
