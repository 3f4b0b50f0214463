package geocatalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

var bench10k struct {
	once   sync.Once
	srv    *geocatalogtest.Server
	client *geocatalog.Client
}

// benchEmulator is an emulator holding 10,000 items (the 1000 NAIP items
// ten times over, with distinct ids) in collection "naip10k".
func benchEmulator(b *testing.B) (*geocatalogtest.Server, *geocatalog.Client) {
	bench10k.once.Do(func() {
		srv := geocatalogtest.NewServer(nil)
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
		bench10k.srv, bench10k.client = srv, client
	})
	return bench10k.srv, bench10k.client
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
		err = json.NewDecoder(resp.Body).Decode(&page)
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
	if sdk.ns == 0 || plain.ns == 0 {
		return
	}
	fmt.Printf("ListItems10k: sdk %v/op %.0f allocs/op %.1f MB/op | net/http %v/op %.0f allocs/op %.1f MB/op | ratio time %.3fx allocs %.3fx bytes %.3fx (targets <= 1.10x, <= 1.5x)\n",
		time.Duration(sdk.ns), sdk.allocs, sdk.bytes/1e6, time.Duration(plain.ns), plain.allocs, plain.bytes/1e6,
		sdk.ns/plain.ns, sdk.allocs/plain.allocs, sdk.bytes/plain.bytes)
}
