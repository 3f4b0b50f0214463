package geocatalog_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

const dataExamplesDir = "../../shared/spec/examples/stable-2026-04-15"

// dataExample is the part of an x-ms-example the data tests read.
type dataExample struct {
	Parameters map[string]json.RawMessage `json:"parameters"`
	Responses  map[string]struct {
		Body json.RawMessage `json:"body"`
	} `json:"responses"`
}

func loadDataExample(t *testing.T, name string) *dataExample {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataExamplesDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var ex dataExample
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}
	return &ex
}

// replayServer answers every request with body and records the request.
func replayServer(t *testing.T, body []byte) (*geocatalog.DataClient, *recorded) {
	t.Helper()
	got := &recorded{}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Request = *r.Clone(context.Background())
		got.body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	opts := &geocatalog.ClientOptions{AllowedHosts: []string{"127.0.0.1"}}
	opts.Transport = srv.Client()
	opts.Retry = policy.RetryOptions{MaxRetries: -1}
	c, err := geocatalog.NewClient(srv.URL, staticCred{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c.Data(), got
}

// recorded is the last request a replay server saw, with its body.
type recorded struct {
	http.Request
	body []byte
}

// jsonEqual compares two JSON documents as values.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

// TestDataFixtures replays every tiler example: the typed method sends the
// example's request to the GA path and decodes the recorded answer, which
// must encode back to the same JSON (strict) or carry the checked values.
func TestDataFixtures(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		path   string
		query  url.Values
		call   func(d *geocatalog.DataClient) (any, error)
		strict bool
		check  func(t *testing.T, v any)
	}{
		{name: "MosaicItemsTileJson_Get", path: "/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/tilejson.json",
			query: url.Values{"assets": {"image"}, "asset_bidx": {"image|1,2,3"}, "bidx": {"1", "2", "3"}, "padding": {"2"}, "reproject": {"nearest"},
				"crs": {"epsg:4326"}, "tile_format": {"png"}, "tile_scale": {"1"}, "minzoom": {"7"}, "maxzoom": {"14"},
				"datetime": {"2024-01-01T00:00:00Z"}, "sel": {"band=1"}, "sel_method": {"nearest"}},
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Item("naip-atl", "ga_m_3308421_se_16_060_20211114").GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{
					RenderParams:   geocatalog.RenderParams{Assets: []string{"image"}, AssetBandIndexes: []string{"image|1,2,3"}, BandIndexes: []int{1, 2, 3}, Reproject: geocatalog.ResamplingNearest},
					DatasetParams:  geocatalog.DatasetParams{CRS: "epsg:4326", Datetime: "2024-01-01T00:00:00Z", Sel: []string{"band=1"}, SelMethod: "nearest"},
					TileJSONParams: geocatalog.TileJSONParams{TileFormat: geocatalog.FormatPNG, TileScale: 1, MinZoom: ptr(7), MaxZoom: ptr(14), Padding: ptr(2)},
				})
				return r.TileJSON, err
			}, strict: true},
		{name: "CollectionMosaicsTileJson_Get", path: "/data/mosaic/collections/naip-atl/tilejson.json",
			query: url.Values{"assets": {"image"}, "asset_bidx": {"image|1,2,3"}},
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Collection("naip-atl").GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{
					RenderParams: geocatalog.RenderParams{Assets: []string{"image"}, AssetBandIndexes: []string{"image|1,2,3"}}})
				return r.TileJSON, err
			}, strict: true},
		{name: "CollectionMosaicsInfo_Get", path: "/data/mosaic/collections/naip-atl/info",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Collection("naip-atl").GetSearchInfo(ctx, nil)
				return r.SearchInfo, err
			},
			check: func(t *testing.T, v any) {
				s := v.(geocatalog.SearchInfo).Search
				if s.Hash != "ba13fc7947b9b585690d84ee61aaa653" || s.Where == "" || s.UseCount != 1 || s.Metadata.Name != "Mosaic for 'naip-atl' Collection" ||
					!jsonEqual(t, s.Search, []byte(`{"collections":["naip-atl"]}`)) {
					t.Errorf("search info %+v", s)
				}
			}},
		{name: "MosaicCollectionsPoint_GetPoint", path: "/data/mosaic/collections/naip-atl/point/-84.386,33.676",
			query: url.Values{"assets": {"image"}, "ids": {"item-id-1,item-id-2"}, "bbox": {"-180,-90,180,90"}, "query": {"{}"}, "sortby": {"-datetime"}},
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Collection("naip-atl").GetPoint(ctx, -84.386, 33.676, &geocatalog.GetPointOptions{
					RenderParams:     geocatalog.RenderParams{Assets: []string{"image"}},
					CollectionFilter: geocatalog.CollectionFilter{IDs: []string{"item-id-1", "item-id-2"}, BBox: []float64{-180, -90, 180, 90}, Query: "{}", SortBy: "-datetime"}})
				return r.Point, err
			}, strict: true},
		{name: "MosaicItemsAssetStatistics_GetAll", path: "/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/asset_statistics",
			query: url.Values{"assets": {"image"}},
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Item("naip-atl", "ga_m_3308421_se_16_060_20211114").GetAssetStatistics(ctx, &geocatalog.GetAssetStatisticsOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}})
				return r.AssetStatistics, err
			}, strict: true},
		{name: "MosaicItemsBounds_GetAll", path: "/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/bounds",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Item("naip-atl", "ga_m_3308421_se_16_060_20211114").GetBounds(ctx, nil)
				return r.Bounds, err
			}, strict: true},
		{name: "MosaicItemsInfo_Get", path: "/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/info",
			query: url.Values{"assets": {"image"}},
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.Item("naip-atl", "ga_m_3308421_se_16_060_20211114").GetInfo(ctx, &geocatalog.GetInfoOptions{Assets: []string{"image"}})
				return r.ItemInfo, err
			}, strict: true},
		{name: "MosaicsRegisterSearch_Register", path: "/data/mosaic/register",
			call: func(d *geocatalog.DataClient) (any, error) {
				var req geocatalog.RegisterSearchRequest
				if err := json.Unmarshal(loadDataExample(t, "MosaicsRegisterSearch_Register").Parameters["body"], &req); err != nil {
					return nil, err
				}
				r, err := d.RegisterSearch(ctx, &req, nil)
				return r.RegisteredSearch, err
			},
			check: func(t *testing.T, v any) {
				r := v.(geocatalog.RegisteredSearch)
				if r.SearchID != "ba13fc7947b9b585690d84ee61aaa653" || len(r.Links) != 3 || r.Links[1].Rel != "tilejson" {
					t.Errorf("register %+v", r)
				}
			}},
		{name: "TileMatrixList_Get", path: "/data/tile-matrix-sets",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.ListTileMatrixSets(ctx, nil)
				return r.IDs, err
			}, strict: true},
		{name: "TileMatrixDefinitions_Get", path: "/data/tile-matrix-sets/WebMercatorQuad",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.GetTileMatrixSet(ctx, "WebMercatorQuad", nil)
				return r.TileMatrixSet, err
			}, strict: true},
		{name: "MapsClassmapLegends_Get", path: "/data/legend/classmap/mtbs-severity",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.GetClassmapLegend(ctx, "mtbs-severity", nil)
				return r.ClassmapLegend, err
			}, strict: true},
		{name: "MapsIntervalLegends_GetByClassMapName", path: "/data/legend/interval/modis-64A1",
			call: func(d *geocatalog.DataClient) (any, error) {
				r, err := d.GetIntervalLegend(ctx, "modis-64A1", nil)
				return r.IntervalLegend, err
			}, strict: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := loadDataExample(t, c.name)
			body := ex.Responses["200"].Body
			d, req := replayServer(t, body)
			v, err := c.call(d)
			if err != nil {
				t.Fatal(err)
			}
			if req.URL.EscapedPath() != c.path {
				t.Errorf("path %s, want %s", req.URL.EscapedPath(), c.path)
			}
			q := req.URL.Query()
			if q.Get("api-version") != "2026-04-15" {
				t.Errorf("api-version %q", q.Get("api-version"))
			}
			q.Del("api-version")
			if c.query == nil {
				c.query = url.Values{}
			}
			if !reflect.DeepEqual(q, c.query) {
				t.Errorf("query %v, want %v", q, c.query)
			}
			if want := ex.Parameters["body"]; want != nil && c.name == "MosaicsRegisterSearch_Register" && !jsonEqual(t, req.body, want) {
				t.Errorf("request body %s, want %s", req.body, want)
			}
			if c.strict {
				out, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				if !jsonEqual(t, out, body) {
					t.Errorf("decoded answer encodes to\n%s\nwant\n%s", out, body)
				}
			}
			if c.check != nil {
				c.check(t, v)
			}
		})
	}
}

// TestDataFixtureStatisticsFeature decodes the feature statistics example
// (its collection-level route is not in the GA surface; the item route
// answers the same shape).
func TestDataFixtureStatisticsFeature(t *testing.T) {
	ex := loadDataExample(t, "CollectionMosaicsStatistics_Get")
	var sf geocatalog.StatisticsFeature
	if err := json.Unmarshal(ex.Responses["200"].Body, &sf); err != nil {
		t.Fatal(err)
	}
	s := sf.Properties.Statistics["image_b1"]
	if sf.Type != "Feature" || s == nil || s.Max != 255 || s.Count != 65536 || len(s.Histogram) != 2 {
		t.Fatalf("statistics feature %+v", sf)
	}
	if p, ok := s.Percentile(98); !ok || p != 250 {
		t.Fatalf("percentile_98 = %v %v", p, ok)
	}
	d, req := replayServer(t, ex.Responses["200"].Body)
	got, err := d.Item("naip-atl", "item-1").GetFeatureStatistics(context.Background(),
		&geocatalog.Feature{Geometry: sf.Geometry}, &geocatalog.GetFeatureStatisticsOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}})
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != http.MethodPost || req.URL.EscapedPath() != "/data/mosaic/collections/naip-atl/items/item-1/statistics" {
		t.Fatalf("request %s %s", req.Method, req.URL.EscapedPath())
	}
	if got.Properties.Statistics["image_b1"].Mean != 128.5 {
		t.Fatalf("decoded %+v", got.Properties.Statistics["image_b1"])
	}
}

// TestDataFeatureCropPaths checks the POST routes of feature crops, which
// have no URL builder.
func TestDataFeatureCropPaths(t *testing.T) {
	ctx := context.Background()
	d, req := replayServer(t, []byte("PNG"))
	f := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Point","coordinates":[1,2]}`)}
	for _, c := range []struct {
		crop func() (geocatalog.CropFeatureResponse, error)
		path string
	}{
		{func() (geocatalog.CropFeatureResponse, error) {
			return d.Item("c", "i").CropFeature(ctx, f, geocatalog.CropSize{}, nil)
		},
			"/data/mosaic/collections/c/items/i/feature"},
		{func() (geocatalog.CropFeatureResponse, error) {
			return d.Item("c", "i").CropFeature(ctx, f, geocatalog.CropSize{Format: geocatalog.FormatTIFF}, nil)
		}, "/data/mosaic/collections/c/items/i/feature.tif"},
		{func() (geocatalog.CropFeatureResponse, error) {
			return d.Collection("c").CropFeature(ctx, f, geocatalog.CropSize{Width: 10, Height: 20, Format: geocatalog.FormatJPEG}, nil)
		}, "/data/mosaic/collections/c/feature/10x20.jpeg"},
		{func() (geocatalog.CropFeatureResponse, error) {
			return d.Search("s").CropFeature(ctx, f, geocatalog.CropSize{Width: 10, Height: 20}, nil)
		}, "/data/mosaic/searches/s/feature/10x20.png"},
	} {
		img, err := c.crop()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(img.Body)
		img.Body.Close()
		if req.Method != http.MethodPost || req.URL.EscapedPath() != c.path || string(b) != "PNG" {
			t.Errorf("%s %s (body %q), want POST %s", req.Method, req.URL.EscapedPath(), b, c.path)
		}
		if !jsonEqual(t, req.body, []byte(`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}`)) {
			t.Errorf("body %s", req.body)
		}
		if !strings.HasPrefix(req.Header.Get("Accept"), "image/png") {
			t.Errorf("accept %q", req.Header.Get("Accept"))
		}
	}
}

// TestDataNoContent: the 204 answers the spec lists decode as empty values.
func TestDataNoContent(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer srv.Close()
	opts := &geocatalog.ClientOptions{AllowedHosts: []string{"127.0.0.1"}}
	opts.Transport = srv.Client()
	c, err := geocatalog.NewClient(srv.URL, staticCred{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := c.Data().ListTileMatrixSets(context.Background(), nil)
	if err != nil || len(ids.IDs) != 0 {
		t.Fatalf("%v %v", ids, err)
	}
	cm, err := c.Data().GetClassmapLegend(context.Background(), "x", nil)
	if err != nil || len(cm.ClassmapLegend) != 0 {
		t.Fatalf("%v %v", cm, err)
	}
}
