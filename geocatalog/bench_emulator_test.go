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

// plainPage, plainItem, plainLink and plainAsset are what a developer
// writes without the SDK: structs for json.Unmarshal that keep the geometry
// and the properties as raw JSON, as the SDK's stac.Item does, and type the
// rest.
type plainPage struct {
	Type     string      `json:"type"`
	Features []plainItem `json:"features"`
	Links    []plainLink `json:"links"`
}

type plainItem struct {
	Type           string                `json:"type"`
	StacVersion    string                `json:"stac_version"`
	StacExtensions []string              `json:"stac_extensions"`
	ID             string                `json:"id"`
	Collection     string                `json:"collection"`
	Geometry       json.RawMessage       `json:"geometry"`
	BBox           []float64             `json:"bbox"`
	Properties     json.RawMessage       `json:"properties"`
	Links          []plainLink           `json:"links"`
	Assets         map[string]plainAsset `json:"assets"`
}

type plainLink struct {
	Rel   string `json:"rel"`
	Href  string `json:"href"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

type plainAsset struct {
	Href        string   `json:"href"`
	Type        string   `json:"type"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Roles       []string `json:"roles"`
}

// listPlain lists the same items the idiomatic plain way: net/http,
// io.ReadAll and json.Unmarshal into plainPage, following the next links.
// It returns the item count and the URLs of the pages it read.
func listPlain(b *testing.B, srv *geocatalogtest.Server, token string) (int, []string) {
	n := 0
	var urls []string
	next := srv.URL + "/stac/collections/naip10k/items?limit=1000&api-version=2026-04-15"
	hc := srv.Client()
	for next != "" {
		urls = append(urls, next)
		data := get(b, hc, next, token, nil)
		var page plainPage
		if err := json.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
		n += len(page.Features)
		next = ""
		for _, l := range page.Links {
			if l.Rel == "next" && len(page.Features) > 0 {
				next = l.Href
			}
		}
	}
	return n, urls
}

// readRaw reads the pages at urls into io.Discard: the emulator's share of
// a listing (serving, encoding, the loopback transfer), with no decoding.
func readRaw(b *testing.B, srv *geocatalogtest.Server, token string, urls []string) {
	hc := srv.Client()
	for _, u := range urls {
		get(b, hc, u, token, io.Discard)
	}
}

// get sends an authorized GET and returns the body, or copies it to w when
// w is not nil.
func get(b *testing.B, hc *http.Client, url, token string, w io.Writer) []byte {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var data []byte
	if w != nil {
		_, err = io.Copy(w, resp.Body)
	} else {
		data, err = io.ReadAll(resp.Body)
	}
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return data
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
// from the emulator, with the SDK pager and with the idiomatic plain client
// (net/http + json.Unmarshal into plain structs, see plainItem) on the same
// server, and prints the SDK/plain ratio twice: total, and client-only,
// where the emulator's share (the same pages read raw into io.Discard) is
// subtracted from both sides. Target: the SDK at most 1.0x of the plain
// client.
func BenchmarkListItems10k(b *testing.B) {
	srv, client := benchEmulator(b)
	tok, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err != nil {
		b.Fatal(err)
	}
	n, urls := listPlain(b, srv, tok.Token)
	if n != 10000 || len(urls) != 10 {
		b.Fatalf("plain listing: %d items in %d pages", n, len(urls))
	}
	var sdk, plain, raw measured
	b.Run("sdk", func(b *testing.B) {
		measure(b, &sdk, func() {
			if n := listSDK(b, client); n != 10000 {
				b.Fatalf("%d items", n)
			}
		})
	})
	b.Run("plain", func(b *testing.B) {
		measure(b, &plain, func() {
			if n, _ := listPlain(b, srv, tok.Token); n != 10000 {
				b.Fatalf("%d items", n)
			}
		})
	})
	b.Run("raw-read", func(b *testing.B) {
		measure(b, &raw, func() { readRaw(b, srv, tok.Token, urls) })
	})
	// The machine is shared: measure the three alternately, round after
	// round, and compare medians.
	const rounds = 9
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
		t, a = one(func() { readRaw(b, srv, tok.Token, urls) })
		tr, ar = append(tr, t), append(ar, a)
	}
	s, p, r := median(ts), median(tp), median(tr)
	sa, pa, ra := median(as), median(ap), median(ar)
	fmt.Printf("ListItems10k (median of %d interleaved rounds): sdk %v %.0f allocs | plain net/http+json.Unmarshal %v %.0f allocs | emulator (raw read) %v %.0f allocs\n",
		rounds, time.Duration(s), sa, time.Duration(p), pa, time.Duration(r), ra)
	fmt.Printf("ListItems10k sdk/plain: total time %.3fx allocs %.3fx; client-only (emulator subtracted) time %.3fx (sdk %v, plain %v) allocs %.3fx (target <= 1.0x)\n",
		s/p, sa/pa, (s-r)/(p-r), time.Duration(s-r), time.Duration(p-r), (sa-ra)/(pa-ra))
	b.ReportMetric(s/p, "time-ratio")
	b.ReportMetric((s-r)/(p-r), "client-time-ratio")
	b.ReportMetric(sa/pa, "alloc-ratio")
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}
