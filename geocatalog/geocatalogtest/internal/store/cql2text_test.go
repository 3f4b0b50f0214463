package store

import (
	"errors"
	"net/url"
	"testing"
)

// TestCQL2TextMatchesJSON: each text filter selects the same NAIP items as
// its CQL2-JSON form.
func TestCQL2TextMatchesJSON(t *testing.T) {
	s, _ := naipStore(t)
	cases := []struct{ text, json string }{
		{`"naip:year" = '2019'`, `{"op":"=","args":[{"property":"naip:year"},"2019"]}`},
		{`naip:year <> '2019' AND gsd >= 0.6`, `{"op":"and","args":[{"op":"<>","args":[{"property":"naip:year"},"2019"]},{"op":">=","args":[{"property":"gsd"},0.6]}]}`},
		{`gsd < 1 OR naip:year = '2011'`, `{"op":"or","args":[{"op":"<","args":[{"property":"gsd"},1]},{"op":"=","args":[{"property":"naip:year"},"2011"]}]}`},
		{`NOT (gsd = 1)`, `{"op":"not","args":[{"op":"=","args":[{"property":"gsd"},1]}]}`},
		{`id LIKE 'al_m_30085%'`, `{"op":"like","args":[{"property":"id"},"al_m_30085%"]}`},
		{`id NOT LIKE 'al_m_30085%'`, `{"op":"not","args":[{"op":"like","args":[{"property":"id"},"al_m_30085%"]}]}`},
		{`gsd BETWEEN 0.5 AND 1`, `{"op":"between","args":[{"property":"gsd"},0.5,1]}`},
		{`naip:year IN ('2011', '2013')`, `{"op":"in","args":[{"property":"naip:year"},["2011","2013"]]}`},
		{`providers IS NULL`, `{"op":"isNull","args":[{"property":"providers"}]}`},
		{`providers IS NOT NULL`, `{"op":"not","args":[{"op":"isNull","args":[{"property":"providers"}]}]}`},
		{`datetime >= TIMESTAMP('2021-01-01T00:00:00Z')`, `{"op":">=","args":[{"property":"datetime"},{"timestamp":"2021-01-01T00:00:00Z"}]}`},
		{`datetime < DATE('2013-06-01')`, `{"op":"<","args":[{"property":"datetime"},{"date":"2013-06-01"}]}`},
		{`T_INTERSECTS(datetime, INTERVAL('2019-01-01T00:00:00Z', '2019-12-31T23:59:59Z'))`, `{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2019-01-01T00:00:00Z","2019-12-31T23:59:59Z"]}]}`},
		{`S_INTERSECTS(geometry, BBOX(-87, 30.5, -86, 31))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[-87,30.5,-86,31]}]}`},
		{`s_intersects(geometry, POLYGON((-87 30.5, -86 30.5, -86 31, -87 31, -87 30.5))) and gsd = 1`, `{"op":"and","args":[{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[-87,30.5],[-86,30.5],[-86,31],[-87,31],[-87,30.5]]]}]},{"op":"=","args":[{"property":"gsd"},1]}]}`},
		{`S_INTERSECTS(geometry, POINT(-85.9 30.97))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[-85.9,30.97]}]}`},
		{`S_INTERSECTS(geometry, MULTIPOINT((-85.9 30.97), (-86.5 30.8)))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[-85.9,30.97],[-86.5,30.8]]}]}`},
		{`S_INTERSECTS(geometry, LINESTRING(-88 30.5, -85 31))`, `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[-88,30.5],[-85,31]]}]}`},
		{`CASEI(id) LIKE casei('AL_M_30085%')`, `{"op":"like","args":[{"casei":{"property":"id"}},{"casei":"AL_M_30085%"}]}`},
		{`(gsd = 1 OR gsd = 0.3) AND (naip:year = '2011' OR naip:year = '2023')`, `{"op":"and","args":[{"op":"or","args":[{"op":"=","args":[{"property":"gsd"},1]},{"op":"=","args":[{"property":"gsd"},0.3]}]},{"op":"or","args":[{"op":"=","args":[{"property":"naip:year"},"2011"]},{"op":"=","args":[{"property":"naip:year"},"2023"]}]}]}`},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			pj, err := s.Search(mustBody(t, `{"limit":1,"filter-lang":"cql2-json","filter":`+c.json+`}`))
			if err != nil {
				t.Fatal(err)
			}
			q, err := ParseSearchParams(url.Values{"filter": {c.text}, "filter-lang": {"cql2-text"}, "limit": {"1"}}, 10, 10000)
			if err != nil {
				t.Fatal(err)
			}
			pt, err := s.Search(q)
			if err != nil {
				t.Fatal(err)
			}
			if pt.Matched != pj.Matched || pj.Matched == 0 || pj.Matched == 1000 {
				t.Fatalf("text matched %d, json %d (want a selective filter)", pt.Matched, pj.Matched)
			}
		})
	}
}

func TestCQL2TextErrors(t *testing.T) {
	for _, f := range []string{
		`gsd <`, `gsd = 'x`, `"gsd = 1`, `gsd = 1 AND`, `(gsd = 1`, `gsd BETWEEN 1`, `gsd IS 5`,
		`gsd IN 1, 2`, `FROB(gsd, 1)`, `S_INTERSECTS(geometry, POINT(1))`, `gsd ! 1`, `gsd = 1 gsd`, `#`,
		`TIMESTAMP('2020-01-01T00:00:00Z', 'x') = datetime`,
	} {
		_, err := ParseSearchParams(url.Values{"filter": {f}}, 10, 10000)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%s: %v, want *QueryError", f, err)
		}
	}
}
