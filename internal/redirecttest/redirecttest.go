// Package redirecttest is the far end of a redirect attack in tests: a
// server, reachable over https and over plain http, that records every
// request it gets. A hostile server answers 3xx to it, and the test checks
// it was never reached, so neither a token nor a SAS query went with it.
package redirecttest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Hit is one request the target got.
type Hit struct {
	Method, Path, RawQuery string
	// Authorization is the request's Authorization header ("" if none).
	Authorization string
}

// Target records the requests that reach it. It answers 200 with a small
// STAC collection, so that a client that followed a redirect would take the
// answer for a success.
type Target struct {
	// TLS is the target over https (another port than any other server).
	TLS *httptest.Server
	// Plain is the same target over plain http (a downgrade).
	Plain *httptest.Server

	mu   sync.Mutex
	hits []Hit
}

// NewTarget starts both listeners of a target; they stop with the test.
func NewTarget(tb testing.TB) *Target {
	tb.Helper()
	t := &Target{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.mu.Lock()
		t.hits = append(t.hits, Hit{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Authorization: r.Header.Get("Authorization")})
		t.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"stolen","type":"Collection"}`))
	})
	t.TLS = httptest.NewTLSServer(h)
	tb.Cleanup(t.TLS.Close)
	t.Plain = httptest.NewServer(h)
	tb.Cleanup(t.Plain.Close)
	return t
}

// Hits returns the requests the target got so far, oldest first.
func (t *Target) Hits() []Hit {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Hit(nil), t.hits...)
}
