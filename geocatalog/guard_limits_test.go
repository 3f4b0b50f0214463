package geocatalog_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

const gib = 1 << 30

// hugeBodyServer answers every request with a 1 GiB JSON body, streamed
// (chunked) or, with declared, with its Content-Length. sent counts the
// bytes it managed to write.
func hugeBodyServer(t testing.TB, declared bool, sent *atomic.Int64) *httptest.Server {
	chunk := []byte(`{"id":"c1","type":"Collection","description":"` + strings.Repeat("x", 64<<10) + `",`)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if declared {
			w.Header().Set("Content-Length", strconv.Itoa(gib))
		}
		for n := 0; n < gib; n += len(chunk) {
			k, err := w.Write(chunk[:min(len(chunk), gib-n)])
			sent.Add(int64(k))
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hugeBodyTransport answers every request with a 1 GiB JSON body generated
// as it is read, with no server in the process: what the allocation figures
// count is the client's alone. The status is 200 unless status says
// otherwise.
type hugeBodyTransport struct{ status int }

// endlessBody yields n bytes of a JSON string member, allocating nothing.
type endlessBody struct{ n int64 }

func (b *endlessBody) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), b.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	b.n -= k
	return int(k), nil
}

func (*endlessBody) Close() error { return nil }

func (h hugeBodyTransport) Do(r *http.Request) (*http.Response, error) {
	status := h.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), ContentLength: -1, Request: r,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(io.MultiReader(strings.NewReader(`{"id":"c1","description":"`), &endlessBody{n: gib}))}, nil
}

func limitedClient(t testing.TB, endpoint string, tr policy.Transporter, limits geocatalog.ResponseLimits) *geocatalog.Client {
	client, err := geocatalog.NewClient(endpoint, geocatalogtest.NewStaticCredential("t"), &geocatalog.ClientOptions{
		ClientOptions:  azcore.ClientOptions{Transport: tr, Retry: policy.RetryOptions{MaxRetries: 3}},
		AllowedHosts:   []string{"127.0.0.1"},
		ResponseLimits: limits,
	})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// refuseHuge asks for one collection from srv and returns the error and the
// bytes allocated meanwhile.
func refuseHuge(client *geocatalog.Client) (uint64, error) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := client.STAC().GetCollection(context.Background(), "c1", nil)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, err
}

// TestHugeResponseRefused sends a 1 GiB collection body to a client whose
// document limit is 8 MiB: from a hostile TLS server, streamed and with its
// Content-Length declared, the call must fail with a *ResponseTooLargeError
// (not retried) and the server must not manage to push the body; from an
// in-process transport (so that only the client's allocations count), the
// refusal, of a success or an error body, must allocate at most the limit
// plus a small constant.
func TestHugeResponseRefused(t *testing.T) {
	const limit = 8 << 20
	check := func(t *testing.T, err error) {
		t.Helper()
		var tl *geocatalog.ResponseTooLargeError
		if !errors.As(err, &tl) {
			t.Fatalf("err = %v, want *ResponseTooLargeError", err)
		}
		if tl.Kind != "document" || tl.Limit != limit {
			t.Fatalf("kind %q limit %d", tl.Kind, tl.Limit)
		}
	}
	for _, declared := range []bool{false, true} {
		t.Run("server,Content-Length="+strconv.FormatBool(declared), func(t *testing.T) {
			var sent atomic.Int64
			srv := hugeBodyServer(t, declared, &sent)
			client := limitedClient(t, srv.URL, srv.Client(), geocatalog.ResponseLimits{Documents: limit})
			alloc, err := refuseHuge(client)
			check(t, err)
			t.Logf("allocated %.1f MiB in the process (client and server); the server sent %d MiB", float64(alloc)/(1<<20), sent.Load()>>20)
			if declared && alloc > limit {
				t.Fatalf("a declared 1 GiB length allocated %d bytes: it must be refused unread", alloc)
			}
			if s := sent.Load(); s > gib/4 {
				t.Fatalf("the server wrote %d bytes: the body was read on", s)
			}
		})
	}
	for _, status := range []int{http.StatusOK, http.StatusNotFound} {
		t.Run("allocation,status="+strconv.Itoa(status), func(t *testing.T) {
			client := limitedClient(t, "https://127.0.0.1", hugeBodyTransport{status: status}, geocatalog.ResponseLimits{Documents: limit})
			alloc, err := refuseHuge(client)
			check(t, err)
			// The client reads bodies of unknown length in chunks of at most
			// 1 MiB and keeps nothing of a refused one: it allocates what it
			// read (the limit) plus at most one chunk, and a little for the
			// request.
			bound := uint64(limit + 2<<20) // the same with -race
			t.Logf("allocated %d bytes (%.1f MiB) refusing a 1 GiB streamed body (status %d), limit %d MiB", alloc, float64(alloc)/(1<<20), status, limit>>20)
			if alloc > bound {
				t.Fatalf("allocated %d bytes, bound %d", alloc, bound)
			}
		})
	}
}

// TestResponseLimitPerKind checks that the page limit applies to search
// pages, streamed or not, and the document limit does not.
func TestResponseLimitPerKind(t *testing.T) {
	srv, _ := newEmulator(t, nil)
	opts := srv.ClientOptions()
	opts.ResponseLimits = geocatalog.ResponseLimits{Pages: 300}
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	await(client.STAC().BeginCreateCollection(ctx, testCollection("lim"), nil)).done(t)
	if _, err := client.STAC().GetCollection(ctx, "lim", nil); err != nil {
		t.Fatalf("a small document must pass: %v", err)
	}
	var tl *geocatalog.ResponseTooLargeError
	_, err = client.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	if !errors.As(err, &tl) || tl.Kind != "page" {
		t.Fatalf("collections page over 300 bytes: err = %v", err)
	}
	for _, err := range client.STAC().SearchItems(ctx, &stac.SearchRequest{Collections: []string{"lim"}}, nil) {
		if err != nil {
			t.Fatalf("an empty search page is small: %v", err)
		}
	}
	var items []*stac.Item
	for i := range 5 {
		items = append(items, newItem(fmt.Sprintf("i%d", i), "lim", 1, 2, time.Now().UTC(), nil))
	}
	await(client.STAC().BeginCreateItems(ctx, "lim", items, nil)).done(t)
	// The streamed search reads the page body as it arrives: the limit
	// stops it there too.
	var streamErr error
	for _, err := range client.STAC().SearchItems(ctx, &stac.SearchRequest{Collections: []string{"lim"}}, nil) {
		if err != nil {
			streamErr = err
			break
		}
	}
	if !errors.As(streamErr, &tl) || tl.Kind != "page" {
		t.Fatalf("streamed search page over 300 bytes: err = %v", streamErr)
	}
	if _, err := client.STAC().GetItem(ctx, "lim", "i0", nil); err != nil {
		t.Fatalf("one item is a document: %v", err)
	}
}

// BenchmarkRefuseHugeResponse prints the bytes the client allocates to
// refuse a 1 GiB streamed body (generated in process) at the default 64 MiB
// limit and at a 1 MiB limit.
func BenchmarkRefuseHugeResponse(b *testing.B) {
	for _, limit := range []int64{geocatalog.DefaultMaxResponseBytes, 1 << 20} {
		b.Run("limit="+strconv.FormatInt(limit>>20, 10)+"MiB", func(b *testing.B) {
			client := limitedClient(b, "https://127.0.0.1", hugeBodyTransport{}, geocatalog.ResponseLimits{Documents: limit})
			var total uint64
			for i := 0; i < b.N; i++ {
				alloc, err := refuseHuge(client)
				if err == nil {
					b.Fatal("a 1 GiB body was accepted")
				}
				total += alloc
			}
			b.ReportMetric(float64(total)/float64(b.N)/(1<<20), "MiB-alloc/refusal")
			b.ReportMetric(float64(total)/float64(b.N)/float64(limit), "alloc/limit")
		})
	}
}

// cutOnceTransport answers every request with body; the first answer is cut
// after half of it with a connection error.
type cutOnceTransport struct {
	body  string
	calls atomic.Int32
}

func (c *cutOnceTransport) Do(r *http.Request) (*http.Response, error) {
	var body io.Reader = strings.NewReader(c.body)
	if c.calls.Add(1) == 1 {
		body = io.MultiReader(strings.NewReader(c.body[:len(c.body)/2]), iotest.ErrReader(io.ErrUnexpectedEOF))
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", ContentLength: -1, Request: r,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(body)}, nil
}

// TestBodyReadFailureRetried checks that the client's body download keeps
// azcore's retry rules: a body cut mid-way is read again for a GET, and not
// for a POST (the service may have acted on it).
func TestBodyReadFailureRetried(t *testing.T) {
	ctx := context.Background()
	get := &cutOnceTransport{body: `{"id":"c1","type":"Collection","stac_version":"1.0.0","description":"d","license":"CC0-1.0","links":[],"extent":{"spatial":{"bbox":[[0,0,1,1]]},"temporal":{"interval":[[null,null]]}}}`}
	col, err := limitedClient(t, "https://127.0.0.1", get, geocatalog.ResponseLimits{}).STAC().GetCollection(ctx, "c1", nil)
	if err != nil || col.ID != "c1" || get.calls.Load() != 2 {
		t.Fatalf("GET with a cut body: %d calls, id %q, err %v", get.calls.Load(), col.ID, err)
	}
	post := &cutOnceTransport{body: `{"type":"FeatureCollection","features":[],"links":[]}`}
	_, err = limitedClient(t, "https://127.0.0.1", post, geocatalog.ResponseLimits{}).STAC().NewSearchPager(&stac.SearchRequest{Collections: []string{"c1"}}, nil).NextPage(ctx)
	if !errors.Is(err, io.ErrUnexpectedEOF) || post.calls.Load() != 1 {
		t.Fatalf("POST with a cut body: %d calls, err %v", post.calls.Load(), err)
	}
}
