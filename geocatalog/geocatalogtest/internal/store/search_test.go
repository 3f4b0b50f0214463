package store

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
)

// wantDefaultOrder sorts ids of docs as the default order: datetime
// descending, then id.
func wantDefaultOrder(docs []naipDoc) []string {
	d := slices.Clone(docs)
	sort.Slice(d, func(i, j int) bool {
		if d[i].Datetime != d[j].Datetime {
			return d[i].Datetime > d[j].Datetime
		}
		return d[i].ID < d[j].ID
	})
	out := make([]string, len(d))
	for i := range d {
		out[i] = d[i].ID
	}
	return out
}

func TestPagingEveryIDOnce(t *testing.T) {
	s, docs := naipStore(t)
	want := wantDefaultOrder(docs)
	for _, size := range []int{1, 7, 100, 1000} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			q := mustBody(t, fmt.Sprintf(`{"collections":["naip"],"limit":%d}`, size))
			got := searchAll(t, s, q)
			if !slices.Equal(got, want) {
				t.Fatalf("paging at %d: %d ids, order differs from datetime desc, id", size, len(got))
			}
		})
	}
}

func TestPagingCustomSortEveryIDOnce(t *testing.T) {
	s, docs := naipStore(t)
	for _, size := range []int{1, 7, 100, 1000} {
		q := mustBody(t, fmt.Sprintf(`{"limit":%d,"sortby":[{"field":"properties.naip:year","direction":"asc"},{"field":"id","direction":"desc"}]}`, size))
		got := searchAll(t, s, q)
		if len(got) != len(docs) {
			t.Fatalf("size %d: %d ids", size, len(got))
		}
		seen := map[string]bool{}
		for _, id := range got {
			if seen[id] {
				t.Fatalf("size %d: %s twice", size, id)
			}
			seen[id] = true
		}
		// ids end with the acquisition date; year ascending then id descending.
		for i := 1; i < len(got); i++ {
			if got[i-1] < got[i] && yearOf(got[i-1]) == yearOf(got[i]) {
				t.Fatalf("size %d: %s before %s within a year", size, got[i-1], got[i])
			}
		}
	}
}

func yearOf(id string) string { return id[len(id)-8 : len(id)-4] }

func TestPagingWhileInserting(t *testing.T) {
	s, docs := naipStore(t)
	q := mustBody(t, `{"limit":100}`)
	first, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	// Newer items inserted after page 1 sort before it and must not shift page 2.
	for i := range 50 {
		doc := strings.Replace(string(docs[i].Raw), `"id":"`+docs[i].ID+`"`, `"id":"new-`+docs[i].ID+`"`, 1)
		doc = strings.Replace(doc, `"datetime":"`+docs[i].Datetime+`"`, `"datetime":"2030-01-01T00:00:00Z"`, 1)
		if err := s.CreateItem("naip", "new-"+docs[i].ID, []byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	q.Token = first.Next
	got := append(ids(t, first.Items), searchAll(t, s, q)...)
	if !slices.Equal(got, wantDefaultOrder(docs)) {
		t.Fatalf("paging across inserts: got %d ids, not the original order", len(got))
	}
}

func TestPagingWhileDeleting(t *testing.T) {
	s, docs := naipStore(t)
	want := wantDefaultOrder(docs)
	q := mustBody(t, `{"limit":10}`)
	first, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	// Delete the item the token points at and one on the next page.
	if err := s.DeleteItem("naip", want[9]); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteItem("naip", want[12]); err != nil {
		t.Fatal(err)
	}
	q.Token = first.Next
	rest := searchAll(t, s, q)
	wantRest := append(append([]string{}, want[10:12]...), want[13:]...)
	if !slices.Equal(rest, wantRest) {
		t.Fatalf("after deletes: %d ids, want %d in order", len(rest), len(wantRest))
	}
}

func TestSearchBadToken(t *testing.T) {
	s, _ := naipStore(t)
	for _, tok := range []string{"garbage", "k1.!!!", "k1.e30", "k1." + strings.Repeat("A", 20)} {
		q := &Query{Limit: 10, Token: tok}
		_, err := s.Search(q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("token %q: %v, want *QueryError", tok, err)
		}
	}
	// A default-order token is refused by a search with another order.
	p, _ := s.Search(mustBody(t, `{"limit":5}`))
	q := mustBody(t, `{"limit":5,"sortby":[{"field":"id","direction":"asc"}]}`)
	q.Token = p.Next
	var qe *QueryError
	if _, err := s.Search(q); !errors.As(err, &qe) {
		t.Fatalf("foreign token: %v", err)
	}
	if _, err := ParseSearchBody([]byte(`{"token":"nope"}`)); !errors.As(err, &qe) {
		t.Fatalf("parse bad token: %v", err)
	}
}

func TestSearchBBoxDatetimeMatchesBruteForce(t *testing.T) {
	s, docs := naipStore(t)
	bb := []float64{-87.0, 30.5, -86.0, 31.0}
	var want []naipDoc
	for _, d := range docs {
		overlap := d.BBox[0] <= bb[2] && d.BBox[2] >= bb[0] && d.BBox[1] <= bb[3] && d.BBox[3] >= bb[1]
		inTime := d.Datetime >= "2015-01-01T00:00:00Z" && d.Datetime <= "2019-12-31T23:59:59Z"
		if overlap && inTime {
			want = append(want, d)
		}
	}
	if len(want) < 5 {
		t.Fatalf("test box selects only %d items", len(want))
	}
	q := mustBody(t, `{"collections":["naip"],"bbox":[-87.0,30.5,-86.0,31.0],"datetime":"2015-01-01T00:00:00Z/2019-12-31T23:59:59Z","limit":1000}`)
	p, err := s.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	// Item footprints are slightly rotated quadrilaterals: an item whose bbox
	// only grazes the box corner may not intersect, so compare with care.
	got := ids(t, p.Items)
	if p.Matched != len(got) || p.Next != "" {
		t.Fatalf("matched %d, page %d, next %q", p.Matched, len(got), p.Next)
	}
	wantIDs := wantDefaultOrder(want)
	if len(got) > len(wantIDs) || len(got) < len(wantIDs)-3 {
		t.Fatalf("got %d items, bbox brute force %d", len(got), len(wantIDs))
	}
	j := 0
	for _, id := range got {
		for j < len(wantIDs) && wantIDs[j] != id {
			j++
		}
		if j == len(wantIDs) {
			t.Fatalf("%s not in the brute-force result or out of order", id)
		}
	}
}

func TestSearchIDsAndCollections(t *testing.T) {
	s, docs := naipStore(t)
	if err := s.CreateCollection("other", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateItem("other", docs[0].ID, docs[0].Raw); err != nil {
		t.Fatal(err)
	}
	p, err := s.Search(mustBody(t, fmt.Sprintf(`{"ids":[%q,%q,"missing"]}`, docs[0].ID, docs[1].ID)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Matched != 3 {
		t.Fatalf("ids over all collections: matched %d, want 3", p.Matched)
	}
	p, _ = s.Search(mustBody(t, fmt.Sprintf(`{"collections":["other"],"ids":[%q,%q]}`, docs[0].ID, docs[1].ID)))
	if got := ids(t, p.Items); len(got) != 1 || got[0] != docs[0].ID {
		t.Fatalf("ids in other: %v", got)
	}
	p, _ = s.Search(mustBody(t, `{"collections":["nope"]}`))
	if p.Matched != 0 || len(p.Items) != 0 {
		t.Fatalf("missing collection matched %d", p.Matched)
	}
	p, _ = s.Search(mustBody(t, `{"limit":3}`))
	if p.Matched != 1001 || len(p.Items) != 3 || p.Next == "" {
		t.Fatalf("all collections: matched %d, %d items, next %q", p.Matched, len(p.Items), p.Next)
	}
	// Multi-collection paging gives every (collection, id) once.
	q := mustBody(t, `{"limit":7}`)
	if got := searchAll(t, s, q); len(got) != 1001 {
		t.Fatalf("paging over two collections: %d", len(got))
	}
}

func TestSearchDatetimeOpenEnds(t *testing.T) {
	s, docs := naipStore(t)
	count := func(pred func(string) bool) int {
		n := 0
		for _, d := range docs {
			if pred(d.Datetime) {
				n++
			}
		}
		return n
	}
	cases := []struct {
		dt   string
		want int
	}{
		{"2018-01-01T00:00:00Z/..", count(func(s string) bool { return s >= "2018-01-01T00:00:00Z" })},
		{"../2018-01-01T00:00:00Z", count(func(s string) bool { return s <= "2018-01-01T00:00:00Z" })},
		{"/2013-01-01T00:00:00Z", count(func(s string) bool { return s <= "2013-01-01T00:00:00Z" })},
		{"2021-11-03T16:00:00Z", count(func(s string) bool { return s == "2021-11-03T16:00:00Z" })},
		{"2021-11-03T16:00:00Z/2021-11-03T16:00:00Z", count(func(s string) bool { return s == "2021-11-03T16:00:00Z" })},
	}
	for _, c := range cases {
		p, err := s.Search(mustBody(t, fmt.Sprintf(`{"datetime":%q,"limit":1}`, c.dt)))
		if err != nil {
			t.Fatal(err)
		}
		if p.Matched != c.want || c.want == 0 {
			t.Errorf("datetime %s: matched %d, want %d (>0)", c.dt, p.Matched, c.want)
		}
	}
}

func TestSearchRangeItems(t *testing.T) {
	s := New()
	_ = s.CreateCollection("c", nil)
	put := func(id, props string) {
		doc := `{"type":"Feature","id":"` + id + `","geometry":{"type":"Point","coordinates":[0,0]},"properties":` + props + `}`
		if err := s.CreateItem("c", id, []byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	put("range", `{"datetime":null,"start_datetime":"2020-01-01T00:00:00Z","end_datetime":"2020-12-31T00:00:00Z"}`)
	put("instant", `{"datetime":"2020-06-01T00:00:00Z"}`)
	put("none", `{"datetime":null}`)
	check := func(dt string, want ...string) {
		t.Helper()
		p, err := s.Search(mustBody(t, fmt.Sprintf(`{"datetime":%q}`, dt)))
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(t, p.Items); !slices.Equal(got, want) {
			t.Errorf("datetime %s: %v, want %v", dt, got, want)
		}
	}
	check("2020-03-01T00:00:00Z", "range")
	check("2020-05-01T00:00:00Z/2020-07-01T00:00:00Z", "instant", "range")
	check("2020-12-31T00:00:00Z/..", "range")
	check("2021-01-01T00:00:00Z/..")
	p, _ := s.Search(mustBody(t, `{}`))
	if got := ids(t, p.Items); !slices.Equal(got, []string{"instant", "range", "none"}) {
		t.Errorf("default order with a range and a null datetime: %v", got)
	}
}
