package store

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseSearchBody(t *testing.T) {
	cases := []struct {
		name  string
		body  string
		check func(*Query) bool
		err   string // substring of the QueryError, "" for success
	}{
		{"empty", ``, func(q *Query) bool { return q.Limit == 250 && q.Collections == nil }, ""},
		{"empty object", `{}`, func(q *Query) bool { return q.Limit == 250 }, ""},
		{"collections ids", `{"collections":["a","b"],"ids":["x"]}`, func(q *Query) bool {
			return reflect.DeepEqual(q.Collections, []string{"a", "b"}) && reflect.DeepEqual(q.IDs, []string{"x"})
		}, ""},
		{"collections string", `{"collections":"a,b"}`, func(q *Query) bool { return len(q.Collections) == 2 }, ""},
		{"collections number", `{"collections":3}`, nil, "collections"},
		{"bbox 4", `{"bbox":[-10,-5,10,5]}`, func(q *Query) bool { return len(q.BBox) == 4 }, ""},
		{"bbox 6", `{"bbox":[-10,-5,0,10,5,100]}`, func(q *Query) bool { return len(q.BBox) == 6 }, ""},
		{"bbox antimeridian", `{"bbox":[170,-5,-170,5]}`, func(q *Query) bool { return q.BBox[0] == 170 }, ""},
		{"bbox 5", `{"bbox":[1,2,3,4,5]}`, nil, "bbox"},
		{"bbox south above north", `{"bbox":[0,10,1,5]}`, nil, "bbox"},
		{"bbox lat range", `{"bbox":[0,-95,1,5]}`, nil, "bbox"},
		{"bbox strings", `{"bbox":["a",1,2,3]}`, nil, "bbox"},
		{"intersects", `{"intersects":{"type":"Point","coordinates":[1,2]}}`, func(q *Query) bool {
			return q.Intersects == orb.Point{1, 2}
		}, ""},
		{"intersects bad", `{"intersects":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}}`, nil, "intersects"},
		{"intersects junk", `{"intersects":{"type":"Blob"}}`, nil, "intersects"},
		{"bbox and intersects", `{"bbox":[0,0,1,1],"intersects":{"type":"Point","coordinates":[1,2]}}`, nil, "only one"},
		{"datetime instant", `{"datetime":"2021-01-02T03:04:05Z"}`, func(q *Query) bool {
			return q.Interval.Start.Equal(ts("2021-01-02T03:04:05Z")) && q.Interval.End.Equal(q.Interval.Start)
		}, ""},
		{"datetime closed", `{"datetime":"2021-01-01T00:00:00Z/2022-01-01T00:00:00+01:00"}`, func(q *Query) bool {
			return q.Interval.End.Equal(ts("2021-12-31T23:00:00Z"))
		}, ""},
		{"datetime open start", `{"datetime":"../2022-01-01T00:00:00Z"}`, func(q *Query) bool { return q.Interval.Start.IsZero() }, ""},
		{"datetime empty start", `{"datetime":"/2022-01-01T00:00:00Z"}`, func(q *Query) bool { return q.Interval.Start.IsZero() }, ""},
		{"datetime open end", `{"datetime":"2022-01-01T00:00:00Z/.."}`, func(q *Query) bool { return q.Interval.End.IsZero() }, ""},
		{"datetime both open", `{"datetime":"../.."}`, nil, "datetime"},
		{"datetime reversed", `{"datetime":"2022-01-01T00:00:00Z/2021-01-01T00:00:00Z"}`, nil, "start is after end"},
		{"datetime garbage", `{"datetime":"yesterday"}`, nil, "datetime"},
		{"datetime number", `{"datetime":5}`, nil, "datetime"},
		{"limit", `{"limit":1000}`, func(q *Query) bool { return q.Limit == 1000 }, ""},
		{"limit 0", `{"limit":0}`, nil, "limit"},
		{"limit too big", `{"limit":1001}`, nil, "limit"},
		{"limit fraction", `{"limit":2.5}`, nil, "limit"},
		{"limit null", `{"limit":null}`, func(q *Query) bool { return q.Limit == 250 }, ""},
		{"sortby", `{"sortby":[{"field":"properties.eo:cloud_cover","direction":"desc"},{"field":"id","direction":"asc"}]}`, func(q *Query) bool {
			return reflect.DeepEqual(q.SortBy, []SortBy{{"eo:cloud_cover", true}, {"id", false}})
		}, ""},
		{"sortby bad direction", `{"sortby":[{"field":"id","direction":"up"}]}`, nil, "sortby"},
		{"sortby no field", `{"sortby":[{"direction":"asc"}]}`, nil, "sortby"},
		{"fields object", `{"fields":{"include":["properties.gsd"],"exclude":["assets"]}}`, func(q *Query) bool {
			return reflect.DeepEqual(q.Fields, &Fields{Include: []string{"properties.gsd"}, Exclude: []string{"assets"}})
		}, ""},
		{"fields array", `{"fields":[{"include":["a"]},{"exclude":["b"]}]}`, func(q *Query) bool {
			return reflect.DeepEqual(q.Fields, &Fields{Include: []string{"a"}, Exclude: []string{"b"}})
		}, ""},
		{"fields empty", `{"fields":{"include":[],"exclude":[]}}`, func(q *Query) bool { return q.Fields == nil }, ""},
		{"fields bad", `{"fields":5}`, nil, "fields"},
		{"query", `{"query":{"gsd":{"lt":1}}}`, func(q *Query) bool { return q.HasFilter() }, ""},
		{"query bad op", `{"query":{"gsd":{"near":1}}}`, nil, "near"},
		{"query not object", `{"query":[1]}`, nil, "query"},
		{"filter", `{"filter-lang":"cql2-json","filter":{"op":"=","args":[{"property":"id"},"x"]}}`, func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter cql-json alias", `{"filter-lang":"cql-json","filter":{"op":"=","args":[{"property":"id"},"x"]}}`, func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter default lang", `{"filter":{"op":"=","args":[{"property":"id"},"x"]}}`, func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter cql2-text", `{"filter-lang":"cql2-text","filter":"id = 'x'"}`, func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter cql2-text bad", `{"filter-lang":"cql2-text","filter":"id = "}`, nil, "cql2-text"},
		{"filter cql2-text not a string", `{"filter-lang":"cql2-text","filter":{"op":"="}}`, nil, "string"},
		{"filter unknown lang", `{"filter-lang":"sql","filter":{}}`, nil, "filter-lang"},
		{"filter unknown op", `{"filter":{"op":"frobnicate","args":[1]}}`, nil, "frobnicate"},
		{"filter arity", `{"filter":{"op":"=","args":[1]}}`, nil, "arguments"},
		{"filter not object", `{"filter":"id='x'"}`, nil, "filter"},
		{"not an object", `[1,2]`, nil, "JSON object"},
		{"bad json", `{"limit":`, nil, "JSON object"},
		{"ignored members", `{"sign":"true","duration":60,"conf":{},"filter-crs":"x"}`, func(q *Query) bool { return q.Limit == 250 }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := ParseSearchBody([]byte(c.body))
			if c.err != "" {
				var qe *QueryError
				if !errors.As(err, &qe) || !strings.Contains(qe.Error(), c.err) {
					t.Fatalf("error %v, want *QueryError containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(q) {
				t.Fatalf("unexpected query %+v", q)
			}
		})
	}
}

func TestParseSearchParams(t *testing.T) {
	cases := []struct {
		name  string
		query string
		check func(*Query) bool
		err   string
	}{
		{"defaults", ``, func(q *Query) bool { return q.Limit == 10 }, ""},
		{"collections ids", `collections=a,b&ids=x,y,z`, func(q *Query) bool {
			return len(q.Collections) == 2 && len(q.IDs) == 3
		}, ""},
		{"bbox comma", `bbox=-10,-5,10,5`, func(q *Query) bool { return reflect.DeepEqual(q.BBox, []float64{-10, -5, 10, 5}) }, ""},
		{"bbox repeated", `bbox=-10&bbox=-5&bbox=10&bbox=5`, func(q *Query) bool { return reflect.DeepEqual(q.BBox, []float64{-10, -5, 10, 5}) }, ""},
		{"bbox bad", `bbox=1,2,x,4`, nil, "bbox"},
		{"intersects", `intersects=` + url.QueryEscape(`{"type":"Point","coordinates":[1,2]}`), func(q *Query) bool { return q.Intersects != nil }, ""},
		{"intersects bad", `intersects=nope`, nil, "intersects"},
		{"datetime", `datetime=2020-01-01T00:00:00Z/..`, func(q *Query) bool { return q.Interval != nil && q.Datetime != "" }, ""},
		{"limit", `limit=10000`, func(q *Query) bool { return q.Limit == 10000 }, ""},
		{"limit over", `limit=10001`, nil, "limit"},
		{"limit word", `limit=ten`, nil, "limit"},
		{"sortby", `sortby=` + url.QueryEscape(`+properties.gsd,-id,datetime`), func(q *Query) bool {
			return reflect.DeepEqual(q.SortBy, []SortBy{{"gsd", false}, {"id", true}, {"datetime", false}})
		}, ""},
		{"fields", `fields=properties.gsd,-assets,+links`, func(q *Query) bool {
			return reflect.DeepEqual(q.Fields, &Fields{Include: []string{"properties.gsd", "links"}, Exclude: []string{"assets"}})
		}, ""},
		{"query", `query=` + url.QueryEscape(`{"gsd":{"eq":0.6}}`), func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter json", `filter-lang=cql2-json&filter=` + url.QueryEscape(`{"op":"<","args":[{"property":"gsd"},1]}`), func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter json no lang", `filter=` + url.QueryEscape(`{"op":"<","args":[{"property":"gsd"},1]}`), func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter text", `filter=` + url.QueryEscape(`gsd < 1`), func(q *Query) bool { return q.HasFilter() }, ""},
		{"filter text bad", `filter=` + url.QueryEscape(`gsd <`), nil, "cql2-text"},
		{"filter json as text", `filter-lang=cql2-text&filter=` + url.QueryEscape(`{"op":"<","args":[{"property":"gsd"},1]}`), nil, "cql2-text"},
		{"token bad", `token=abc`, nil, "token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := url.ParseQuery(c.query)
			if err != nil {
				t.Fatal(err)
			}
			q, err := ParseSearchParams(v, DefaultItemsLimit, MaxItemsLimit)
			if c.err != "" {
				var qe *QueryError
				if !errors.As(err, &qe) || !strings.Contains(qe.Error(), c.err) {
					t.Fatalf("error %v, want *QueryError containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(q) {
				t.Fatalf("unexpected query %+v", q)
			}
		})
	}
}

// A GET and a POST of the same search give the same page.
func TestParseGetEqualsPost(t *testing.T) {
	s, _ := naipStore(t)
	v := url.Values{"collections": {"naip"}, "bbox": {"-87,30.5,-86,31"}, "datetime": {"2015-01-01T00:00:00Z/.."}, "limit": {"20"}, "sortby": {"-properties.gsd,id"}}
	get, err := ParseSearchParams(v, DefaultSearchLimit, MaxSearchLimit)
	if err != nil {
		t.Fatal(err)
	}
	post := mustBody(t, `{"collections":["naip"],"bbox":[-87,30.5,-86,31],"datetime":"2015-01-01T00:00:00Z/..","limit":20,"sortby":[{"field":"gsd","direction":"desc"},{"field":"id","direction":"asc"}]}`)
	p1, err := s.Search(get)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := s.Search(post)
	if !reflect.DeepEqual(ids(t, p1.Items), ids(t, p2.Items)) || p1.Matched != p2.Matched || p1.Next != p2.Next || p1.Matched == 0 {
		t.Fatalf("GET and POST differ: %d/%d matched", p1.Matched, p2.Matched)
	}
}
