package store

import (
	"bytes"
	"encoding/json"
	"runtime"
	"testing"
	"time"
)

// pageTokens pages through a query once and returns the token of every
// page (the first is "").
func pageTokens(b *testing.B, s Store, body string) []string {
	b.Helper()
	q, err := ParseSearchBody([]byte(body))
	if err != nil {
		b.Fatal(err)
	}
	toks := []string{""}
	for {
		p, err := s.Search(q)
		if err != nil {
			b.Fatal(err)
		}
		if p.Next == "" {
			return toks
		}
		toks = append(toks, p.Next)
		q.Token = p.Next
	}
}

// benchPaging reports the CPU cost of the first and of the last page of a
// query over the 100,000-item store, and their ratio.
func benchPaging(b *testing.B, body string) {
	s := big(b)
	toks := pageTokens(b, s, body)
	q, err := ParseSearchBody([]byte(body))
	if err != nil {
		b.Fatal(err)
	}
	last := *q
	last.Token = toks[len(toks)-1]
	var first, final time.Duration
	b.ResetTimer()
	for range b.N {
		c0 := cpuTime()
		if _, err := s.Search(q); err != nil {
			b.Fatal(err)
		}
		c1 := cpuTime()
		p, err := s.Search(&last)
		if err != nil {
			b.Fatal(err)
		}
		first, final = first+c1-c0, final+cpuTime()-c1
		if len(p.Items) == 0 || p.Next != "" {
			b.Fatalf("last page: %d items, next %q", len(p.Items), p.Next)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(toks)), "pages")
	b.ReportMetric(float64(first.Microseconds())/1000/float64(b.N), "first-cpu-ms")
	b.ReportMetric(float64(final.Microseconds())/1000/float64(b.N), "last-cpu-ms")
	b.ReportMetric(float64(final)/float64(max(first, 1)), "last/first")
}

// BenchmarkSearchPagingLastOverFirst pages 100,000 NAIP items 1,000 at a
// time and compares the last page with the first: default order without
// and with the common filters, and a property sortby.
func BenchmarkSearchPagingLastOverFirst(b *testing.B) {
	b.Run("default", func(b *testing.B) { benchPaging(b, `{"collections":["naip"],"limit":1000}`) })
	b.Run("all-collections", func(b *testing.B) { benchPaging(b, `{"limit":1000}`) })
	b.Run("bbox-datetime", func(b *testing.B) { benchPaging(b, typicalSearch) })
	b.Run("cql2", func(b *testing.B) {
		benchPaging(b, `{"collections":["naip"],"filter-lang":"cql2-json","filter":{"op":"<=","args":[{"property":"gsd"},0.6]},"limit":1000}`)
	})
	b.Run("sortby-gsd", func(b *testing.B) {
		benchPaging(b, `{"collections":["naip"],"sortby":[{"field":"gsd","direction":"asc"}],"limit":1000}`)
	})
}

// BenchmarkHeapPerItem loads 100,000 NAIP items into an empty store and
// reports the heap it holds per item, for the corpus items as they are
// (~2.9 KB of JSON each) and for the same items slimmed to ~830 bytes (no
// links, no stac_extensions, the image asset without its band list, no
// providers), the size of a lean delivery item. Each document is a fresh
// copy handed to the store, so a store that keeps the caller's bytes is
// charged for them, and one that copies them is charged for its copy only.
func BenchmarkHeapPerItem(b *testing.B) {
	big(b)
	for _, c := range []struct {
		name string
		docs [][]byte
	}{{"corpus", bigDocs}, {"slim", slimDocs(b, bigDocs)}} {
		b.Run(c.name, func(b *testing.B) { benchHeapPerItem(b, c.docs) })
	}
}

func benchHeapPerItem(b *testing.B, docs [][]byte) {
	var heap uint64
	for range b.N {
		before := heapAlloc()
		s := New()
		if err := s.CreateCollection("naip", []byte(`{"id":"naip"}`)); err != nil {
			b.Fatal(err)
		}
		for i, doc := range docs {
			if err := s.CreateItem("naip", bigIDs[i], bytes.Clone(doc)); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := s.Search(&Query{Limit: 1}); err != nil { // builds the index
			b.Fatal(err)
		}
		heap = heapAlloc() - before
		runtime.KeepAlive(s)
	}
	var docBytes int
	for _, d := range docs {
		docBytes += len(d)
	}
	n := float64(len(docs))
	b.ReportMetric(float64(heap)/n, "heap-B/item")
	b.ReportMetric(float64(docBytes)/n, "doc-B/item")
	b.ReportMetric(n, "items")
}

// slimDocs are docs without links, stac_extensions, providers, and with
// only the image asset's href, type, roles and title.
func slimDocs(b *testing.B, docs [][]byte) [][]byte {
	out := make([][]byte, len(docs))
	for i, d := range docs {
		var m map[string]any
		if err := json.Unmarshal(d, &m); err != nil {
			b.Fatal(err)
		}
		delete(m, "links")
		delete(m, "stac_extensions")
		delete(m["properties"].(map[string]any), "providers")
		img, _ := m["assets"].(map[string]any)["image"].(map[string]any)
		slim := map[string]any{}
		for _, k := range []string{"href", "type", "roles", "title"} {
			if v, ok := img[k]; ok {
				slim[k] = v
			}
		}
		m["assets"] = map[string]any{"image": slim}
		raw, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = raw
	}
	return out
}
