package geocatalogtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// staticCatalog serves catalog.json -> sub/collection.json -> items with
// relative links and relative asset hrefs, n items in all.
func staticCatalog(t *testing.T, n int) *httpServer {
	t.Helper()
	return newHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/stac/catalog.json":
			_ = json.NewEncoder(w).Encode(map[string]any{"type": "Catalog", "id": "root", "stac_version": "1.0.0", "description": "d",
				"links": []any{map[string]any{"rel": "child", "href": "./sub/collection.json"}, map[string]any{"rel": "self", "href": "./catalog.json"}}})
		case r.URL.Path == "/stac/sub/collection.json":
			links := []any{map[string]any{"rel": "parent", "href": "../catalog.json"}}
			for i := range n {
				links = append(links, map[string]any{"rel": "item", "href": fmt.Sprintf("./items/i%d/i%d.json", i, i)})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"type": "Collection", "id": "src", "description": "d", "links": links})
		case strings.HasPrefix(r.URL.Path, "/stac/sub/items/") && strings.HasSuffix(r.URL.Path, ".json"):
			parts := strings.Split(r.URL.Path, "/")
			id := parts[len(parts)-2]
			item := itemBody("src", id, 5, 5, "2022-03-01T00:00:00Z", map[string]any{"data": map[string]any{"href": "./data.tif", "type": "image/tiff"}})
			item["links"] = []any{map[string]any{"rel": "self", "href": "./" + id + ".json"}}
			_ = json.NewEncoder(w).Encode(item)
		case strings.HasSuffix(r.URL.Path, "/data.tif"):
			w.Header().Set("Content-Type", "image/tiff")
			_, _ = w.Write([]byte("tif " + r.URL.Path))
		default:
			http.NotFound(w, r)
		}
	}))
}

func waitRun(t *testing.T, c *rawClient, runPath string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		run := c.do("GET", runPath, nil).json(t)
		switch run["operation"].(map[string]any)["status"] {
		case "Succeeded", "Failed", "Canceled":
			return run
		}
	}
	t.Fatal("run did not finish")
	return nil
}

// TestIngestionRun: a static catalog over HTTP is ingested with counters;
// a second run fails on existing items unless skipExistingItems.
func TestIngestionRun(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	cat := staticCatalog(t, 5)
	exIng := loadExample(t, "Ingestions_Get")
	res := c.do("POST", "/inma/collections/coll/ingestions", map[string]any{
		"importType": "StaticCatalog", "displayName": "delivery", "sourceCatalogUrl": cat.URL + "/stac/catalog.json",
		"skipExistingItems": false, "keepOriginalAssets": false})
	if res.status != 201 || res.header.Get("Location") == "" {
		t.Fatalf("create ingestion: %d %s", res.status, res.body)
	}
	ingID := res.json(t)["id"].(string)
	base := "/inma/collections/coll/ingestions/" + ingID
	checkShape(t, "Ingestions_Get", exIng, "200", c.do("GET", base, nil))

	exRunCreate := loadExample(t, "IngestionRuns_Create")
	res = c.do("POST", base+"/runs", nil)
	checkShape(t, "IngestionRuns_Create", exRunCreate, "201", res)
	runID := res.json(t)["id"].(string)
	run := waitRun(t, c, base+"/runs/"+runID)
	checkShape(t, "IngestionRuns_Get", loadExample(t, "IngestionRuns_Get"), "200", c.do("GET", base+"/runs/"+runID, nil))
	op := run["operation"].(map[string]any)
	if op["status"] != "Succeeded" || op["totalItems"] != 5.0 || op["totalSuccessfulItems"] != 5.0 || op["totalFailedItems"] != 0.0 || op["totalPendingItems"] != 0.0 {
		t.Fatalf("run: %v", op)
	}
	item := c.do("GET", "/stac/collections/coll/items/i3", nil).json(t)
	href := item["assets"].(map[string]any)["data"].(map[string]any)["href"].(string)
	if !strings.HasPrefix(href, f.srv.BlobURL) || item["collection"] != "coll" {
		t.Fatalf("ingested item: collection %v href %s", item["collection"], href)
	}
	tok := c.do("GET", "/sas/token/coll", nil).json(t)["token"].(string)
	if st, _, body := c.getBlob(href+"?"+tok, nil); st != 200 || string(body) != "tif /stac/sub/items/i3/data.tif" {
		t.Fatalf("copied asset: %d %q", st, body)
	}

	// Operation list view of the run.
	ops := c.do("GET", "/inma/operations?collectionId=coll&$top=1", nil)
	checkShape(t, "IngestionOperations_ListAll", loadExample(t, "IngestionOperations_ListAll"), "200", ops, "error")

	// Second run: every item exists.
	res = c.do("POST", base+"/runs", nil)
	run = waitRun(t, c, base+"/runs/"+res.json(t)["id"].(string))
	op = run["operation"].(map[string]any)
	if op["status"] != "Failed" || op["totalFailedItems"] != 5.0 || op["totalSuccessfulItems"] != 0.0 {
		t.Fatalf("rerun: %v", op)
	}
	if !strings.Contains(fmt.Sprint(op["error"]), "ItemAlreadyExistsInCollection") {
		t.Fatalf("rerun error: %v", op["error"])
	}

	// skipExistingItems and keepOriginalAssets.
	res = c.doHeaders("PATCH", base, map[string]any{"skipExistingItems": true}, map[string]string{"Content-Type": "application/merge-patch+json"})
	if res.status != 200 || res.json(t)["skipExistingItems"] != true {
		t.Fatalf("patch: %d %s", res.status, res.body)
	}
	res = c.do("POST", base+"/runs", nil)
	if op := waitRun(t, c, base+"/runs/"+res.json(t)["id"].(string))["operation"].(map[string]any); op["status"] != "Succeeded" {
		t.Fatalf("skip run: %v", op)
	}
	c.newCollection("keep")
	res = c.do("POST", "/inma/collections/keep/ingestions", map[string]any{
		"importType": "StaticCatalog", "sourceCatalogUrl": cat.URL + "/stac/catalog.json", "keepOriginalAssets": true})
	kbase := "/inma/collections/keep/ingestions/" + res.json(t)["id"].(string)
	res = c.do("POST", kbase+"/runs", nil)
	waitRun(t, c, kbase+"/runs/"+res.json(t)["id"].(string))
	kept := c.do("GET", "/stac/collections/keep/items/i0", nil).json(t)
	if h := kept["assets"].(map[string]any)["data"].(map[string]any)["href"]; h != "./data.tif" {
		t.Fatalf("keepOriginalAssets href %v", h)
	}
	if runs := c.do("GET", base+"/runs", nil).json(t)["value"].([]any); len(runs) != 3 {
		t.Fatalf("%d runs", len(runs))
	}

	// Delete the ingestion: an operation.
	del := c.do("DELETE", base, nil)
	checkShape(t, "Ingestions_Delete", loadExample(t, "Ingestions_Delete"), "202", del)
	c.mustSucceed(del)
	if r := c.do("GET", base, nil); r.status != 404 {
		t.Fatalf("deleted ingestion: %d", r.status)
	}
	bad := c.do("POST", "/inma/collections/coll/ingestions", map[string]any{"importType": "StaticCatalog", "sourceCatalogUrl": cat.URL + "/nothing.json"})
	bbase := "/inma/collections/coll/ingestions/" + bad.json(t)["id"].(string)
	res = c.do("POST", bbase+"/runs", nil)
	op = waitRun(t, c, bbase+"/runs/"+res.json(t)["id"].(string))["operation"].(map[string]any)
	if !strings.Contains(fmt.Sprint(op["error"]), "IngestionResourceUriNotFound") {
		t.Fatalf("missing catalog: %v", op)
	}
}

// TestIngestionSourcesShapes: create, get, list, delete against the examples.
func TestIngestionSourcesShapes(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	exC := loadExample(t, "IngestionSources_Create")
	checkShape(t, "IngestionSources_Create", exC, "201", c.do("POST", "/inma/ingestion-sources", exampleBody(exC)))
	exG := loadExample(t, "IngestionSources_Get")
	mi := responseBody(exG, "200")
	delete(mi, "created")
	mi["id"] = "11111111-2222-3333-4444-555555555555"
	mi["connectionInfo"].(map[string]any)["containerUrl"] = "https://other.blob.core.windows.net/c"
	c.do("POST", "/inma/ingestion-sources", mi)
	checkShape(t, "IngestionSources_Get", exG, "200", c.do("GET", "/inma/ingestion-sources/11111111-2222-3333-4444-555555555555", nil))
	list := c.do("GET", "/inma/ingestion-sources?$top=1", nil).json(t)
	if len(list["value"].([]any)) != 1 || list["nextLink"] == nil {
		t.Fatalf("list: %v", list)
	}
	checkShape(t, "IngestionSources_Delete", loadExample(t, "IngestionSources_Delete"), "204", c.do("DELETE", "/inma/ingestion-sources/11111111-2222-3333-4444-555555555555", nil))
	checkShape(t, "Sas_GetToken", loadExample(t, "Sas_GetToken"), "200", c.do("GET", "/sas/token/coll", nil))
	checkShape(t, "IngestionOperations_DeleteAll", loadExample(t, "IngestionOperations_DeleteAll"), "204", c.do("DELETE", "/inma/operations", nil))
	op := c.do("GET", "/inma/operations?$top=1", nil).json(t)["value"].([]any)[0].(map[string]any)
	checkShape(t, "IngestionOperations_Delete", loadExample(t, "IngestionOperations_Delete"), "204", c.do("DELETE", "/inma/operations/"+op["id"].(string), nil))
	if r := c.do("GET", "/inma/ingestion-sources/managed-identities", nil); r.status != 200 {
		t.Fatalf("managed identities: %d", r.status)
	}
}
