package store

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// naipDoc is one item of testdata/naip-1000.ndjson.gz (1000 real NAIP items
// from the Planetary Computer, collection "naip").
type naipDoc struct {
	ID       string
	Datetime string
	BBox     []float64
	Raw      []byte
}

var (
	naipOnce sync.Once
	naipDocs []naipDoc
	naipErr  error
)

func loadNAIP(tb testing.TB) []naipDoc {
	tb.Helper()
	naipOnce.Do(func() {
		f, err := os.Open("testdata/naip-1000.ndjson.gz")
		if err != nil {
			naipErr = err
			return
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			naipErr = err
			return
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			raw := append([]byte(nil), sc.Bytes()...)
			var d struct {
				ID         string    `json:"id"`
				BBox       []float64 `json:"bbox"`
				Properties struct {
					Datetime string `json:"datetime"`
				} `json:"properties"`
			}
			if naipErr = json.Unmarshal(raw, &d); naipErr != nil {
				return
			}
			naipDocs = append(naipDocs, naipDoc{ID: d.ID, Datetime: d.Properties.Datetime, BBox: d.BBox, Raw: raw})
		}
		naipErr = sc.Err()
	})
	if naipErr != nil {
		tb.Fatal(naipErr)
	}
	return naipDocs
}

// naipStore is a store with collection "naip" holding the 1000 NAIP items.
func naipStore(tb testing.TB) (Store, []naipDoc) {
	tb.Helper()
	docs := loadNAIP(tb)
	s := New()
	if err := s.CreateCollection("naip", []byte(`{"id":"naip","type":"Collection"}`)); err != nil {
		tb.Fatal(err)
	}
	for _, d := range docs {
		if err := s.CreateItem("naip", d.ID, d.Raw); err != nil {
			tb.Fatal(err)
		}
	}
	return s, docs
}

func mustBody(tb testing.TB, body string) *Query {
	tb.Helper()
	q, err := ParseSearchBody([]byte(body))
	if err != nil {
		tb.Fatalf("ParseSearchBody(%s): %v", body, err)
	}
	return q
}

// ids returns the "id" of each document.
func ids(tb testing.TB, docs [][]byte) []string {
	tb.Helper()
	out := make([]string, len(docs))
	for i, d := range docs {
		var x struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(d, &x); err != nil {
			tb.Fatalf("document %d: %v", i, err)
		}
		out[i] = x.ID
	}
	return out
}

// searchAll pages through a query and returns every id in order.
func searchAll(tb testing.TB, s Store, q *Query) []string {
	tb.Helper()
	var all []string
	for range 100000 {
		p, err := s.Search(q)
		if err != nil {
			tb.Fatal(err)
		}
		if len(p.Items) > q.Limit {
			tb.Fatalf("page of %d items over limit %d", len(p.Items), q.Limit)
		}
		all = append(all, ids(tb, p.Items)...)
		if p.Next == "" {
			return all
		}
		q.Token = p.Next
	}
	tb.Fatal("paging does not end")
	return nil
}
