package geocatalogtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

const api = "api-version=2026-04-15"

// tokenOf returns the raw token of a credential.
func tokenOf(t testing.TB, cred azcore.TokenCredential) string {
	t.Helper()
	tok, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{"https://geocatalog.spatio.azure.com/.default"}})
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

// rawClient sends requests to one catalog with one token.
type rawClient struct {
	t     testing.TB
	http  *http.Client
	base  string
	token string
}

func newRaw(t testing.TB, srv *geocatalogtest.Server, cat *geocatalogtest.Catalog) *rawClient {
	return &rawClient{t: t, http: srv.Client(), base: cat.URL, token: tokenOf(t, cat.Credential())}
}

// with returns a copy using another token.
func (c *rawClient) with(token string) *rawClient {
	cp := *c
	cp.token = token
	return &cp
}

type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends method path (path may carry a query; api-version is added unless
// the path already has one or noAPI is set) with body (nil, []byte or any JSON value).
func (c *rawClient) do(method, path string, body any) result {
	c.t.Helper()
	return c.doHeaders(method, path, body, nil)
}

func (c *rawClient) doHeaders(method, path string, body any, hdr map[string]string) result {
	c.t.Helper()
	u := c.base + path
	if !strings.Contains(path, "api-version=") {
		if strings.Contains(path, "?") {
			u += "&" + api
		} else {
			u += "?" + api
		}
	}
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

// wait polls an operation until it ends and returns it.
func (c *rawClient) wait(res result) map[string]any {
	c.t.Helper()
	if res.status != http.StatusAccepted {
		c.t.Fatalf("want 202, got %d: %s", res.status, res.body)
	}
	loc := res.header.Get("operation-location")
	path := strings.TrimPrefix(loc, c.base)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		r := c.do(http.MethodGet, path, nil)
		if r.status != http.StatusOK {
			c.t.Fatalf("poll %s: %d %s", path, r.status, r.body)
		}
		op := r.json(c.t)
		switch op["status"] {
		case "Succeeded", "Failed", "Canceled":
			return op
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.t.Fatalf("operation %s did not finish", path)
	return nil
}

// mustSucceed waits for an operation and fails the test unless it succeeded.
func (c *rawClient) mustSucceed(res result) map[string]any {
	c.t.Helper()
	op := c.wait(res)
	if op["status"] != "Succeeded" {
		c.t.Fatalf("operation %v: %v", op["status"], op["error"])
	}
	return op
}

func collectionBody(id string) map[string]any {
	return map[string]any{
		"id": id, "type": "Collection", "stac_version": "1.0.0", "description": "test collection " + id,
		"license": "proprietary", "links": []any{},
		"extent": map[string]any{
			"spatial":  map[string]any{"bbox": []any{[]any{-180, -90, 180, 90}}},
			"temporal": map[string]any{"interval": []any{[]any{"2020-01-01T00:00:00Z", nil}}},
		},
	}
}

func itemBody(coll, id string, lon, lat float64, dt string, assets map[string]any) map[string]any {
	if assets == nil {
		assets = map[string]any{}
	}
	return map[string]any{
		"type": "Feature", "stac_version": "1.0.0", "id": id, "collection": coll,
		"bbox":       []float64{lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1},
		"geometry":   map[string]any{"type": "Point", "coordinates": []float64{lon, lat}},
		"properties": map[string]any{"datetime": dt},
		"links":      []any{},
		"assets":     assets,
	}
}

// newCollection creates a collection and waits for it.
func (c *rawClient) newCollection(id string) {
	c.t.Helper()
	c.mustSucceed(c.do(http.MethodPost, "/stac/collections", collectionBody(id)))
}

type httpServer = httptest.Server

func newHTTPServer(t *testing.T, h http.Handler) *httpServer {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}
