package geocatalog_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

type benchCred struct{}

func (benchCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "bench", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// pageServer generates STAC pages of 1000 items on the fly from the NAIP
// corpus (ids made unique per page), total items in all, so that the
// process holds no catalog: the heap measured is the client's.
func pageServer(b *testing.B, total int) *httptest.Server {
	raw, err := os.ReadFile(naipBulk)
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(raw), []byte("\n"))
	const size = 1000
	// One page buffer, reused: the server adds a constant ~3 MiB, not garbage.
	var mu sync.Mutex
	var buf bytes.Buffer
	return httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		buf.Reset()
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		w.Header().Set("Content-Type", "application/geo+json")
		buf.WriteString(`{"type":"FeatureCollection","features":[`)
		for i := 0; i < size && p*size+i < total; i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			l := lines[i%len(lines)]
			// Make the id unique: {"assets":...,"id":"X" -> "X-p"
			if j := bytes.Index(l, []byte(`"id":"`)); j >= 0 {
				k := j + 6 + bytes.IndexByte(l[j+6:], '"')
				buf.Write(l[:k])
				fmt.Fprintf(&buf, "-%d", p)
				buf.Write(l[k:])
			} else {
				buf.Write(l)
			}
		}
		buf.WriteString(`],"links":[`)
		if (p+1)*size < total {
			fmt.Fprintf(&buf, `{"rel":"next","type":"application/geo+json","href":"http://backend/stac/search?page=%d","method":"GET"}`, p+1)
		}
		buf.WriteString(`]}`)
		_, _ = w.Write(buf.Bytes())
	}))
}

// heapSampler records the peak of live+unswept heap object bytes.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			h.observe()
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) observe() {
	v := heapObjects()
	for {
		old := h.peak.Load()
		if v <= old || h.peak.CompareAndSwap(old, v) {
			return
		}
	}
}

func (h *heapSampler) finish() uint64 {
	close(h.stop)
	<-h.done
	return h.peak.Load()
}

// streamPeak streams total items through SearchItems and returns the peak
// heap (bytes of heap objects) seen while streaming, and the heap before.
func streamPeak(b *testing.B, total int) (peak, before uint64) {
	srv := pageServer(b, total)
	defer srv.Close()
	opts := &geocatalog.ClientOptions{AllowedHosts: []string{"127.0.0.1"}}
	opts.Transport = srv.Client()
	client, err := geocatalog.NewClient(srv.URL, benchCred{}, opts)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	before = heapObjects()
	h := startHeapSampler()
	n := 0
	for it, err := range client.STAC().SearchItems(context.Background(), &stac.SearchRequest{Limit: 1000}, nil) {
		if err != nil {
			b.Fatal(err)
		}
		if it.ID == "" {
			b.Fatal("empty id")
		}
		n++
		if n%250 == 0 {
			h.observe()
		}
	}
	peak = h.finish()
	if n != total {
		b.Fatalf("streamed %d items, want %d", n, total)
	}
	return peak, before
}

// BenchmarkStreamItems streams 10,000 and 100,000 items through the
// iterator and prints the peak heap of each and their ratio.
func BenchmarkStreamItems(b *testing.B) {
	const mib = 1 << 20
	var peak10k, peak100k uint64
	for _, total := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("items=%d", total), func(b *testing.B) {
			b.ReportAllocs()
			// The peak is a maximum over the GC cycle: keep the largest of
			// all runs so that the short run gets as many chances as the
			// long one.
			var peak, before uint64
			for b.Loop() {
				p, bf := streamPeak(b, total)
				peak, before = max(peak, p), bf
			}
			b.ReportMetric(float64(peak)/mib, "peak-MiB")
			fmt.Printf("StreamItems %d: peak heap %.1f MiB (heap before streaming %.1f MiB, growth %.1f MiB)\n", total, float64(peak)/mib, float64(before)/mib, float64(peak-before)/mib)
			if total == 10000 {
				peak10k = peak
			} else {
				peak100k = peak
			}
		})
	}
	if peak10k > 0 && peak100k > 0 {
		fmt.Printf("StreamItems: peak heap 100k/10k = %.2fx (targets: <= 32 MiB, <= 1.2x)\n", float64(peak100k)/float64(peak10k))
	}
}
