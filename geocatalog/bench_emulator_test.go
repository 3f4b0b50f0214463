package geocatalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// benchEmulator starts an emulator holding 10,000 items (the 1000 NAIP
// items ten times over, with distinct ids) in collection "naip10k"; it is
// closed when the benchmark ends.
func benchEmulator(b *testing.B) (*geocatalogtest.Server, *geocatalog.Client) {
	srv := geocatalogtest.NewServer(nil)
	b.Cleanup(srv.Close)
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		b.Fatal(err)
	}
	base := loadNAIP(b)
	var items []*stac.Item
	for k := range 10 {
		for _, it := range base {
			c := it.Clone()
			c.ID = fmt.Sprintf("%s-%d", it.ID, k)
			items = append(items, c)
		}
	}
	seedCollection(b, client, "naip10k", items, 1000)
	return srv, client
}

// listSDK lists every item of naip10k with the SDK pager.
func listSDK(b *testing.B, client *geocatalog.Client) int {
	n := 0
	p := client.STAC().NewListItemsPager("naip10k", &geocatalog.ListItemsOptions{Limit: 1000})
	for p.More() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		n += len(page.Features)
	}
	return n
}

// listPlain lists the same items with net/http and encoding/json, decoding
// into the same stac types, following the next links.
func listPlain(b *testing.B, srv *geocatalogtest.Server, token string) int {
	return listPlainWith(b, srv, token, func(r io.Reader, page *stac.ItemCollection) error {
		return json.NewDecoder(r).Decode(page)
	})
}

// listPlainReadAll is listPlain with io.ReadAll + UnmarshalJSON, the
// fastest plain decoding of the same types.
func listPlainReadAll(b *testing.B, srv *geocatalogtest.Server, token string) int {
	return listPlainWith(b, srv, token, func(r io.Reader, page *stac.ItemCollection) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return page.UnmarshalJSON(data)
	})
}

func listPlainWith(b *testing.B, srv *geocatalogtest.Server, token string, decode func(io.Reader, *stac.ItemCollection) error) int {
	n := 0
	next := srv.URL + "/stac/collections/naip10k/items?limit=1000&api-version=2026-04-15"
	hc := srv.Client()
	for next != "" {
		req, _ := http.NewRequest(http.MethodGet, next, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var page stac.ItemCollection
		err = decode(resp.Body, &page)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("%d %v", resp.StatusCode, err)
		}
		n += len(page.Features)
		next = ""
		if l := page.NextLink(); l != nil && len(page.Features) > 0 {
			next = l.Href
		}
	}
	return n
}

// measured records the per-op time and allocations of a sub-benchmark's
// last run.
type measured struct {
	ns, allocs, bytes float64
}

func measure(b *testing.B, m *measured, f func()) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	*m = measured{
		ns:     float64(d.Nanoseconds()) / float64(n),
		allocs: float64(after.Mallocs-before.Mallocs) / float64(n),
		bytes:  float64(after.TotalAlloc-before.TotalAlloc) / float64(n),
	}
}

// BenchmarkListItems10k lists and decodes 10,000 items in pages of 1,000
// from the emulator, with the SDK pager and with plain net/http +
// encoding/json on the same server (decoding into the same stac types),
// and prints the ratio. Both sides include the emulator's own work.
func BenchmarkListItems10k(b *testing.B) {
	srv, client := benchEmulator(b)
	tok, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err != nil {
		b.Fatal(err)
	}
	var sdk, plain measured
	b.Run("sdk", func(b *testing.B) {
		measure(b, &sdk, func() {
			if n := listSDK(b, client); n != 10000 {
				b.Fatalf("%d items", n)
			}
		})
	})
	b.Run("nethttp", func(b *testing.B) {
		measure(b, &plain, func() {
			if n := listPlain(b, srv, tok.Token); n != 10000 {
				b.Fatalf("%d items", n)
			}
		})
	})
	var readAll measured
	b.Run("nethttp-readall", func(b *testing.B) {
		measure(b, &readAll, func() {
			if n := listPlainReadAll(b, srv, tok.Token); n != 10000 {
				b.Fatalf("%d items", n)
			}
		})
	})
	// The machine is shared: measure the three alternately, round after
	// round, and compare medians.
	const rounds = 7
	var ts, tp, tr []float64
	var as, ap, ar []float64
	one := func(f func()) (float64, float64) {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		f()
		d := time.Since(start)
		runtime.ReadMemStats(&m1)
		return float64(d.Nanoseconds()), float64(m1.Mallocs - m0.Mallocs)
	}
	for range rounds {
		t, a := one(func() { listSDK(b, client) })
		ts, as = append(ts, t), append(as, a)
		t, a = one(func() { listPlain(b, srv, tok.Token) })
		tp, ap = append(tp, t), append(ap, a)
		t, a = one(func() { listPlainReadAll(b, srv, tok.Token) })
		tr, ar = append(tr, t), append(ar, a)
	}
	fmt.Printf("ListItems10k (median of %d interleaved rounds): sdk %v %.0f allocs | net/http+json.Decoder %v %.0f allocs | net/http+ReadAll+UnmarshalJSON %v %.0f allocs\n",
		rounds, time.Duration(median(ts)), median(as), time.Duration(median(tp)), median(ap), time.Duration(median(tr)), median(ar))
	fmt.Printf("ListItems10k ratios: vs json.Decoder time %.3fx allocs %.3fx; vs ReadAll+UnmarshalJSON time %.3fx allocs %.3fx (targets <= 1.10x, <= 1.5x)\n",
		median(ts)/median(tp), median(as)/median(ap), median(ts)/median(tr), median(as)/median(ar))
	b.ReportMetric(median(ts)/median(tp), "time-ratio")
	b.ReportMetric(median(as)/median(ap), "alloc-ratio")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
