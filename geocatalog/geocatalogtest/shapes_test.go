package geocatalogtest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// examplesDir holds the service's recorded examples.
const examplesDir = "../../../shared/spec/examples/stable-2026-04-15"

type example struct {
	Parameters map[string]any            `json:"parameters"`
	Responses  map[string]map[string]any `json:"responses"`
}

func loadExample(t *testing.T, name string) example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, name+".json"))
	if err != nil {
		t.Fatalf("example %s: %v", name, err)
	}
	var ex example
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	return ex
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return fmt.Sprintf("%T", v)
}

// sameShape reports every difference of field names and JSON types between
// want (an example) and got, at every level. A null in the example matches
// any type. Array elements are compared with the example element of the
// same id, else the same index, else the first one. Members named in extra
// may appear in got only.
func sameShape(path string, want, got any, extra []string) []string {
	if want == nil {
		return nil
	}
	if jsonType(want) != jsonType(got) {
		return []string{fmt.Sprintf("%s: %s in the example, %s here", path, jsonType(want), jsonType(got))}
	}
	var diffs []string
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				diffs = append(diffs, path+"."+k+": missing")
				continue
			}
			diffs = append(diffs, sameShape(path+"."+k, wv, gv, extra)...)
		}
		for k := range g {
			if _, ok := w[k]; !ok && !slices.Contains(extra, k) {
				diffs = append(diffs, path+"."+k+": not in the example")
			}
		}
	case []any:
		g := got.([]any)
		if len(w) == 0 {
			return nil
		}
		for i, gv := range g {
			wv := w[min(i, len(w)-1)]
			if gm, ok := gv.(map[string]any); ok && gm["id"] != nil {
				for _, cand := range w {
					if cm, ok := cand.(map[string]any); ok && cm["id"] == gm["id"] {
						wv = cand
					}
				}
			}
			diffs = append(diffs, sameShape(fmt.Sprintf("%s[%d]", path, i), wv, gv, extra)...)
		}
	}
	return diffs
}

// checkShape compares a response with an example response of the given status.
func checkShape(t *testing.T, name string, ex example, status string, res result, extra ...string) {
	t.Helper()
	if fmt.Sprint(res.status) != status {
		t.Fatalf("%s: status %d, want %s: %s", name, res.status, status, res.body)
	}
	exResp := ex.Responses[status]
	hdrs, _ := exResp["headers"].(map[string]any)
	for h := range hdrs {
		if res.header.Get(h) == "" {
			t.Errorf("%s: header %s missing", name, h)
		}
	}
	want, hasBody := exResp["body"]
	if !hasBody {
		if len(bytes.TrimSpace(res.body)) != 0 {
			t.Errorf("%s: body %s, the example has none", name, res.body)
		}
		return
	}
	var got any
	if err := json.Unmarshal(res.body, &got); err != nil {
		t.Fatalf("%s: body is not JSON: %s", name, res.body)
	}
	for _, d := range sameShape("$", want, got, extra) {
		t.Errorf("%s: %s", name, d)
	}
}

// exampleBody returns the example's request body with its members as JSON.
func exampleBody(ex example) map[string]any {
	b, _ := json.Marshal(ex.Parameters["body"])
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// responseBody returns a copy of an example's response body.
func responseBody(ex example, status string) map[string]any {
	b, _ := json.Marshal(ex.Responses[status]["body"])
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// assetServer serves any path with a few bytes, for asset copies.
func assetServer(t *testing.T) *httptest.Server {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/missing"):
			http.NotFound(w, r)
		case strings.HasPrefix(r.URL.Path, "/forbidden"):
			http.Error(w, "no", http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write([]byte("bytes of " + r.URL.Path))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// localAssets points every asset href of doc at the asset server.
func localAssets(doc map[string]any, base string) {
	assets, _ := doc["assets"].(map[string]any)
	for k, v := range assets {
		v.(map[string]any)["href"] = base + "/assets/" + k + ".bin"
	}
}

// stripServed removes what the catalog writes itself.
func stripServed(doc map[string]any) map[string]any {
	for _, k := range []string{"links", "_msft:ts", "_msft:etag", "msft:_created", "msft:_updated"} {
		delete(doc, k)
	}
	return doc
}

func multipartAsset(t *testing.T, data, file string) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("data", data); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("file", "test-asset.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(file))
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// TestShapesSTAC compares the STAC answers with the recorded examples.
func TestShapesSTAC(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)

	// Collections: create from the example body, then the recorded answers.
	exCreate := loadExample(t, "StacCollections_Create")
	checkShape(t, "StacCollections_Create", exCreate, "202", c.do("POST", "/stac/collections", exampleBody(exCreate)))

	exGet := loadExample(t, "StacCollections_Get")
	naip := stripServed(responseBody(exGet, "200"))
	c.mustSucceed(c.do("POST", "/stac/collections", naip))
	checkShape(t, "StacCollections_Get", exGet, "200", c.do("GET", "/stac/collections/naip-atl", nil))

	exList := loadExample(t, "StacCollectionOperations_GetAll")
	listed := stripServed(responseBody(exList, "200")["collections"].([]any)[0].(map[string]any))
	c.mustSucceed(c.do("POST", "/stac/collections", listed))
	res := c.do("GET", "/stac/collections", nil)
	var all map[string]any
	_ = json.Unmarshal(res.body, &all)
	only := []any{}
	for _, col := range all["collections"].([]any) {
		if col.(map[string]any)["id"] == "example-collection" {
			only = append(only, col)
		}
	}
	all["collections"] = only
	b, _ := json.Marshal(all)
	checkShape(t, "StacCollectionOperations_GetAll", exList, "200", result{status: res.status, header: res.header, body: b})

	exRep := loadExample(t, "StacCollections_Replace")
	c.mustSucceed(c.do("POST", "/stac/collections", collectionBody("test-collection-lifecycle")))
	checkShape(t, "StacCollections_Replace", exRep, "200", c.do("PUT", "/stac/collections/test-collection-lifecycle", exampleBody(exRep)))
	exCoR := loadExample(t, "StacCollections_CreateOrReplace")
	checkShape(t, "StacCollections_CreateOrReplace", exCoR, "200", c.do("PUT", "/stac/collections/test-collection-lifecycle", exampleBody(exCoR)))

	// Items.
	exItem := loadExample(t, "StacItems_Create")
	checkShape(t, "StacItems_Create", exItem, "202", c.do("POST", "/stac/collections/naip-atl/items", exampleBody(exItem)))
	exItemGet := loadExample(t, "StacItems_Get")
	item := stripServed(responseBody(exItemGet, "200"))
	localAssets(item, as.URL)
	c.mustSucceed(c.do("POST", "/stac/collections/example-collection/items", item))
	got := c.do("GET", "/stac/collections/example-collection/items/S2A_MSIL2A_20231017T013651_R117_T53SPA_20231017T053413", nil)
	checkShape(t, "StacItems_Get", exItemGet, "200", got)
	exDel := loadExample(t, "StacItems_Delete")
	checkShape(t, "StacItems_Delete", exDel, "202", c.do("DELETE", "/stac/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114_delete_test", nil))

	// Search: ingest the recorded features, run the recorded search.
	exSearch := loadExample(t, "StacSearch_Create")
	feats := responseBody(exSearch, "200")["features"].([]any)
	for i, ft := range feats {
		fm := stripServed(ft.(map[string]any))
		localAssets(fm, as.URL)
		feats[i] = fm
	}
	c.mustSucceed(c.do("POST", "/stac/collections/naip-atl/items", map[string]any{"type": "FeatureCollection", "features": feats}))
	res = c.do("POST", "/stac/search", exampleBody(exSearch))
	checkShape(t, "StacSearch_Create", exSearch, "200", res, "context")
	if n := len(res.json(t)["features"].([]any)); n != len(feats) {
		t.Errorf("search found %d of %d recorded features", n, len(feats))
	}
	exSearchGet := loadExample(t, "StacSearchOperations_Get")
	s2 := stripServed(responseBody(exSearchGet, "200")["features"].([]any)[0].(map[string]any))
	localAssets(s2, as.URL)
	s2coll := s2["collection"].(string)
	c.newCollection(s2coll)
	c.mustSucceed(c.do("POST", "/stac/collections/"+s2coll+"/items", s2))
	checkShape(t, "StacSearchOperations_Get", exSearchGet, "200", c.do("GET", "/stac/search?collections="+s2coll, nil), "context", "links")

	exConf := loadExample(t, "StacConformanceClass_Get")
	checkShape(t, "StacConformanceClass_Get", exConf, "200", c.do("GET", "/stac/conformance", nil))

	// Collection assets (multipart).
	exAC := loadExample(t, "StacCollectionAssets_Create")
	ct, body := multipartAsset(t, exAC.Parameters["data"].(string), exAC.Parameters["file"].(string))
	checkShape(t, "StacCollectionAssets_Create", exAC, "201", c.doHeaders("POST", "/stac/collections/naip-atl/assets", body, map[string]string{"Content-Type": ct}))
	exAR := loadExample(t, "StacCollectionAssets_Replace")
	ct, body = multipartAsset(t, exAR.Parameters["data"].(string), exAR.Parameters["file"].(string))
	checkShape(t, "StacCollectionAssets_Replace", exAR, "200", c.doHeaders("PUT", "/stac/collections/naip-atl/assets/test-asset", body, map[string]string{"Content-Type": ct}))
	exAD := loadExample(t, "StacCollectionAssets_Delete")
	checkShape(t, "StacCollectionAssets_Delete", exAD, "200", c.do("DELETE", "/stac/collections/naip-atl/assets/test-asset", nil))
}

// TestShapesConfiguration compares queryables and collection configuration answers.
func TestShapesConfiguration(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	c.newCollection("naip-atl")
	c.newCollection("other")

	exQ := loadExample(t, "StacQueryables_CreateOrReplace")
	checkShape(t, "StacQueryables_CreateOrReplace(201)", exQ, "201", c.do("PUT", "/stac/collections/naip-atl/queryables/naip:state", exampleBody(exQ)))
	checkShape(t, "StacQueryables_CreateOrReplace(200)", exQ, "200", c.do("PUT", "/stac/collections/naip-atl/queryables/naip:state", exampleBody(exQ)))
	c.do("DELETE", "/stac/collections/naip-atl/queryables/naip:state", nil)
	def := func(name, desc string) map[string]any {
		d := map[string]any{"data_type": "number"}
		if desc != "" {
			d["description"] = desc
		}
		return map[string]any{"name": name, "definition": d}
	}
	res := c.do("POST", "/stac/collections/naip-atl/queryables", []any{def("test:property", "Test property - updated"), def("eo:cloud_cover", "")})
	if res.status != 201 {
		t.Fatalf("create queryables: %d %s", res.status, res.body)
	}
	checkShape(t, "StacQueryables_GetAllByCollection", loadExample(t, "StacQueryables_GetAllByCollection"), "200", c.do("GET", "/stac/collections/naip-atl/queryables", nil))
	c.do("POST", "/stac/collections/other/queryables", []any{def("eo:cloud_cover", "Cloud cover percentage")})
	checkShape(t, "StacQueryables_GetAll", loadExample(t, "StacQueryables_GetAll"), "200", c.do("GET", "/stac/queryables", nil))
	checkShape(t, "StacQueryables_Delete", loadExample(t, "StacQueryables_Delete"), "200", c.do("DELETE", "/stac/collections/naip-atl/queryables/test%3Aproperty", nil))

	exMA := loadExample(t, "StacCollectionMosaics_Add")
	checkShape(t, "StacCollectionMosaics_Add(201)", exMA, "201", c.do("POST", "/stac/collections/naip-atl/configurations/mosaics", exampleBody(exMA)))
	checkShape(t, "StacCollectionMosaics_Add(200)", exMA, "200", c.do("POST", "/stac/collections/naip-atl/configurations/mosaics", exampleBody(exMA)))
	c.do("POST", "/stac/collections/naip-atl/configurations/mosaics", map[string]any{"id": "default", "name": "Default", "description": "", "cql": []any{}})
	res = c.do("GET", "/stac/collections/naip-atl/configurations/mosaics", nil)
	var mosaics []any
	_ = json.Unmarshal(res.body, &mosaics)
	exMG := loadExample(t, "StacCollectionMosaics_GetAll")
	for i, d := range sameShape("$", exMG.Responses["200"]["body"], any(mosaics), nil) {
		t.Errorf("StacCollectionMosaics_GetAll %d: %s", i, d)
	}
	if len(mosaics) != 2 {
		t.Errorf("%d mosaics", len(mosaics))
	}

	exRC := loadExample(t, "StacCollectionRenderOptions_Create")
	checkShape(t, "StacCollectionRenderOptions_Create", exRC, "201", c.do("POST", "/stac/collections/naip-atl/configurations/render-options", exampleBody(exRC)))
	exRR := loadExample(t, "StacCollectionRenderOptions_Replace")
	checkShape(t, "StacCollectionRenderOptions_Replace", exRR, "200", c.do("PUT", "/stac/collections/naip-atl/configurations/render-options/test-natural-color", exampleBody(exRR)))

	checkShape(t, "StacCollectionTileSettings_Get", loadExample(t, "StacCollectionTileSettings_Get"), "200", c.do("GET", "/stac/collections/naip-atl/configurations/tile-settings", nil))
	checkShape(t, "StacCollectionPartitionTypes_Get", loadExample(t, "StacCollectionPartitionTypes_Get"), "200", c.do("GET", "/stac/collections/naip-atl/configurations/partition-type", nil))
	exPR := loadExample(t, "StacCollectionPartitionTypes_Replace")
	checkShape(t, "StacCollectionPartitionTypes_Replace", exPR, "200", c.do("PUT", "/stac/collections/naip-atl/configurations/partition-type", exampleBody(exPR)))
	if got := c.do("GET", "/stac/collections/naip-atl/configurations/partition-type", nil).json(t)["scheme"]; got != "year" {
		t.Errorf("partition scheme %v", got)
	}
	if r := c.do("PUT", "/stac/collections/coll/configurations/partition-type", exampleBody(exPR)); r.status != 409 {
		t.Errorf("partition type with items: %d", r.status)
	}
}
