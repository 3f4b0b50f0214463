package store

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// bigDocs are 100,000 items made from the 1000 NAIP items: copy k of an item
// is moved (k%10)*3 degrees east and (k/10)*1.5 degrees north, its datetime
// moved k*37 days later, and its id suffixed with -k.
var (
	bigOnce  sync.Once
	bigIDs   []string
	bigDocs  [][]byte
	bigStore Store
)

const bigCopies = 100

func makeBigDocs(b *testing.B) {
	src := loadNAIP(b)
	for k := range bigCopies {
		dx, dy := float64(k%10)*3, float64(k/10)*1.5
		for _, d := range src {
			var m map[string]any
			if err := json.Unmarshal(d.Raw, &m); err != nil {
				b.Fatal(err)
			}
			id := fmt.Sprintf("%s-%d", d.ID, k)
			m["id"] = id
			props := m["properties"].(map[string]any)
			dt, _ := time.Parse(time.RFC3339, props["datetime"].(string))
			props["datetime"] = dt.Add(time.Duration(k) * 37 * 24 * time.Hour).Format(time.RFC3339)
			bb := m["bbox"].([]any)
			for i := range bb {
				if i%2 == 0 {
					bb[i] = bb[i].(float64) + dx
				} else {
					bb[i] = bb[i].(float64) + dy
				}
			}
			for _, ring := range m["geometry"].(map[string]any)["coordinates"].([]any) {
				for _, pt := range ring.([]any) {
					p := pt.([]any)
					p[0], p[1] = p[0].(float64)+dx, p[1].(float64)+dy
				}
			}
			raw, err := json.Marshal(m)
			if err != nil {
				b.Fatal(err)
			}
			bigIDs = append(bigIDs, id)
			bigDocs = append(bigDocs, raw)
		}
	}
}

func loadBig(b *testing.B) Store {
	s := New()
	if err := s.CreateCollection("naip", []byte(`{"id":"naip"}`)); err != nil {
		b.Fatal(err)
	}
	for i, doc := range bigDocs {
		if err := s.CreateItem("naip", bigIDs[i], doc); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func big(b *testing.B) Store {
	bigOnce.Do(func() {
		makeBigDocs(b)
		bigStore = loadBig(b)
		// Build the sorted index outside the timed searches.
		if _, err := bigStore.Search(&Query{Limit: 1}); err != nil {
			b.Fatal(err)
		}
	})
	return bigStore
}

// cpuTime is the user+system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkLoad100k indexes 100,000 items into an empty store and reports
// the heap the store holds (documents included).
func BenchmarkLoad100k(b *testing.B) {
	big(b)
	var heap uint64
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		before := heapAlloc()
		b.StartTimer()
		c0 := cpuTime()
		s := loadBig(b)
		if _, err := s.Search(&Query{Limit: 1}); err != nil { // includes the index sort
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		heap = heapAlloc() - before
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	var docBytes int
	for _, d := range bigDocs {
		docBytes += len(d)
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(docBytes)/(1<<20), "docs-MB")
	b.ReportMetric(float64(len(bigDocs)), "items")
}

func benchSearch(b *testing.B, body string, page2 bool) {
	s := big(b)
	q, err := ParseSearchBody([]byte(body))
	if err != nil {
		b.Fatal(err)
	}
	if page2 {
		p, err := s.Search(q)
		if err != nil {
			b.Fatal(err)
		}
		q.Token = p.Next
	}
	var p *Page
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		if p, err = s.Search(q); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	// CPU time of the process per search: on a shared machine wall time
	// (ns/op) includes waiting for a core.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	if len(p.Items) == 0 {
		b.Fatal("empty page")
	}
	b.ReportMetric(float64(len(p.Items)), "items/page")
	b.ReportMetric(float64(p.Matched), "matched")
}

// The typical search: collections + bbox + datetime interval, default order.
const typicalSearch = `{"collections":["naip"],"bbox":[-88,30,-70,40],"datetime":"2012-01-01T00:00:00Z/2022-12-31T23:59:59Z","limit":1000}`

func BenchmarkSearch1000of100k(b *testing.B) { benchSearch(b, typicalSearch, false) }

func BenchmarkSearch1000of100kPage2(b *testing.B) { benchSearch(b, typicalSearch, true) }

func BenchmarkSearch1000of100kNoFilter(b *testing.B) {
	benchSearch(b, `{"collections":["naip"],"limit":1000}`, false)
}

func BenchmarkSearch1000of100kIntersects(b *testing.B) {
	benchSearch(b, `{"collections":["naip"],"intersects":{"type":"Polygon","coordinates":[[[-88,30],[-70,32],[-75,40],[-86,38],[-88,30]],[[-82,33],[-78,33],[-78,36],[-82,33]]]},"limit":1000}`, false)
}

func BenchmarkSearch1000of100kSortBy(b *testing.B) {
	benchSearch(b, `{"collections":["naip"],"bbox":[-88,30,-70,40],"sortby":[{"field":"gsd","direction":"asc"},{"field":"datetime","direction":"desc"}],"limit":1000}`, false)
}

func BenchmarkSearch1000of100kCQL2(b *testing.B) {
	benchSearch(b, `{"collections":["naip"],"filter-lang":"cql2-json","filter":{"op":"and","args":[
		{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[-88,30,-70,40]}]},
		{"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2012-01-01T00:00:00Z","2022-12-31T23:59:59Z"]}]},
		{"op":"<=","args":[{"property":"gsd"},0.6]}]},"limit":1000}`, false)
}

func BenchmarkSearch1000of100kFields(b *testing.B) {
	benchSearch(b, `{"collections":["naip"],"bbox":[-88,30,-70,40],"fields":{"include":["properties.gsd"],"exclude":["links"]},"limit":1000}`, false)
}
