package geocatalog

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// testToken is the bearer token of the fake credential; tests assert it
// never appears in errors.
const testToken = "tok-SECRET-0123456789"

type fakeCredential struct{}

func (fakeCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: testToken, ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// recorded is one request the test server received.
type recorded struct {
	Method   string
	Path     string // escaped path
	RawQuery string
	Header   http.Header
	Body     []byte
}

// testServer is an httptest TLS server that records requests and answers
// with a handler.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newTestServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, body []byte)) *testServer {
	t.Helper()
	ts := &testServer{}
	ts.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ts.mu.Lock()
		ts.reqs = append(ts.reqs, recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Clone(), b})
		ts.mu.Unlock()
		h(w, r, b)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) requests() []recorded {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]recorded(nil), ts.reqs...)
}

// newTestClient builds a client for ts with fast polling and no retries
// unless retries > 0.
func newTestClient(t *testing.T, ts *testServer, retries int, mod ...func(*ClientOptions)) *Client {
	t.Helper()
	opts := &ClientOptions{AllowedHosts: []string{"127.0.0.1"}, PollFrequency: time.Millisecond}
	opts.Transport = ts.Client()
	if retries > 0 {
		opts.Retry = policy.RetryOptions{MaxRetries: int32(retries), RetryDelay: time.Millisecond, MaxRetryDelay: 5 * time.Millisecond}
	} else {
		opts.Retry = policy.RetryOptions{MaxRetries: -1}
	}
	for _, m := range mod {
		m(opts)
	}
	c, err := NewClient(ts.URL, fakeCredential{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
