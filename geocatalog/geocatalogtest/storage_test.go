package geocatalogtest_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// getBlob reads a URL with the server's client, without a bearer token.
func (c *rawClient) getBlob(u string, hdr map[string]string) (int, http.Header, []byte) {
	c.t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestManagedStorage: assets are copied in, hrefs rewritten, and the blob
// endpoint serves them only with a valid SAS.
func TestManagedStorage(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)
	item := itemBody("coll", "withasset", 1, 1, "2021-01-01T00:00:00Z", map[string]any{
		"image": map[string]any{"href": as.URL + "/data/image.tif", "type": "image/tiff"},
	})
	c.mustSucceed(c.do("POST", "/stac/collections/coll/items", item))
	got := c.do("GET", "/stac/collections/coll/items/withasset", nil).json(t)
	href := got["assets"].(map[string]any)["image"].(map[string]any)["href"].(string)
	if !strings.HasPrefix(href, f.srv.BlobURL+"/coll-") || !strings.HasSuffix(href, "/withasset/image.tif") {
		t.Fatalf("href not rewritten to managed storage: %s", href)
	}
	container := strings.Split(strings.TrimPrefix(href, f.srv.BlobURL+"/"), "/")[0]

	if st, hdr, _ := c.getBlob(href, nil); st != 403 || hdr.Get("x-ms-error-code") != "AuthenticationFailed" {
		t.Fatalf("read without SAS: %d %s", st, hdr.Get("x-ms-error-code"))
	}
	tok := c.do("GET", "/sas/token/coll", nil).json(t)
	sas := tok["token"].(string)
	if _, err := time.Parse(time.RFC3339, tok["msft:expiry"].(string)); err != nil {
		t.Fatalf("expiry %v", tok["msft:expiry"])
	}
	st, hdr, body := c.getBlob(href+"?"+sas, nil)
	if st != 200 || string(body) != "bytes of /data/image.tif" || hdr.Get("Content-Type") != "image/tiff" {
		t.Fatalf("read with SAS: %d %q %s", st, body, hdr.Get("Content-Type"))
	}
	if st, _, body := c.getBlob(href+"?"+sas, map[string]string{"Range": "bytes=0-4"}); st != 206 || string(body) != "bytes" {
		t.Fatalf("range read: %d %q", st, body)
	}
	checkRangeReads(t, f, href, sas, "bytes of /data/image.tif")

	signRes := c.do("GET", "/sas/sign?href="+url.QueryEscape(href), nil)
	checkShape(t, "Sas_GetSign", loadExample(t, "Sas_GetSign"), "200", signRes)
	signed := signRes.json(t)
	if st, _, _ := c.getBlob(signed["href"].(string), nil); st != 200 || signed["msft:expiry"] == nil {
		t.Fatalf("signed href: %d %v", st, signed)
	}
	ext := c.do("GET", "/sas/sign?href="+url.QueryEscape("https://example.com/a.tif"), nil).json(t)
	if ext["href"] != "https://example.com/a.tif" || ext["msft:expiry"] != nil {
		t.Fatalf("foreign href signed: %v", ext)
	}
	signedItem := c.do("GET", "/stac/collections/coll/items/withasset?sign=true", nil).json(t)
	sh := signedItem["assets"].(map[string]any)["image"].(map[string]any)["href"].(string)
	if st, _, _ := c.getBlob(sh, nil); st != 200 {
		t.Fatalf("sign=true href: %d", st)
	}

	// Tampered, wrong container, expired, revoked.
	q, _ := url.ParseQuery(sas)
	tampered := strings.Replace(sas, "sp=rl", "sp=rwl", 1)
	if st, _, _ := c.getBlob(href+"?"+tampered, nil); st != 403 {
		t.Fatalf("tampered SAS: %d", st)
	}
	c.newCollection("coll2")
	other := c.do("GET", "/sas/token/coll2", nil).json(t)["token"].(string)
	if st, _, _ := c.getBlob(href+"?"+other, nil); st != 403 {
		t.Fatalf("SAS of another container: %d", st)
	}
	q.Set("se", time.Now().Add(-time.Hour).UTC().Format(time.RFC3339))
	if st, _, _ := c.getBlob(href+"?"+q.Encode(), nil); st != 403 {
		t.Fatalf("expired SAS: %d", st)
	}
	short := c.do("GET", "/sas/token/coll?duration=1", nil).json(t)
	exp, _ := time.Parse(time.RFC3339, short["msft:expiry"].(string))
	if d := time.Until(exp); d > 61*time.Second || d < 50*time.Second {
		t.Fatalf("duration=1 minute gave expiry in %v", d)
	}
	if r := c.do("POST", "/sas/token/revoke", nil); r.status != 200 {
		t.Fatalf("revoke: %d", r.status)
	}
	if st, _, _ := c.getBlob(href+"?"+sas, nil); st != 403 {
		t.Fatalf("revoked SAS: %d", st)
	}
	if !strings.HasPrefix(container, "coll-") || len(container) != len("coll-")+8 {
		t.Fatalf("container name %q", container)
	}

	// Deleting the item deletes its blobs.
	fresh := c.do("GET", "/sas/token/coll", nil).json(t)["token"].(string)
	c.mustSucceed(c.do("DELETE", "/stac/collections/coll/items/withasset", nil))
	if st, _, _ := c.getBlob(href+"?"+fresh, nil); st != 404 {
		t.Fatalf("blob of deleted item: %d", st)
	}
}

// TestAssetFailures: unreadable sources fail the operation with the
// service's ingestion codes, and the SAS of an ingestion source is used.
func TestAssetFailures(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)
	cases := map[string]string{
		as.URL + "/missing/a.tif":   "IngestionResourceUriNotFound",
		as.URL + "/forbidden/a.tif": "IngestionResourceForbidden",
		"relative/a.tif":            "InvalidAssetHref",
		"s3://bucket/a.tif":         "InvalidAssetHref",
		"http://127.0.0.1:1/a.tif":  "IngestionResourceConnectionFailed",
	}
	i := 0
	for href, code := range cases {
		i++
		id := "bad" + string(rune('a'+i))
		op := c.wait(c.do("POST", "/stac/collections/coll/items", itemBody("coll", id, 0, 0, "2021-01-01T00:00:00Z",
			map[string]any{"data": map[string]any{"href": href}})))
		e, _ := op["error"].(map[string]any)
		if op["status"] != "Failed" || e["code"] != code {
			t.Errorf("%s: %v %v, want %s", href, op["status"], e, code)
		}
		if strings.Contains(e["message"].(string), "sig=") {
			t.Errorf("message leaks a query: %s", e["message"])
		}
	}

	// A private container: readable only with ?sig=secret, which a
	// registered SasToken source supplies.
	priv := privateServer(t)
	href := priv.URL + "/container/dir/a.tif"
	op := c.wait(c.do("POST", "/stac/collections/coll/items", itemBody("coll", "p1", 0, 0, "2021-01-01T00:00:00Z",
		map[string]any{"data": map[string]any{"href": href}})))
	if op["error"].(map[string]any)["code"] != "IngestionResourceForbidden" {
		t.Fatalf("private without source: %v", op)
	}
	c.mustSucceed(c.do("POST", "/stac/collections/coll/items", itemBody("coll", "p2", 0, 0, "2021-01-01T00:00:00Z",
		map[string]any{"data": map[string]any{"href": href + "?sv=1&sig=secret"}})))
	src := map[string]any{"id": "5b1e0a52-3f73-4d35-9c0e-6f35c1c0b0a1", "kind": "SasToken",
		"connectionInfo": map[string]any{"containerUrl": priv.URL + "/container", "sasToken": "sv=1&se=2099-01-01T00:00:00Z&sr=c&sp=rl&sig=secret"}}
	res := c.do("POST", "/inma/ingestion-sources", src)
	if res.status != 201 || res.header.Get("Location") == "" {
		t.Fatalf("source: %d %s", res.status, res.body)
	}
	if strings.Contains(string(res.body), "secret") {
		t.Fatal("source echoes its SAS token")
	}
	c.mustSucceed(c.do("POST", "/stac/collections/coll/items", itemBody("coll", "p3", 0, 0, "2021-01-01T00:00:00Z",
		map[string]any{"data": map[string]any{"href": href}})))
	src["id"] = "7d0b3c9e-1b5e-4a43-8d36-2f1f0c9e7a11"
	if r := c.do("POST", "/inma/ingestion-sources", src); r.status != 409 || r.header.Get("x-ms-error-code") != "Conflict" {
		t.Fatalf("second source on the container: %d", r.status)
	}
}

// privateServer serves /container/... only to requests carrying sig=secret.
func privateServer(t *testing.T) *httpServer {
	t.Helper()
	return newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("sig") != "secret" {
			http.Error(w, "AuthenticationFailed", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte("private " + r.URL.Path))
	}))
}

// TestCollectionAssetsAndThumbnail: a multipart collection asset lands in
// managed storage; the thumbnail route serves it; sign=true signs it.
func TestCollectionAssetsAndThumbnail(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	ct, body := multipartAsset(t, `{"key":"thumbnail","type":"image/png","roles":["thumbnail"],"title":"thumb"}`, "PNGDATA")
	res := c.doHeaders("POST", "/stac/collections/coll/assets", body, map[string]string{"Content-Type": ct})
	if res.status != 201 {
		t.Fatalf("create asset: %d %s", res.status, res.body)
	}
	href := res.json(t)["assets"].(map[string]any)["thumbnail"].(map[string]any)["href"].(string)
	if !strings.HasSuffix(href, "/collection-assets/thumbnail/test-asset.txt") {
		t.Fatalf("asset href %s", href)
	}
	th := c.do("GET", "/stac/collections/coll/thumbnail", nil)
	if th.status != 200 || string(th.body) != "PNGDATA" || th.header.Get("Content-Type") != "image/png" {
		t.Fatalf("thumbnail: %d %q %s", th.status, th.body, th.header.Get("Content-Type"))
	}
	signed := c.do("GET", "/stac/collections?sign=true", nil).json(t)
	sh := signed["collections"].([]any)[0].(map[string]any)["assets"].(map[string]any)["thumbnail"].(map[string]any)["href"].(string)
	if st, _, b := c.getBlob(sh, nil); st != 200 || string(b) != "PNGDATA" {
		t.Fatalf("signed collection asset: %d %q", st, b)
	}
	if r := c.do("DELETE", "/stac/collections/coll/assets/thumbnail", nil); r.status != 200 {
		t.Fatalf("delete asset: %d", r.status)
	}
	if r := c.do("GET", "/stac/collections/coll/thumbnail", nil); r.status != 404 {
		t.Fatalf("thumbnail after delete: %d", r.status)
	}
}
