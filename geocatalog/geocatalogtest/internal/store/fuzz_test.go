package store

import (
	"errors"
	"net/url"
	"testing"
)

// FuzzParseSearchBody: any body either parses or gives a *QueryError, and a
// parsed query runs without panicking.
func FuzzParseSearchBody(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `{"limit":5}`, `{"bbox":[1,2,3,4]}`, `{"bbox":[170,-5,-170,5]}`,
		`{"intersects":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0.2,0.2],[0.8,0.2],[0.8,0.8],[0.2,0.2]]]}}`,
		`{"intersects":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}}`,
		`{"datetime":"2020-01-01T00:00:00Z/.."}`,
		`{"sortby":[{"field":"gsd","direction":"desc"}],"fields":{"include":["a.b"],"exclude":["c"]}}`,
		`{"query":{"gsd":{"lt":1,"in":[1,2]},"id":{"startsWith":"a"}}}`,
		`{"filter":{"op":"and","args":[{"op":"like","args":[{"property":"id"},"a%_"]},{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["..","2020-01-01T00:00:00Z"]}]}]}}`,
		`{"filter":{"op":"s_within","args":[{"property":"geometry"},{"bbox":[0,0,1,1]}]}}`,
		`{"filter":{"op":"between","args":[{"property":"gsd"},{"timestamp":"2020-01-01T00:00:00Z"},3]}}`,
		`{"token":"k1.eyJzIjoiIiwiayI6W119"}`,
	} {
		f.Add([]byte(seed))
	}
	s := geoStoreForFuzz()
	f.Fuzz(func(t *testing.T, body []byte) {
		q, err := ParseSearchBody(body)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error is not a *QueryError: %v", err)
			}
			return
		}
		if _, err := s.Search(q); err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("search error is not a *QueryError: %v", err)
			}
		}
	})
}

func geoStoreForFuzz() Store {
	s := New()
	_ = s.CreateCollection("g", nil)
	for id, doc := range map[string]string{
		"p": `{"id":"p","geometry":{"type":"Point","coordinates":[0.5,0.5]},"properties":{"datetime":"2020-01-01T00:00:00Z","gsd":1,"a":{"b":2}}}`,
		"h": `{"id":"h","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[0.2,0.2],[0.8,0.2],[0.8,0.8],[0.2,0.8],[0.2,0.2]]]},"properties":{"start_datetime":"2019-01-01T00:00:00Z","end_datetime":"2021-01-01T00:00:00Z"}}`,
		"n": `{"id":"n","geometry":null,"properties":{}}`,
	} {
		_ = s.CreateItem("g", id, []byte(doc))
	}
	return s
}

// FuzzCQL2Text: any text filter either compiles or gives a *QueryError, and a
// compiled one runs without panicking.
func FuzzCQL2Text(f *testing.F) {
	for _, seed := range []string{
		`gsd < 1`, `"naip:year" = '2019' AND NOT (id LIKE 'a%')`, `x BETWEEN 1 AND 2 OR y IN ('a', 'b')`,
		`S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))`, `T_INTERSECTS(datetime, INTERVAL('..', '2020-01-01'))`,
		`a IS NOT NULL`, `MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))`, `CASEI(a) = 'x'`, `TRUE`,
	} {
		f.Add(seed)
	}
	s := geoStoreForFuzz()
	f.Fuzz(func(t *testing.T, text string) {
		q, err := ParseSearchParams(url.Values{"filter": {text}, "filter-lang": {"cql2-text"}}, 10, 100)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("error is not a *QueryError: %v", err)
			}
			return
		}
		if _, err := s.Search(q); err != nil {
			t.Fatalf("search: %v", err)
		}
	})
}
