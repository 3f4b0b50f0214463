package geocatalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

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

// BenchmarkListItems10k lists and decodes 10,000 items in pages of 1,000
// from the emulator, with the SDK pager and with plain net/http +
// encoding/json on the same server, and reports the ratio.
func BenchmarkListItems10k(b *testing.B) {
	srv, client := benchEmulator(b)
	tok, err := srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err != nil {
		b.Fatal(err)
	}
	var sdk, plain testing.BenchmarkResult
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n := listSDK(b, client); n != 10000 {
				b.Fatalf("%d items", n)
			}
		}
	})
	b.Run("nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n := listPlain(b, srv, tok.Token); n != 10000 {
				b.Fatalf("%d items", n)
			}
		}
	})
	sdk = testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			listSDK(b, client)
		}
	})
	plain = testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			listPlain(b, srv, tok.Token)
		}
	})
	timeRatio := float64(sdk.NsPerOp()) / float64(plain.NsPerOp())
	allocRatio := float64(sdk.AllocsPerOp()) / float64(plain.AllocsPerOp())
	bytesRatio := float64(sdk.AllocedBytesPerOp()) / float64(plain.AllocedBytesPerOp())
	fmt.Printf("ListItems10k: sdk %v/op %d allocs/op %d B/op | net/http %v/op %d allocs/op %d B/op | ratio time %.3fx allocs %.3fx bytes %.3fx (targets <= 1.10x, <= 1.5x)\n",
		sdkDur(sdk), sdk.AllocsPerOp(), sdk.AllocedBytesPerOp(), sdkDur(plain), plain.AllocsPerOp(), plain.AllocedBytesPerOp(), timeRatio, allocRatio, bytesRatio)
	b.ReportMetric(timeRatio, "time-ratio")
	b.ReportMetric(allocRatio, "alloc-ratio")
}
