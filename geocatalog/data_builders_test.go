package geocatalog_test

import (
	"context"
	"errors"
	"math"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

type staticCred struct{}

func (staticCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "secret-token"}, nil
}

const testEndpoint = "https://contoso.abc123.uksouth.geocatalog.spatio.azure.com"

func dataClient(t *testing.T, apiVersion string) *geocatalog.DataClient {
	t.Helper()
	c, err := geocatalog.NewClient(testEndpoint, staticCred{}, &geocatalog.ClientOptions{APIVersion: apiVersion})
	if err != nil {
		t.Fatal(err)
	}
	return c.Data()
}

func ptr[T any](v T) *T { return &v }

// TestDataURLBuildersGA checks every URL builder against the GA
// (2026-04-15) path templates of the data API.
func TestDataURLBuildersGA(t *testing.T) {
	d := dataClient(t, "")
	render := geocatalog.RenderParams{
		Assets: []string{"image", "nir"}, AssetBandIndexes: []string{"image|1,2,3"}, BandIndexes: []int{1, 2},
		Rescale: []geocatalog.Range{{Min: 0, Max: 255}, {Min: -1, Max: 1.5}}, ColormapName: "viridis",
		Resampling: geocatalog.ResamplingBilinear, NoData: ptr(math.NaN()), ReturnMask: ptr(false), Expression: "b1*2",
	}
	tile := geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: 7, X: 34, Y: 50, Scale: 2, Format: geocatalog.FormatPNG}
	bbox := geocatalog.BBox{MinX: -84.5, MinY: 33.5, MaxX: -84.25, MaxY: 33.75}
	item := "/data/mosaic/collections/naip%20atl/items/ga_m_1"
	coll := "/data/mosaic/collections/naip%20atl"
	srch := "/data/mosaic/searches/ba13fc79"
	cases := []struct {
		name  string
		build func() (string, error)
		path  string
		query url.Values
	}{
		{"item tile full", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileURL(tile, &geocatalog.TileURLOptions{RenderParams: render})
		}, item + "/tiles/WebMercatorQuad/7/34/50@2x.png", url.Values{
			"assets": {"image", "nir"}, "asset_bidx": {"image|1,2,3"}, "bidx": {"1", "2"}, "rescale": {"0,255", "-1,1.5"},
			"colormap_name": {"viridis"}, "resampling": {"bilinear"}, "nodata": {"nan"}, "return_mask": {"false"}, "expression": {"b1*2"}}},
		{"item tile no tms", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileURL(geocatalog.Tile{Z: 7, X: 34, Y: 50}, nil)
		}, item + "/tiles/7/34/50", nil},
		{"item tile scale only", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileURL(geocatalog.Tile{Z: 7, X: 34, Y: 50, Scale: 1}, nil)
		}, item + "/tiles/7/34/50@1x", nil},
		{"item tile format only", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileURL(geocatalog.Tile{TileMatrixSetID: "WorldCRS84Quad", Z: 0, X: 1, Y: 0, Format: geocatalog.FormatWebP}, nil)
		}, item + "/tiles/WorldCRS84Quad/0/1/0.webp", nil},
		{"item tilejson", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileJSONURL(&geocatalog.TileJSONURLOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}},
				TileJSONParams: geocatalog.TileJSONParams{TileFormat: geocatalog.FormatPNG, TileScale: 1, MinZoom: ptr(7), MaxZoom: ptr(14), Padding: ptr(2)},
				DatasetParams:  geocatalog.DatasetParams{CRS: "epsg:4326", Sel: []string{"band=1"}, SelMethod: "nearest", Datetime: "2024-01-01T00:00:00Z"}})
		}, item + "/tilejson.json", url.Values{"assets": {"image"}, "tile_format": {"png"}, "tile_scale": {"1"}, "minzoom": {"7"}, "maxzoom": {"14"},
			"padding": {"2"}, "crs": {"epsg:4326"}, "sel": {"band=1"}, "sel_method": {"nearest"}, "datetime": {"2024-01-01T00:00:00Z"}}},
		{"item tilejson by tms", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").TileJSONURL(&geocatalog.TileJSONURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad"}})
		}, item + "/WebMercatorQuad/tilejson.json", nil},
		{"item wmts", func() (string, error) { return d.Item("naip atl", "ga_m_1").WMTSCapabilitiesURL(nil) }, item + "/WMTSCapabilities.xml", nil},
		{"item wmts by tms", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").WMTSCapabilitiesURL(&geocatalog.WMTSCapabilitiesURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WGS1984Quad"}})
		}, item + "/WGS1984Quad/WMTSCapabilities.xml", nil},
		{"item preview", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").PreviewURL(&geocatalog.PreviewURLOptions{OutputParams: geocatalog.OutputParams{MaxSize: 512, DstCRS: "epsg:3857"}})
		}, item + "/preview", url.Values{"max_size": {"512"}, "dst_crs": {"epsg:3857"}}},
		{"item preview format", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").PreviewURL(&geocatalog.PreviewURLOptions{Format: geocatalog.FormatJPEG})
		}, item + "/preview.jpeg", nil},
		{"item bbox crop", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").BBoxCropURL(bbox, geocatalog.CropSize{Format: geocatalog.FormatTIFF}, nil)
		}, item + "/bbox/-84.5,33.5,-84.25,33.75.tif", nil},
		{"item bbox crop dims", func() (string, error) {
			return d.Item("naip atl", "ga_m_1").BBoxCropURL(bbox, geocatalog.CropSize{Width: 256, Height: 128}, &geocatalog.BBoxCropURLOptions{OutputParams: geocatalog.OutputParams{CoordCRS: "epsg:4326"}})
		}, item + "/bbox/-84.5,33.5,-84.25,33.75/256x128.png", url.Values{"coord_crs": {"epsg:4326"}}},
		{"collection tile", func() (string, error) {
			return d.Collection("naip atl").TileURL(tile, &geocatalog.TileURLOptions{
				CollectionFilter: geocatalog.CollectionFilter{IDs: []string{"a", "b"}, BBox: []float64{-180, -90, 180, 90}, Query: "{}", SortBy: "-datetime"},
				MosaicParams:     geocatalog.MosaicParams{ScanLimit: 500, ItemsLimit: 10, TimeLimit: 3, ExitWhenFull: ptr(true), SkipCovered: ptr(false), PixelSelection: geocatalog.PixelSelectionMedian}})
		}, coll + "/tiles/WebMercatorQuad/7/34/50@2x.png", url.Values{"ids": {"a,b"}, "bbox": {"-180,-90,180,90"}, "query": {"{}"}, "sortby": {"-datetime"},
			"scan_limit": {"500"}, "items_limit": {"10"}, "time_limit": {"3"}, "exitwhenfull": {"true"}, "skipcovered": {"false"}, "pixel_selection": {"median"}}},
		{"collection tile no tms", func() (string, error) {
			return d.Collection("naip atl").TileURL(geocatalog.Tile{Z: 1, X: 0, Y: 1, Format: geocatalog.FormatPNG}, nil)
		}, coll + "/tiles/1/0/1.png", nil},
		{"collection tilejson", func() (string, error) { return d.Collection("naip atl").TileJSONURL(nil) }, coll + "/tilejson.json", nil},
		{"collection tilejson by tms", func() (string, error) {
			return d.Collection("naip atl").TileJSONURL(&geocatalog.TileJSONURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad"}})
		}, coll + "/WebMercatorQuad/tilejson.json", nil},
		{"collection wmts", func() (string, error) { return d.Collection("naip atl").WMTSCapabilitiesURL(nil) }, coll + "/WMTSCapabilities.xml", nil},
		{"collection wmts by tms", func() (string, error) {
			return d.Collection("naip atl").WMTSCapabilitiesURL(&geocatalog.WMTSCapabilitiesURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad", MinZoom: ptr(0)}})
		}, coll + "/WebMercatorQuad/WMTSCapabilities.xml", url.Values{"minzoom": {"0"}}},
		{"search wmts", func() (string, error) { return d.Search("ba13fc79").WMTSCapabilitiesURL(nil) }, srch + "/WMTSCapabilities.xml", nil},
		{"search tile full no tms", func() (string, error) {
			return d.Search("ba13fc79").TileURL(geocatalog.Tile{Z: 3, X: 2, Y: 1, Scale: 1, Format: geocatalog.FormatNPY}, nil)
		}, srch + "/tiles/3/2/1@1x.npy", nil},
		{"search bbox crop dims", func() (string, error) {
			return d.Search("ba13fc79").BBoxCropURL(bbox, geocatalog.CropSize{Width: 1, Height: 2, Format: geocatalog.FormatPNG}, nil)
		}, srch + "/bbox/-84.5,33.5,-84.25,33.75/1x2.png", nil},
		{"collection bbox crop no dims", func() (string, error) {
			return d.Collection("naip atl").BBoxCropURL(bbox, geocatalog.CropSize{Format: geocatalog.FormatPNG}, nil)
		}, coll + "/bbox/-84.5,33.5,-84.25,33.75.png", nil},
		{"collection bbox crop", func() (string, error) {
			return d.Collection("naip atl").BBoxCropURL(bbox, geocatalog.CropSize{Width: 10, Height: 20, Format: geocatalog.FormatJPG}, nil)
		}, coll + "/bbox/-84.5,33.5,-84.25,33.75/10x20.jpg", nil},
		{"search tile", func() (string, error) { return d.Search("ba13fc79").TileURL(tile, nil) }, srch + "/tiles/WebMercatorQuad/7/34/50@2x.png", nil},
		{"search tile no tms", func() (string, error) {
			return d.Search("ba13fc79").TileURL(geocatalog.Tile{Z: 3, X: 2, Y: 1, Scale: 2}, &geocatalog.TileURLOptions{MosaicParams: geocatalog.MosaicParams{Collection: "naip"}})
		}, srch + "/tiles/3/2/1@2x", url.Values{"collection": {"naip"}}},
		{"search tilejson", func() (string, error) { return d.Search("ba13fc79").TileJSONURL(nil) }, srch + "/tilejson.json", nil},
		{"search tilejson by tms", func() (string, error) {
			return d.Search("ba13fc79").TileJSONURL(&geocatalog.TileJSONURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad"}})
		}, srch + "/WebMercatorQuad/tilejson.json", nil},
		{"search wmts by tms", func() (string, error) {
			return d.Search("ba13fc79").WMTSCapabilitiesURL(&geocatalog.WMTSCapabilitiesURLOptions{TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad"}})
		}, srch + "/WebMercatorQuad/WMTSCapabilities.xml", nil},
		{"search bbox crop", func() (string, error) {
			return d.Search("ba13fc79").BBoxCropURL(bbox, geocatalog.CropSize{}, nil)
		}, srch + "/bbox/-84.5,33.5,-84.25,33.75.png", nil},
		{"colormap legend", func() (string, error) {
			return d.ColormapLegendURL("rdylgn", &geocatalog.ColormapLegendURLOptions{Height: 10, Width: 300, LegendTrimParams: geocatalog.LegendTrimParams{TrimStart: 1, TrimEnd: 2}})
		}, "/data/legend/colormap/rdylgn", url.Values{"height": {"10"}, "width": {"300"}, "trim_start": {"1"}, "trim_end": {"2"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := c.build()
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(s)
			if err != nil {
				t.Fatal(err)
			}
			if u.Scheme+"://"+u.Host != testEndpoint {
				t.Errorf("origin %s://%s", u.Scheme, u.Host)
			}
			if u.EscapedPath() != c.path {
				t.Errorf("path\n got %s\nwant %s", u.EscapedPath(), c.path)
			}
			q := u.Query()
			if q.Get("api-version") != geocatalog.DefaultAPIVersion {
				t.Errorf("api-version %q", q.Get("api-version"))
			}
			q.Del("api-version")
			if len(c.query) == 0 && len(q) > 0 {
				t.Errorf("unexpected query %v", q)
			}
			for k, want := range c.query {
				if got := q[k]; !reflect.DeepEqual(got, want) {
					t.Errorf("query %s = %q, want %q", k, got, want)
				}
			}
			if len(c.query) > 0 && len(q) != len(c.query) {
				t.Errorf("query has %d keys, want %d: %v", len(q), len(c.query), q)
			}
			if strings.Contains(s, "secret-token") {
				t.Error("the URL carries the token")
			}
		})
	}
}

// TestDataURLBuildersPreGA checks the earlier (2025-04-30-preview) layout.
func TestDataURLBuildersPreGA(t *testing.T) {
	d := dataClient(t, geocatalog.APIVersion2025Preview)
	item := "/data/collections/c1/items/i1"
	cases := []struct {
		name  string
		build func() (string, error)
		path  string
	}{
		{"item tile fills scale and format", func() (string, error) {
			return d.Item("c1", "i1").TileURL(geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: 1, X: 1, Y: 0}, nil)
		}, item + "/tiles/WebMercatorQuad/1/1/0@1x.png"},
		{"item tilejson", func() (string, error) { return d.Item("c1", "i1").TileJSONURL(nil) }, item + "/tilejson.json"},
		{"item crop", func() (string, error) {
			return d.Item("c1", "i1").BBoxCropURL(geocatalog.BBox{MinX: 1, MinY: 2, MaxX: 3, MaxY: 4}, geocatalog.CropSize{Width: 5, Height: 6}, nil)
		}, item + "/crop/1,2,3,4/5x6.png"},
		{"item preview", func() (string, error) {
			return d.Item("c1", "i1").PreviewURL(&geocatalog.PreviewURLOptions{Format: geocatalog.FormatPNG})
		}, item + "/preview.png"},
		{"search tile", func() (string, error) {
			return d.Search("abc").TileURL(geocatalog.Tile{Z: 1, X: 0, Y: 0, Scale: 2, Format: geocatalog.FormatJPEG}, nil)
		}, "/data/mosaic/abc/tiles/1/0/0@2x.jpeg"},
		{"search tilejson", func() (string, error) { return d.Search("abc").TileJSONURL(nil) }, "/data/mosaic/abc/tilejson.json"},
	}
	for _, c := range cases {
		s, err := c.build()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		u, _ := url.Parse(s)
		if u.EscapedPath() != c.path || u.Query().Get("api-version") != geocatalog.APIVersion2025Preview {
			t.Errorf("%s: got %s", c.name, s)
		}
	}
	// GA-only routes are refused before any request.
	var iae *geocatalog.InvalidArgumentError
	if _, err := d.Collection("c1").TileURL(geocatalog.Tile{}, nil); !errors.As(err, &iae) {
		t.Errorf("collection tile under the preview version: %v", err)
	}
	if _, err := d.Search("abc").BBoxCropURL(geocatalog.BBox{}, geocatalog.CropSize{}, nil); !errors.As(err, &iae) {
		t.Errorf("search bbox crop under the preview version: %v", err)
	}
}

func TestDataBuildersRejectBadArguments(t *testing.T) {
	d := dataClient(t, "")
	var iae *geocatalog.InvalidArgumentError
	for name, f := range map[string]func() error{
		"empty collection": func() error { _, err := d.Item("", "i").TileURL(geocatalog.Tile{}, nil); return err },
		"empty item":       func() error { _, err := d.Item("c", "").PreviewURL(nil); return err },
		"empty search":     func() error { _, err := d.Search("").TileJSONURL(nil); return err },
		"negative tile":    func() error { _, err := d.Collection("c").TileURL(geocatalog.Tile{Z: -1}, nil); return err },
		"empty legend":     func() error { _, err := d.ColormapLegendURL("", nil); return err },
		"no feature": func() error {
			_, err := d.Item("c", "i").CropFeature(context.Background(), nil, geocatalog.CropSize{}, nil)
			return err
		},
	} {
		if err := f(); !errors.As(err, &iae) {
			t.Errorf("%s: %v, want *InvalidArgumentError", name, err)
		}
	}
}

// TestDataOptionsScope: parameters a target does not take are refused
// before any request, and named in the error.
func TestDataOptionsScope(t *testing.T) {
	d := dataClient(t, "")
	ctx := context.Background()
	mosaic := geocatalog.MosaicParams{ScanLimit: 10}
	filter := geocatalog.CollectionFilter{IDs: []string{"a"}}
	for name, c := range map[string]struct {
		call  func() error
		op    string
		param string
	}{
		"mosaic params on an item tile": {func() error {
			_, err := d.Item("c", "i").TileURL(geocatalog.Tile{}, &geocatalog.TileURLOptions{MosaicParams: mosaic})
			return err
		}, "Data.Item.TileURL", "options.MosaicParams"},
		"collection filter on an item point": {func() error {
			_, err := d.Item("c", "i").GetPoint(ctx, 1, 2, &geocatalog.GetPointOptions{CollectionFilter: filter})
			return err
		}, "Data.Item.GetPoint", "options.CollectionFilter"},
		"collection filter on a search crop": {func() error {
			_, err := d.Search("s").BBoxCropURL(geocatalog.BBox{}, geocatalog.CropSize{}, &geocatalog.BBoxCropURLOptions{CollectionFilter: filter})
			return err
		}, "Data.Search.BBoxCropURL", "options.CollectionFilter"},
		"collection filter on search assets": {func() error {
			_, err := d.Search("s").GetTileAssets(ctx, geocatalog.Tile{}, &geocatalog.GetTileAssetsOptions{CollectionFilter: filter})
			return err
		}, "Data.Search.GetTileAssets", "options.CollectionFilter"},
		"empty tile matrix set": {func() error {
			_, err := d.Collection("c").GetTileSet(ctx, "", nil)
			return err
		}, "Data.Collection.GetTileSet", "tileMatrixSetID"},
		"empty classmap": {func() error {
			_, err := d.GetClassmapLegend(ctx, "", nil)
			return err
		}, "Data.GetClassmapLegend", "classmapName"},
		"empty item id": {func() error {
			_, err := d.Item("c", "").GetStatistics(ctx, nil)
			return err
		}, "Data.Item.GetStatistics", "itemID"},
		"no feature for statistics": {func() error {
			_, err := d.Item("c", "i").GetFeatureStatistics(ctx, &geocatalog.Feature{}, nil)
			return err
		}, "Data.Item.GetFeatureStatistics", "feature"},
	} {
		var iae *geocatalog.InvalidArgumentError
		if err := c.call(); !errors.As(err, &iae) || iae.Op != c.op || iae.Param != c.param {
			t.Errorf("%s: %v, want *InvalidArgumentError of %s on %s", name, err, c.op, c.param)
		}
	}
	// The same parameters are sent where they apply.
	for _, build := range []func() (string, error){
		func() (string, error) {
			return d.Collection("c").TileURL(geocatalog.Tile{}, &geocatalog.TileURLOptions{MosaicParams: mosaic, CollectionFilter: filter})
		},
		func() (string, error) {
			return d.Search("s").TileURL(geocatalog.Tile{}, &geocatalog.TileURLOptions{MosaicParams: mosaic})
		},
	} {
		s, err := build()
		if err != nil || !strings.Contains(s, "scan_limit=10") {
			t.Errorf("%s %v", s, err)
		}
	}
}
