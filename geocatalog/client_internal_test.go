package geocatalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestNewClientEndpointRules(t *testing.T) {
	cases := []struct {
		endpoint string
		allowed  []string
		ok       bool
	}{
		{"https://cat.abc.uksouth.geocatalog.spatio.azure.com", nil, true},
		{"https://cat.abc.uksouth.geocatalog.spatio.azure.com/", nil, true},
		{"https://CAT.ABC.UKSOUTH.GEOCATALOG.SPATIO.AZURE.COM", nil, true},
		{"http://cat.abc.uksouth.geocatalog.spatio.azure.com", nil, false},
		{"https://geocatalog.spatio.azure.com", nil, false},
		{"https://evil.com/.geocatalog.spatio.azure.com", nil, false},
		{"https://cat.geocatalog.spatio.azure.com.evil.com", nil, false},
		{"https://127.0.0.1:8443", nil, false},
		{"https://127.0.0.1:8443", []string{"127.0.0.1"}, true},
		{"https://apim.azure-api.net/geocatalog", []string{"apim.azure-api.net"}, true},
		{"https://cat.abc.geocatalog.spatio.azure.com?x=1", nil, false},
		{"https://user:pw@cat.abc.geocatalog.spatio.azure.com", nil, false},
		{"", nil, false},
		{"cat.abc.geocatalog.spatio.azure.com", nil, false},
	}
	for _, tc := range cases {
		_, err := NewClient(tc.endpoint, fakeCredential{}, &ClientOptions{AllowedHosts: tc.allowed})
		if tc.ok != (err == nil) {
			t.Errorf("NewClient(%q, allowed %v): err %v, want ok=%v", tc.endpoint, tc.allowed, err, tc.ok)
		}
		var ia *InvalidArgumentError
		if err != nil && !errors.As(err, &ia) {
			t.Errorf("NewClient(%q): %T is not *InvalidArgumentError", tc.endpoint, err)
		}
	}
	if _, err := NewClient("https://a.b.geocatalog.spatio.azure.com", nil, nil); err == nil {
		t.Error("nil credential accepted")
	}
	if _, err := NewClient("https://a.b.geocatalog.spatio.azure.com", fakeCredential{}, &ClientOptions{APIVersion: "x&y=1"}); err == nil {
		t.Error("api-version with & accepted")
	}
}

func TestAPIVersionOverride(t *testing.T) {
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, 200, map[string]any{"conformsTo": []string{"x"}})
	})
	for _, v := range []string{"", APIVersion2025Preview} {
		c := newTestClient(t, ts, 0, func(o *ClientOptions) { o.APIVersion = v })
		if _, err := c.STAC().GetConformance(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		reqs := ts.requests()
		want := v
		if want == "" {
			want = DefaultAPIVersion
		}
		if got := reqs[len(reqs)-1].RawQuery; got != "api-version="+want {
			t.Errorf("query %q, want api-version=%s", got, want)
		}
	}
}

func TestRebase(t *testing.T) {
	c, err := NewClient("https://cat.x.geocatalog.spatio.azure.com", fakeCredential{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	proxy, err := NewClient("https://apim.example.net/gc", fakeCredential{}, &ClientOptions{AllowedHosts: []string{"apim.example.net"}, APIVersion: "2025-04-30-preview"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		c    *Client
		link string
		want string // "" means refused
	}{
		{c, "http://cat.x.geocatalog.spatio.azure.com/stac/search?token=abc", "https://cat.x.geocatalog.spatio.azure.com/stac/search?token=abc&api-version=2026-04-15"},
		{c, "https://backend-7.internal:8080/stac/collections/a/items?limit=7&api-version=2025-04-30-preview", "https://cat.x.geocatalog.spatio.azure.com/stac/collections/a/items?limit=7&api-version=2025-04-30-preview"},
		{c, "/inma/operations/123", "https://cat.x.geocatalog.spatio.azure.com/inma/operations/123?api-version=2026-04-15"},
		{c, "https://evil.example/steal/stac/search", "https://cat.x.geocatalog.spatio.azure.com/stac/search?api-version=2026-04-15"},
		{c, "https://cat.x.geocatalog.spatio.azure.com/stac/collections/a%2Fb/items", "https://cat.x.geocatalog.spatio.azure.com/stac/collections/a%2Fb/items?api-version=2026-04-15"},
		{c, "https://example.com/nextLink", ""},
		{c, "https://cat.x.geocatalog.spatio.azure.com/", ""},
		{c, "javascript:alert(1)", ""},
		{c, "ftp://cat.x.geocatalog.spatio.azure.com/stac/search", ""},
		{c, "https://cat.x.geocatalog.spatio.azure.com/stac/../admin", ""},
		{c, "search?token=1", ""},
		{c, "", ""},
		{proxy, "https://backend/stac/search?token=1", "https://apim.example.net/gc/stac/search?token=1&api-version=2025-04-30-preview"},
		{proxy, "https://apim.example.net/gc/stac/search?token=1", "https://apim.example.net/gc/stac/search?token=1&api-version=2025-04-30-preview"},
	}
	for _, tc := range cases {
		u, err := tc.c.rebase(tc.link)
		if tc.want == "" {
			var ue *UnsafeURLError
			if !errors.As(err, &ue) {
				t.Errorf("rebase(%q) = %v, %v; want *UnsafeURLError", tc.link, u, err)
			}
			continue
		}
		if err != nil || u.String() != tc.want {
			t.Errorf("rebase(%q) = %v, %v; want %s", tc.link, u, err, tc.want)
		}
	}
}

// TestTokenOnlyToEndpoint checks the origin guard: a request built for
// another host never reaches the transport, so the token is not sent.
func TestTokenOnlyToEndpoint(t *testing.T) {
	other := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { w.WriteHeader(200) })
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { w.WriteHeader(200) })
	c := newTestClient(t, ts, 0)
	req, err := runtimeNewRequest(context.Background(), http.MethodGet, other.URL+"/stac")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.do(req)
	var ue *UnsafeURLError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want *UnsafeURLError", err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("other origin got %d requests", n)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Error("token in error text")
	}
}

func TestIngestionSourceLegacyDiscriminator(t *testing.T) {
	var s IngestionSource
	if err := json.Unmarshal([]byte(`{"id":"00000000-0000-0000-0000-000000000001","sourceType":"SasToken","connectionInfo":{"containerUrl":"https://a.blob.core.windows.net/c"}}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Kind != IngestionSourceKindSASToken || s.ConnectionInfo.ContainerURL == "" {
		t.Errorf("legacy source %+v", s)
	}
	var sum IngestionSourceSummary
	if err := json.Unmarshal([]byte(`{"id":"x","sourceType":"BlobManagedIdentity"}`), &sum); err != nil || sum.Kind != IngestionSourceKindBlobManagedIdentity {
		t.Errorf("legacy summary %+v %v", sum, err)
	}
}
