package geocatalog_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// hostRecorder is a transport that records the hosts it is asked to reach.
type hostRecorder struct {
	next  http.RoundTripper
	mu    sync.Mutex
	hosts map[string]int
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.hosts[r.URL.Host]++
	h.mu.Unlock()
	return h.next.RoundTrip(r)
}

func (h *hostRecorder) Do(r *http.Request) (*http.Response, error) { return h.RoundTrip(r) }

// TestBehindAPIProxy puts the emulator behind an API proxy with a path
// prefix (as API Management does). The emulator writes links and
// operation-locations with its own backend host; the client rebases them
// onto the proxy endpoint, so it never contacts the backend directly.
func TestBehindAPIProxy(t *testing.T) {
	srv, _ := newEmulator(t, nil)
	backend, _ := url.Parse(srv.URL)
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(backend)
			pr.Out.URL.Path = strings.TrimPrefix(pr.In.URL.Path, "/gc")
			pr.Out.URL.RawPath = ""
			pr.Out.Host = backend.Host
		},
		Transport: srv.Client().Transport,
	}
	proxy := httptest.NewTLSServer(rp)
	t.Cleanup(proxy.Close)

	rec := &hostRecorder{next: proxy.Client().Transport, hosts: map[string]int{}}
	opts := &geocatalog.ClientOptions{AllowedHosts: []string{"127.0.0.1"}, PollFrequency: 10 * time.Millisecond}
	opts.Transport = rec
	client, err := geocatalog.NewClient(proxy.URL+"/gc", srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("proxied"), nil)).done(t)
	var items []*stac.Item
	for i := range 30 {
		items = append(items, newItem(fmt.Sprintf("p%02d", i), "proxied", float64(i), 0, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil))
	}
	await(s.BeginCreateItems(ctx, "proxied", items, nil)).done(t)
	n := 0
	for _, err := range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"proxied"}, Limit: 7}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	p := s.NewListItemsPager("proxied", &geocatalog.ListItemsOptions{Limit: 4})
	m := 0
	for p.More() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m += len(page.Features)
	}
	if n != 30 || m != 30 {
		t.Errorf("search gave %d items, list %d, want 30", n, m)
	}
	proxyHost := strings.TrimPrefix(proxy.URL, "https://")
	for h, c := range rec.hosts {
		if h != proxyHost {
			t.Errorf("client contacted %s %d times; only the proxy %s may be contacted", h, c, proxyHost)
		}
	}
	if rec.hosts[proxyHost] < 10 {
		t.Errorf("only %d requests through the proxy", rec.hosts[proxyHost])
	}
}
