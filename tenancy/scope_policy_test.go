package tenancy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
)

// recorder is a transport that records what reaches it and answers 200
// with a fixed body.
type recorder struct {
	reqs []*http.Request
	body string
	seen []string // request bodies
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	r.reqs = append(r.reqs, req)
	var b []byte
	if req.Body != nil {
		b, _ = io.ReadAll(req.Body)
	}
	r.seen = append(r.seen, string(b))
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(r.body)), Request: req}, nil
}

func scopedPipeline(rec *recorder) runtime.Pipeline {
	c := Customer{Name: "acme", Collections: []CollectionGrant{{ID: "ro", Access: AccessRead}, {ID: "rw", Access: AccessWrite}}}
	return runtime.NewPipeline("tenancytest", "v0.0.1", runtime.PipelineOptions{},
		&policy.ClientOptions{Transport: rec, PerCallPolicies: []policy.Policy{newScopePolicy(c)}, Retry: policy.RetryOptions{MaxRetries: -1}})
}

func TestScopeRoutes(t *testing.T) {
	cases := []struct {
		method, path string
		allowed      bool
	}{
		{"GET", "/stac", true},
		{"GET", "/stac/conformance", true},
		{"GET", "/stac/queryables", true},
		{"GET", "/stac/collections/ro", true},
		{"GET", "/stac/collections/ro/items/x", true},
		{"GET", "/stac/collections/ro/items", true},
		{"GET", "/stac/collections/ro/queryables", true},
		{"GET", "/stac/collections/ro/configurations/mosaics", true},
		{"GET", "/stac/collections/other", false},
		{"GET", "/stac/collections/other/items/x", false},
		{"POST", "/stac/collections/ro/items", false},
		{"PUT", "/stac/collections/ro/items/x", false},
		{"PATCH", "/stac/collections/ro/items/x", false},
		{"DELETE", "/stac/collections/ro", false},
		{"POST", "/stac/collections/rw/items", true},
		{"DELETE", "/stac/collections/rw/items/x", true},
		{"PUT", "/stac/collections/rw/configurations/tile-settings", true},
		{"POST", "/stac/collections/rw/assets", true},
		{"GET", "/inma/collections/ro/ingestions", true},
		{"POST", "/inma/collections/ro/ingestions", false},
		{"POST", "/inma/collections/rw/ingestions/i/runs", true},
		{"GET", "/inma/collections/other/ingestions", false},
		{"GET", "/inma/ingestion-sources", false},
		{"POST", "/inma/ingestion-sources", false},
		{"DELETE", "/inma/operations", false},
		{"DELETE", "/inma/operations/123", false},
		{"GET", "/sas/token/ro", true},
		{"GET", "/sas/token/other", false},
		{"GET", "/sas/sign", true},
		{"POST", "/sas/token/revoke", false},
		{"GET", "/data/mosaic/collections/ro/tiles/WebMercatorQuad/1/2/3@1x.png", true},
		{"POST", "/data/mosaic/collections/ro/items/x/statistics", true},
		{"GET", "/data/mosaic/collections/other/WMTSCapabilities.xml", false},
		{"GET", "/data/collections/ro/items/x/preview.png", true},
		{"GET", "/data/collections/other/items/x/preview.png", false},
		{"GET", "/data/mosaic/searches/unregistered/tilejson.json", false},
		{"GET", "/data/tile-matrix-sets", true},
		{"GET", "/data/legend/colormap/viridis", true},
		{"GET", "/geocatalog/auth", true},
		{"GET", "/something/new", false},
		{"PUT", "/stac", false},
	}
	for _, tc := range cases {
		rec := &recorder{body: `{}`}
		req, err := runtime.NewRequest(context.Background(), tc.method, "https://acme.geocatalog.spatio.azure.com"+tc.path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = scopedPipeline(rec).Do(req)
		if tc.allowed != (err == nil) || tc.allowed != (len(rec.reqs) == 1) {
			t.Errorf("%s %s: allowed=%v, got err %v and %d requests sent", tc.method, tc.path, tc.allowed, err, len(rec.reqs))
		}
		if err != nil && !errors.Is(err, ErrCollectionNotGranted) {
			t.Errorf("%s %s: %v is not ErrCollectionNotGranted", tc.method, tc.path, err)
		}
	}
}

func TestScopeSearchConfinement(t *testing.T) {
	do := func(method, rawURL, body string) (*recorder, error) {
		rec := &recorder{body: `{}`}
		req, _ := runtime.NewRequest(context.Background(), method, rawURL)
		if body != "" {
			_ = req.SetBody(streaming.NopCloser(bytes.NewReader([]byte(body))), "application/json")
		}
		_, err := scopedPipeline(rec).Do(req)
		return rec, err
	}
	base := "https://acme.geocatalog.spatio.azure.com"
	rec, err := do("GET", base+"/stac/search?bbox=1,2,3,4", "")
	if err != nil || rec.reqs[0].URL.Query().Get("collections") != "ro,rw" || rec.reqs[0].URL.Query().Get("bbox") != "1,2,3,4" {
		t.Fatalf("GET search: %v %v", err, rec.reqs)
	}
	rec, err = do("GET", base+"/stac/search?collections=rw", "")
	if err != nil || rec.reqs[0].URL.Query().Get("collections") != "rw" {
		t.Fatalf("GET search rw: %v", err)
	}
	if _, err := do("GET", base+"/stac/search?collections=rw,secret", ""); !errors.Is(err, ErrCollectionNotGranted) {
		t.Fatalf("GET search secret: %v", err)
	}
	rec, err = do("POST", base+"/stac/search", `{"ids":["a"],"limit":5,"filter":{"op":"=","args":[{"property":"x"},1]}}`)
	if err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	if err := json.Unmarshal([]byte(rec.seen[0]), &sent); err != nil {
		t.Fatal(err)
	}
	if cs, _ := sent["collections"].([]any); len(cs) != 2 || cs[0] != "ro" || cs[1] != "rw" || sent["limit"] != float64(5) || sent["filter"] == nil {
		t.Fatalf("POST search sent %s", rec.seen[0])
	}
	if _, err := do("POST", base+"/stac/search", `{"collections":["secret"]}`); !errors.Is(err, ErrCollectionNotGranted) {
		t.Fatalf("POST search secret: %v", err)
	}
	if _, err := do("POST", base+"/data/mosaic/register", `{"collections":["secret"]}`); !errors.Is(err, ErrCollectionNotGranted) {
		t.Fatalf("register secret: %v", err)
	}
	// A registered mosaic search becomes usable.
	rec = &recorder{body: `{"searchId":"abc123","links":[]}`}
	pl := scopedPipeline(rec)
	req, _ := runtime.NewRequest(context.Background(), "POST", base+"/data/mosaic/register")
	_ = req.SetBody(streaming.NopCloser(bytes.NewReader([]byte(`{"filter-lang":"cql2-json"}`))), "application/json")
	if _, err := pl.Do(req); err != nil {
		t.Fatal(err)
	}
	req, _ = runtime.NewRequest(context.Background(), "GET", base+"/data/mosaic/searches/abc123/tiles/1/2/3")
	if _, err := pl.Do(req); err != nil {
		t.Fatalf("registered search: %v", err)
	}
	// Operation lists keep granted collections' operations only.
	rec = &recorder{body: `{"value":[{"id":"1","collectionId":"ro"},{"id":"2","collectionId":"secret"},{"id":"3"}],"nextLink":"x"}`}
	req, _ = runtime.NewRequest(context.Background(), "GET", base+"/inma/operations")
	resp, err := scopedPipeline(rec).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := runtime.Payload(resp)
	if string(b) != `{"nextLink":"x","value":[{"collectionId":"ro","id":"1"}]}` {
		t.Fatalf("operations: %s", b)
	}
	rec = &recorder{body: `{"id":"2","collectionId":"secret","status":"Succeeded"}`}
	req, _ = runtime.NewRequest(context.Background(), "GET", base+"/inma/operations/2")
	if _, err := scopedPipeline(rec).Do(req); !errors.Is(err, ErrCollectionNotGranted) {
		t.Fatalf("operation of another collection: %v", err)
	}
}
