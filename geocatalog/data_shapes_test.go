package geocatalog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// bandMaps are the objects keyed by data (band or asset names): each of
// their members is compared with any member of the example's.
type bandMaps map[string]bool

// sameShape reports where got lacks a member of want or has another JSON
// kind: objects must hold every member of the example, arrays are compared
// on their first element, null in the example matches anything.
func sameShape(maps bandMaps, path string, want, got any) error {
	switch w := want.(type) {
	case nil:
		return nil
	case map[string]any:
		if maps[path] {
			g, ok := got.(map[string]any)
			if !ok || len(g) == 0 {
				return fmt.Errorf("%s: got %v, want a non-empty object", path, got)
			}
			for _, wv := range w {
				for k, gv := range g {
					if err := sameShape(maps, path+"."+k, wv, gv); err != nil {
						return err
					}
				}
				break
			}
			return nil
		}
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: got %T, want an object", path, got)
		}
		for k, v := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s: member %q missing", path, k)
			}
			if err := sameShape(maps, path+"."+k, v, gv); err != nil {
				return err
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: got %T, want an array", path, got)
		}
		if len(w) > 0 && len(g) > 0 {
			return sameShape(maps, path+"[0]", w[0], g[0])
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Errorf("%s: got %T, want %T", path, got, want)
		}
	}
	return nil
}

// TestDataEmulatorShapes checks that the emulator's tiler answers have the
// shapes of the recorded examples.
func TestDataEmulatorShapes(t *testing.T) {
	f := newDataFixture(t)
	tok, err := f.srv.Credential().GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path string, body []byte) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		return b
	}
	const item = "/data/mosaic/collections/tiler-test/items/scene-1"
	const api = "api-version=2026-04-15"
	reg := loadDataExample(t, "MosaicsRegisterSearch_Register")
	cases := []struct{ example, method, path string }{
		{"MosaicItemsTileJson_Get", "GET", item + "/tilejson.json?assets=image&tile_format=png&" + api},
		{"MosaicItemsInfo_Get", "GET", item + "/info?assets=image&" + api},
		{"MosaicItemsBounds_GetAll", "GET", item + "/bounds?" + api},
		{"MosaicItemsAssetStatistics_GetAll", "GET", item + "/asset_statistics?assets=image&" + api},
		{"CollectionMosaicsTileJson_Get", "GET", "/data/mosaic/collections/tiler-test/tilejson.json?assets=image&" + api},
		{"CollectionMosaicsInfo_Get", "GET", "/data/mosaic/collections/tiler-test/info?" + api},
		{"MosaicCollectionsPoint_GetPoint", "GET", "/data/mosaic/collections/tiler-test/point/10.1,40.1?assets=image&" + api},
		{"MosaicsRegisterSearch_Register", "POST", "/data/mosaic/register?" + api},
		{"TileMatrixList_Get", "GET", "/data/tile-matrix-sets?" + api},
		{"TileMatrixDefinitions_Get", "GET", "/data/tile-matrix-sets/WebMercatorQuad?" + api},
		{"MapsClassmapLegends_Get", "GET", "/data/legend/classmap/mtbs-severity?" + api},
		{"MapsIntervalLegends_GetByClassMapName", "GET", "/data/legend/interval/modis-64A1?" + api},
	}
	for _, c := range cases {
		t.Run(c.example, func(t *testing.T) {
			var body []byte
			if c.method == "POST" {
				body = reg.Parameters["body"]
			}
			got := call(c.method, c.path, body)
			var w, g any
			if err := json.Unmarshal(loadDataExample(t, c.example).Responses["200"].Body, &w); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("answer is not JSON: %v: %.200s", err, got)
			}
			var maps bandMaps
			if c.example == "MosaicItemsAssetStatistics_GetAll" {
				maps = bandMaps{"$.image": true}
			}
			if err := sameShape(maps, "$", w, g); err != nil {
				t.Errorf("%v\nanswer: %.400s", err, got)
			}
		})
	}
	// The statistics shape (POST over a feature) is the example's.
	ex := loadDataExample(t, "CollectionMosaicsStatistics_Get")
	feature := []byte(`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[10,40],[10.3,40],[10.3,40.3],[10,40.3],[10,40]]]}}`)
	got := call("POST", item+"/statistics?assets=image&"+api, feature)
	var w, g any
	_ = json.Unmarshal(ex.Responses["200"].Body, &w)
	_ = json.Unmarshal(got, &g)
	if err := sameShape(bandMaps{"$.properties.statistics": true}, "$", w, g); err != nil {
		t.Errorf("statistics: %v\nanswer: %.400s", err, got)
	}
}
