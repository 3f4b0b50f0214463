package gsp_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// breakingTransport cuts the body of the first successful GET of each blob
// that starts past the read-ahead after cut bytes, and records the statuses
// and ranges it saw.
type breakingTransport struct {
	next policy.Transporter
	cut  int

	mu       sync.Mutex
	broken   map[string]bool
	statuses []int
	ranges   []string
}

type cutBody struct {
	r io.ReadCloser
	n int
}

func (b *cutBody) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if len(p) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= n
	return n, err
}
func (b *cutBody) Close() error { return b.r.Close() }

func (bt *breakingTransport) Do(req *http.Request) (*http.Response, error) {
	resp, err := bt.next.Do(req)
	if err != nil {
		return nil, err
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	bt.statuses = append(bt.statuses, resp.StatusCode)
	if r := req.Header.Get("Range"); r != "" {
		bt.ranges = append(bt.ranges, r)
	}
	if req.Method == http.MethodGet && resp.StatusCode == 206 && !strings.HasPrefix(req.Header.Get("Range"), "bytes=0-") && !bt.broken[req.URL.Path] {
		bt.broken[req.URL.Path] = true
		resp.Body = &cutBody{r: resp.Body, n: bt.cut}
	}
	return resp, nil
}

func TestAssetRefreshesRevokedSASAndResumesABrokenStream(t *testing.T) {
	f := newFixture(t, 1)
	client := f.partnerClient(t)
	bt := &breakingTransport{next: f.srv.Client(), cut: 1000, broken: map[string]bool{}}
	var got []byte
	_, err := gsp.Run(context.Background(), client, gsp.Job{
		Source: gsp.Source{Collections: []string{sourceCollection}},
		Output: outputCollection("out"),
		Processor: gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
			a, err := in.OpenAsset(ctx, "data", nil)
			if err != nil {
				return nil, err
			}
			defer a.Close()
			// The customer's admin revokes every SAS token of the catalog:
			// the token the job cached stops working.
			if _, err := f.admin.SAS().RevokeToken(ctx, nil); err != nil {
				return nil, err
			}
			got, err = io.ReadAll(a)
			return nil, err
		}),
		StorageHosts:       []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{Transport: bt},
		DryRun:             true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(assetBytes(f.ids[0])) {
		t.Fatalf("read %d bytes, want the %d of the asset", len(got), len(assetBytes(f.ids[0])))
	}
	bt.mu.Lock()
	defer bt.mu.Unlock()
	saw403 := false
	for _, s := range bt.statuses {
		saw403 = saw403 || s == 403
	}
	// Read-ahead of 64 KiB with the first token; the next range is refused
	// (revoked token), asked again with a fresh token, cut after 1000
	// bytes and resumed there.
	want := []string{"bytes=0-65535", "bytes=65536-", "bytes=65536-", "bytes=66536-"}
	if !saw403 || strings.Join(bt.ranges, " ") != strings.Join(want, " ") {
		t.Fatalf("statuses %v ranges %v: want a 403 (revoked token) and ranges %v", bt.statuses, bt.ranges, want)
	}
}

func TestAssetTokenNeverLeavesManagedStorage(t *testing.T) {
	f := newFixture(t, 1)
	var mu sync.Mutex
	var queries []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		_, _ = w.Write([]byte("elsewhere"))
	}))
	defer other.Close()
	var got string
	var missing error
	_, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
		Source: gsp.Source{Collections: []string{sourceCollection}},
		Output: outputCollection("out"),
		Processor: gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
			foreign := stac.NewItem("foreign")
			foreign.Collection = sourceCollection
			foreign.Assets["x"] = &stac.Asset{Href: other.URL + "/x.bin"}
			a, err := in.OpenItemAsset(ctx, foreign, "x", nil)
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(a)
			got = string(b)
			_, missing = in.OpenAsset(ctx, "no-such-asset", nil)
			return nil, err
		}),
		StorageHosts:       []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
		DryRun:             true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != "elsewhere" {
		t.Fatalf("read %q", got)
	}
	for _, q := range queries {
		if strings.Contains(q, "sig=") {
			t.Fatalf("a SAS token was sent to a foreign host: %q", q)
		}
	}
	var ae *gsp.AssetError
	if !errors.As(missing, &ae) || ae.Key != "no-such-asset" {
		t.Fatalf("missing asset: %v", missing)
	}
}

// flakyTransport answers 503 to the first request of each blob.
type flakyTransport struct {
	next policy.Transporter
	mu   sync.Mutex
	seen map[string]int
}

func (ft *flakyTransport) Do(req *http.Request) (*http.Response, error) {
	ft.mu.Lock()
	ft.seen[req.URL.Path]++
	first := ft.seen[req.URL.Path] == 1
	ft.mu.Unlock()
	if first {
		return &http.Response{StatusCode: 503, Status: "503 Server Busy", Header: http.Header{"X-Ms-Error-Code": {"ServerBusy"}},
			Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
	}
	return ft.next.Do(req)
}

func TestAssetReadsRetryTransientErrors(t *testing.T) {
	f := newFixture(t, 5)
	ft := &flakyTransport{next: f.srv.Client(), seen: map[string]int{}}
	rep, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
		Source:       gsp.Source{Collections: []string{sourceCollection}},
		Output:       outputCollection("out"),
		Processor:    checksumProcessor(0),
		StorageHosts: []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{Transport: ft,
			Retry: policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond}},
	})
	if err != nil || rep.Done != 5 {
		t.Fatalf("err %v, report %+v", err, rep)
	}
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if len(ft.seen) < 5 {
		t.Fatalf("blobs read: %v", ft.seen)
	}
	for p, n := range ft.seen {
		if n < 2 {
			t.Errorf("%s was asked %d times: the 503 was not retried", p, n)
		}
	}
}
