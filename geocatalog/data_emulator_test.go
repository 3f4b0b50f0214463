package geocatalog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
)

// The test raster: 64x64 pixels of 0.01 degree over [10, 40] - [10.64, 40.64]
// (EPSG:4326), three uint8 bands: column*3, row*3 and 200.
const (
	rasterW, rasterH = 64, 64
	rasterRes        = 0.01
	rasterMinX       = 10.0
	rasterMaxY       = 40.64
)

func testRaster() *geotiff.Raster {
	r := geotiff.New(rasterW, rasterH, 3, geotiff.Uint8)
	r.SetBounds(rasterMinX, rasterMaxY-rasterH*rasterRes, rasterMinX+rasterW*rasterRes, rasterMaxY)
	r.EPSG = 4326
	for y := 0; y < rasterH; y++ {
		for x := 0; x < rasterW; x++ {
			r.Set(0, x, y, float64(3*x))
			r.Set(1, x, y, float64(3*y))
			r.Set(2, x, y, 200)
		}
	}
	return r
}

// mercatorRaster is 32x32 pixels of 1000 m in EPSG:3857 from (1e6, 5e6)
// with uint16 values column + 32*row.
func mercatorRaster() *geotiff.Raster {
	r := geotiff.New(32, 32, 1, geotiff.Uint16)
	r.SetBounds(1e6, 5e6, 1.032e6, 5.032e6)
	r.EPSG = 3857
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			r.Set(0, x, y, float64(x+32*y))
		}
	}
	return r
}

// expectedPixel returns the test raster's values at lon/lat, or ok=false
// outside it (and near pixel edges, where rounding decides).
func expectedPixel(lon, lat float64) (v [3]uint8, ok bool) {
	px := (lon - rasterMinX) / rasterRes
	py := (rasterMaxY - lat) / rasterRes
	if px < 0 || py < 0 || px >= rasterW || py >= rasterH {
		return v, false
	}
	if f := px - math.Floor(px); f < 1e-6 || f > 1-1e-6 {
		return v, false
	}
	if f := py - math.Floor(py); f < 1e-6 || f > 1-1e-6 {
		return v, false
	}
	return [3]uint8{uint8(3 * int(px)), uint8(3 * int(py)), 200}, true
}

// dataFixture is a catalog holding one collection with one item whose
// "image" asset is the test raster.
type dataFixture struct {
	srv        *geocatalogtest.Server
	client     *geocatalog.Client
	data       *geocatalog.DataClient
	collection string
	item       string
}

var (
	dataOnce sync.Once
	dataFix  *dataFixture
	dataErr  error
)

// newDataFixture creates (once per test binary) the collection and item,
// serving the GeoTIFF from an httptest server for the emulator to copy.
func newDataFixture(t *testing.T) *dataFixture {
	t.Helper()
	dataOnce.Do(func() { dataFix, dataErr = buildDataFixture() })
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return dataFix
}

func buildDataFixture() (*dataFixture, error) {
	var tif bytes.Buffer
	if err := geotiff.WriteWithOptions(&tif, testRaster(), &geotiff.WriteOptions{TileSize: 32, Deflate: true}); err != nil {
		return nil, err
	}
	var merc bytes.Buffer
	if err := geotiff.Write(&merc, mercatorRaster()); err != nil {
		return nil, err
	}
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/tiff; application=geotiff")
		if strings.HasPrefix(r.URL.Path, "/merc") {
			_, _ = w.Write(merc.Bytes())
			return
		}
		_, _ = w.Write(tif.Bytes())
	}))
	srv := geocatalogtest.NewServer(nil)
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	f := &dataFixture{srv: srv, client: client, data: client.Data(), collection: "tiler-test", item: "scene-1"}
	col := stac.NewCollection(f.collection, "tiler test", "proprietary",
		stac.NewExtent([]float64{10, 40, 10.64, 40.64}, nil, nil))
	p, err := client.STAC().BeginCreateCollection(ctx, col, nil)
	if err != nil {
		return nil, err
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		return nil, err
	}
	item, err := stac.DecodeItem([]byte(`{"type":"Feature","stac_version":"1.0.0","id":"scene-1","collection":"tiler-test",
		"geometry":{"type":"Polygon","coordinates":[[[10,40],[10.64,40],[10.64,40.64],[10,40.64],[10,40]]]},
		"bbox":[10,40,10.64,40.64],"properties":{"datetime":"2024-05-01T10:00:00Z"},"links":[],
		"assets":{"image":{"href":"` + src.URL + `/scene-1.tif","type":"image/tiff; application=geotiff; profile=cloud-optimized","roles":["data"]},
		          "metadata":{"href":"` + src.URL + `/scene-1.json","type":"application/json"}}}`))
	if err != nil {
		return nil, err
	}
	pi, err := client.STAC().BeginCreateItem(ctx, f.collection, item, nil)
	if err != nil {
		return nil, err
	}
	if _, err := pi.PollUntilDone(ctx, nil); err != nil {
		return nil, err
	}
	// A second collection holds an EPSG:3857 raster.
	col = stac.NewCollection("tiler-3857", "tiler test in web mercator", "proprietary", stac.NewExtent([]float64{8, 40, 10, 42}, nil, nil))
	if p, err = client.STAC().BeginCreateCollection(ctx, col, nil); err != nil {
		return nil, err
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		return nil, err
	}
	item, err = stac.DecodeItem([]byte(`{"type":"Feature","stac_version":"1.0.0","id":"merc-1","collection":"tiler-3857",
		"geometry":{"type":"Polygon","coordinates":[[[8.98,40.9],[9.3,40.9],[9.3,41.2],[8.98,41.2],[8.98,40.9]]]},
		"bbox":[8.98,40.9,9.3,41.2],"properties":{"datetime":"2024-05-01T10:00:00Z"},"links":[],
		"assets":{"dem":{"href":"` + src.URL + `/merc-1.tif","type":"image/tiff; application=geotiff","roles":["data"]}}}`))
	if err != nil {
		return nil, err
	}
	if pi, err = client.STAC().BeginCreateItem(ctx, "tiler-3857", item, nil); err != nil {
		return nil, err
	}
	if _, err := pi.PollUntilDone(ctx, nil); err != nil {
		return nil, err
	}
	src.Close() // the emulator copied the assets into managed storage
	return f, nil
}

func decodePNG(t *testing.T, img geocatalog.Image) *image.NRGBA {
	t.Helper()
	defer img.Body.Close()
	if img.ContentType != "image/png" {
		t.Fatalf("content type %q, want image/png", img.ContentType)
	}
	m, err := png.Decode(img.Body)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := m.(*image.NRGBA)
	if !ok {
		b := m.Bounds()
		n = image.NewNRGBA(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				n.Set(x, y, m.At(x, y))
			}
		}
	}
	return n
}

// mercatorTile returns the WebMercatorQuad tile containing lon/lat.
func mercatorTile(z int, lon, lat float64) (x, y int) {
	n := math.Exp2(float64(z))
	x = int((lon + 180) / 360 * n)
	r := lat * math.Pi / 180
	y = int((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n)
	return x, y
}

// pixelLonLat is the centre of pixel (i, j) of a 256 px WebMercatorQuad tile.
func pixelLonLat(z, x, y, i, j int) (float64, float64) {
	n := math.Exp2(float64(z))
	mx := (float64(x) + (float64(i)+0.5)/256) / n
	my := (float64(y) + (float64(j)+0.5)/256) / n
	lon := mx*360 - 180
	lat := math.Atan(math.Sinh(math.Pi*(1-2*my))) * 180 / math.Pi
	return lon, lat
}

var imageAssets = geocatalog.RenderParams{Assets: []string{"image"}}

func TestDataItemPoint(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	// Centre of pixel (5, 7).
	pt, err := f.data.Item(f.collection, f.item).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{15, 21, 200}; !equalFloats(pt.Values, want) {
		t.Fatalf("values %v, want %v", pt.Values, want)
	}
	if strings.Join(pt.BandNames, ",") != "image_b1,image_b2,image_b3" {
		t.Fatalf("band names %v", pt.BandNames)
	}
	// One band only, through asset_bidx.
	pt, err = f.data.Item(f.collection, f.item).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{
		RenderParams: geocatalog.RenderParams{Assets: []string{"image"}, AssetBandIndexes: []string{"image|2"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !equalFloats(pt.Values, []float64{21}) {
		t.Fatalf("asset_bidx values %v", pt.Values)
	}
	// Band math: b3 - b1 and a normalized difference, two output bands.
	pt, err = f.data.Item(f.collection, f.item).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{
		RenderParams: geocatalog.RenderParams{Expression: "image_b3-image_b1;(image_b2-image_b1)/(image_b2+image_b1)"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.Values) != 2 || pt.Values[0] != 185 || math.Abs(pt.Values[1]-6.0/36) > 1e-12 {
		t.Fatalf("expression values %v (bands %v)", pt.Values, pt.BandNames)
	}
	// Outside the item: the service's 404.
	_, err = f.data.Item(f.collection, f.item).GetPoint(ctx, 50, 50, &geocatalog.GetPointOptions{RenderParams: imageAssets})
	if !geocatalog.IsNotFound(err) {
		t.Fatalf("point outside: %v, want not found", err)
	}
	// No assets: 400 from the service.
	_, err = f.data.Item(f.collection, f.item).GetPoint(ctx, 10.055, 40.565, nil)
	var re *azcore.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusBadRequest {
		t.Fatalf("no assets: %v, want 400", err)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkTile verifies every pixel of a 256 px RGBA tile against the raster.
func checkTile(t *testing.T, img *image.NRGBA, z, x, y int) {
	t.Helper()
	if img.Bounds().Dx() != 256 || img.Bounds().Dy() != 256 {
		t.Fatalf("tile size %v", img.Bounds())
	}
	inside := 0
	for j := 0; j < 256; j++ {
		for i := 0; i < 256; i++ {
			lon, lat := pixelLonLat(z, x, y, i, j)
			c := img.NRGBAAt(i, j)
			want, ok := expectedPixel(lon, lat)
			if !ok {
				if px, py := (lon-rasterMinX)/rasterRes, (rasterMaxY-lat)/rasterRes; (px < -0.01 || px > rasterW+0.01 || py < -0.01 || py > rasterH+0.01) && c.A != 0 {
					t.Fatalf("pixel %d,%d (%.5f, %.5f) outside the raster is not transparent: %v", i, j, lon, lat, c)
				}
				continue
			}
			inside++
			if c.R != want[0] || c.G != want[1] || c.B != want[2] || c.A != 255 {
				t.Fatalf("pixel %d,%d (%.5f, %.5f) = %v, want %v", i, j, lon, lat, c, want)
			}
		}
	}
	if inside < 1000 {
		t.Fatalf("only %d tile pixels fall on the raster", inside)
	}
}

func TestDataItemTile(t *testing.T) {
	f := newDataFixture(t)
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)
	for _, tile := range []geocatalog.Tile{
		{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y, Scale: 1, Format: geocatalog.FormatPNG},
		{Z: z, X: x, Y: y},
		{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y, Format: geocatalog.FormatPNG},
	} {
		img, err := f.data.Item(f.collection, f.item).GetTile(context.Background(), tile, &geocatalog.GetTileOptions{RenderParams: imageAssets})
		if err != nil {
			t.Fatal(err)
		}
		checkTile(t, decodePNG(t, img.Image), z, x, y)
	}
}

func TestDataItemTileRescaleColormap(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)
	img, err := f.data.Item(f.collection, f.item).GetTile(ctx, geocatalog.Tile{Z: z, X: x, Y: y, Format: geocatalog.FormatPNG}, &geocatalog.GetTileOptions{
		RenderParams: geocatalog.RenderParams{Assets: []string{"image"}, AssetBandIndexes: []string{"image|1"},
			Rescale: []geocatalog.Range{{Min: 0, Max: 189}}, ColormapName: "gray"}})
	if err != nil {
		t.Fatal(err)
	}
	m := decodePNG(t, img.Image)
	checked := 0
	for j := 0; j < 256; j += 7 {
		for i := 0; i < 256; i += 7 {
			lon, lat := pixelLonLat(z, x, y, i, j)
			want, ok := expectedPixel(lon, lat)
			if !ok {
				continue
			}
			// band 1 rescaled from [0, 189] to [0, 255], through the gray colormap.
			v := uint8(math.Round(float64(want[0]) / 189 * 255))
			if c := m.NRGBAAt(i, j); c.R != v || c.G != v || c.B != v || c.A != 255 {
				t.Fatalf("pixel %d,%d = %v, want gray %d", i, j, c, v)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no pixel checked")
	}
	// An empty tile far away is a 404.
	_, err = f.data.Item(f.collection, f.item).GetTile(ctx, geocatalog.Tile{Z: z, X: 0, Y: 0}, &geocatalog.GetTileOptions{RenderParams: imageAssets})
	if !geocatalog.IsNotFound(err) {
		t.Fatalf("tile outside: %v", err)
	}
}

func TestDataItemPreviewAndCrops(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	img, err := f.data.Item(f.collection, f.item).GetPreview(ctx, &geocatalog.GetPreviewOptions{RenderParams: imageAssets, Format: geocatalog.FormatPNG})
	if err != nil {
		t.Fatal(err)
	}
	m := decodePNG(t, img.Image)
	if m.Bounds().Dx() != rasterW || m.Bounds().Dy() != rasterH {
		t.Fatalf("preview size %v", m.Bounds())
	}
	if c := m.NRGBAAt(5, 7); c.R != 15 || c.G != 21 || c.B != 200 || c.A != 255 {
		t.Fatalf("preview pixel (5,7) = %v", c)
	}

	// The same preview reprojected to EPSG:3857, as a raw GeoTIFF: its
	// centre pixel holds the raster's value there.
	img, err = f.data.Item(f.collection, f.item).GetPreview(ctx, &geocatalog.GetPreviewOptions{RenderParams: imageAssets,
		Format: geocatalog.FormatTIFF, OutputParams: geocatalog.OutputParams{DstCRS: "epsg:3857"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(img.Body)
	img.Body.Close()
	pr, err := geotiff.ReadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	mx, my := pr.PixelToWorld(float64(pr.Width)/2+0.5, float64(pr.Height)/2+0.5)
	lon, lat := mx/6378137*180/math.Pi, math.Atan(math.Sinh(my/6378137))*180/math.Pi
	if want, ok := expectedPixel(lon, lat); pr.EPSG != 3857 || !ok || pr.Pixel(pr.Width/2, pr.Height/2)[0] != float64(want[0]) || pr.Pixel(pr.Width/2, pr.Height/2)[1] != float64(want[1]) {
		t.Fatalf("3857 preview: EPSG %d centre %v, want %v (%v)", pr.EPSG, pr.Pixel(pr.Width/2, pr.Height/2), want, ok)
	}

	// A 10x10 crop of [10.05, 40.5, 10.15, 40.6]: pixel (0,0) is centred on
	// (10.055, 40.595), raster pixel (5, 4).
	crop, err := f.data.Item(f.collection, f.item).GetBBoxCrop(ctx, geocatalog.BBox{MinX: 10.05, MinY: 40.5, MaxX: 10.15, MaxY: 40.6},
		geocatalog.CropSize{Width: 10, Height: 10, Format: geocatalog.FormatPNG}, &geocatalog.GetBBoxCropOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	m = decodePNG(t, crop.Image)
	if c := m.NRGBAAt(0, 0); m.Bounds().Dx() != 10 || c.R != 15 || c.G != 12 || c.B != 200 {
		t.Fatalf("crop size %v pixel (0,0) = %v", m.Bounds(), c)
	}

	// Feature crop of a triangle: the corner outside it is transparent.
	tri := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[10.05,40.5],[10.15,40.5],[10.05,40.6],[10.05,40.5]]]}`)}
	fc, err := f.data.Item(f.collection, f.item).CropFeature(ctx, tri, geocatalog.CropSize{Width: 10, Height: 10, Format: geocatalog.FormatPNG}, &geocatalog.CropFeatureOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	m = decodePNG(t, fc.Image)
	if c := m.NRGBAAt(0, 9); c.A != 255 || c.R != 15 {
		t.Fatalf("inside pixel = %v", c)
	}
	if c := m.NRGBAAt(9, 0); c.A != 0 {
		t.Fatalf("pixel outside the triangle = %v, want transparent", c)
	}

	// GeoTIFF output keeps the raw values.
	crop, err = f.data.Item(f.collection, f.item).GetBBoxCrop(ctx, geocatalog.BBox{MinX: 10.05, MinY: 40.5, MaxX: 10.15, MaxY: 40.6},
		geocatalog.CropSize{Width: 10, Height: 10, Format: geocatalog.FormatTIFF}, &geocatalog.GetBBoxCropOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(crop.Body)
	crop.Body.Close()
	r, err := geotiff.ReadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Pixel(0, 0); r.EPSG != 4326 || got[0] != 15 || got[1] != 12 || got[2] != 200 {
		t.Fatalf("tif crop EPSG %d pixel %v", r.EPSG, got)
	}
}

func TestDataItemStatisticsAndMetadata(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	st, err := f.data.Item(f.collection, f.item).GetStatistics(ctx, &geocatalog.GetStatisticsOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	b1 := st.Statistics["image_b1"]
	if b1 == nil || b1.Min != 0 || b1.Max != 189 || b1.Mean != 94.5 || b1.Count != 4096 || b1.ValidPercent != 100 {
		t.Fatalf("image_b1 = %+v", b1)
	}
	if p, ok := b1.Percentile(98); !ok || p < 180 || p > 189 {
		t.Fatalf("percentile_98 = %v %v", p, ok)
	}
	if len(b1.Histogram) != 2 || len(b1.Histogram[0]) != 10 || len(b1.Histogram[1]) != 11 {
		t.Fatalf("histogram %v", b1.Histogram)
	}

	// Statistics over the western half (columns 0..31).
	half := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[10,40],[10.32,40],[10.32,40.64],[10,40.64],[10,40]]]}`)}
	sf, err := f.data.Item(f.collection, f.item).GetFeatureStatistics(ctx, half, &geocatalog.GetFeatureStatisticsOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	if s := sf.Properties.Statistics["image_b1"]; s == nil || s.Count != 2048 || s.Max != 93 {
		t.Fatalf("feature statistics %+v", s)
	}

	as, err := f.data.Item(f.collection, f.item).GetAssetStatistics(ctx, &geocatalog.GetAssetStatisticsOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	if s := as.AssetStatistics["image"]["b2"]; s == nil || s.Max != 189 || s.Min != 0 {
		t.Fatalf("asset statistics %+v", as)
	}

	info, err := f.data.Item(f.collection, f.item).GetInfo(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if in := info.ItemInfo["image"]; in == nil || in.DType != "uint8" || in.Count != 3 || in.Width != 64 || len(in.BandMetadata) != 3 || in.BandMetadata[2].Name != "b3" {
		t.Fatalf("info %+v", info.ItemInfo["image"])
	}
	gj, err := f.data.Item(f.collection, f.item).GetInfoGeoJSON(ctx, &geocatalog.GetInfoGeoJSONOptions{Assets: []string{"image"}})
	if err != nil || gj.Type != "Feature" || gj.Properties["image"] == nil {
		t.Fatalf("info.geojson %+v %v", gj, err)
	}
	bounds, err := f.data.Item(f.collection, f.item).GetBounds(ctx, nil)
	if err != nil || !equalFloats(bounds.Bounds.Bounds, []float64{10, 40, 10.64, 40.64}) {
		t.Fatalf("bounds %+v %v", bounds, err)
	}
	assets, err := f.data.Item(f.collection, f.item).ListAssets(ctx, nil)
	if err != nil || len(assets.Assets) != 1 || assets.Assets[0] != "image" {
		t.Fatalf("assets %v %v", assets, err)
	}
	tj, err := f.data.Item(f.collection, f.item).GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{RenderParams: imageAssets,
		TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad", TileFormat: geocatalog.FormatPNG}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tj.Tiles) != 1 || !strings.Contains(tj.Tiles[0], "/data/mosaic/collections/tiler-test/items/scene-1/tiles/WebMercatorQuad/{z}/{x}/{y}@1x.png?") ||
		!strings.Contains(tj.Tiles[0], "assets=image") || !equalFloats(tj.Bounds, []float64{10, 40, 10.64, 40.64}) {
		t.Fatalf("tilejson %+v", tj)
	}
	wmts, err := f.data.Item(f.collection, f.item).GetWMTSCapabilities(ctx, &geocatalog.GetWMTSCapabilitiesOptions{RenderParams: imageAssets})
	if err != nil || !bytes.Contains(wmts.XML, []byte("<Capabilities")) || !bytes.Contains(wmts.XML, []byte("WebMercatorQuad")) {
		t.Fatalf("wmts %v: %.200s", err, wmts.XML)
	}
	sets, err := f.data.Item(f.collection, f.item).ListTileSets(ctx, nil)
	if err != nil || len(sets.TileSets) == 0 {
		t.Fatalf("tilesets %+v %v", sets, err)
	}
	ts, err := f.data.Item(f.collection, f.item).GetTileSet(ctx, "WebMercatorQuad", nil)
	if err != nil || len(ts.TileMatrixSetLimits) != 25 || ts.BoundingBox == nil {
		t.Fatalf("tileset %+v %v", ts, err)
	}
	z9 := ts.TileMatrixSetLimits[9]
	x, y := mercatorTile(9, 10.2, 40.4)
	if x < z9.MinTileCol || x > z9.MaxTileCol || y < z9.MinTileRow || y > z9.MaxTileRow {
		t.Fatalf("tile %d/%d not within the z9 limits %+v", x, y, z9)
	}
}

func TestDataMosaics(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)

	// Collection mosaic.
	img, err := f.data.Collection(f.collection).GetTile(ctx, geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y, Format: geocatalog.FormatPNG},
		&geocatalog.GetTileOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	checkTile(t, decodePNG(t, img.Image), z, x, y)
	pt, err := f.data.Collection(f.collection).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{RenderParams: imageAssets})
	if err != nil || !equalFloats(pt.Values, []float64{15, 21, 200}) {
		t.Fatalf("collection point %+v %v", pt, err)
	}
	pa, err := f.data.Collection(f.collection).GetPointAssets(ctx, 10.055, 40.565, nil)
	if err != nil || len(pa.Items) != 1 || pa.Items[0].ID != f.item || pa.Items[0].Assets["image"].Href == "" {
		t.Fatalf("point assets %+v %v", pa, err)
	}
	ta, err := f.data.Collection(f.collection).GetTileAssets(ctx, geocatalog.Tile{Z: z, X: x, Y: y}, nil)
	if err != nil || len(ta.Items) != 1 {
		t.Fatalf("tile assets %+v %v", ta, err)
	}
	ba, err := f.data.Collection(f.collection).GetBBoxAssets(ctx, geocatalog.BBox{MinX: 0, MinY: 0, MaxX: 1, MaxY: 1}, nil)
	if err != nil || len(ba.Items) != 0 {
		t.Fatalf("bbox assets far away %+v %v", ba, err)
	}
	info, err := f.data.Collection(f.collection).GetSearchInfo(ctx, nil)
	if err != nil || info.Search.Hash == "" || info.Search.Metadata.Type != "mosaic" {
		t.Fatalf("collection info %+v %v", info, err)
	}
	tj, err := f.data.Collection(f.collection).GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{RenderParams: imageAssets})
	if err != nil || tj.Name != f.collection || !equalFloats(tj.Bounds, []float64{10, 40, 10.64, 40.64}) {
		t.Fatalf("collection tilejson %+v %v", tj, err)
	}

	// Registered search: same id for the same search.
	reg, err := f.data.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{Collections: []string{f.collection}, FilterLang: "cql2-json"}, nil)
	if err != nil || reg.SearchID == "" {
		t.Fatalf("register %+v %v", reg, err)
	}
	again, err := f.data.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{FilterLang: "cql2-json", Collections: []string{f.collection}}, nil)
	if err != nil || again.SearchID != reg.SearchID {
		t.Fatalf("second registration %+v %v, want id %s", again, err, reg.SearchID)
	}
	other, err := f.data.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{Collections: []string{f.collection}, IDs: []string{"nope"}}, nil)
	if err != nil || other.SearchID == reg.SearchID {
		t.Fatalf("another search got id %v (%v)", other, err)
	}
	img, err = f.data.Search(reg.SearchID).GetTile(ctx, geocatalog.Tile{Z: z, X: x, Y: y, Scale: 1, Format: geocatalog.FormatPNG}, &geocatalog.GetTileOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	checkTile(t, decodePNG(t, img.Image), z, x, y)
	sinfo, err := f.data.Search(reg.SearchID).GetSearchInfo(ctx, nil)
	if err != nil || sinfo.Search.Hash != reg.SearchID {
		t.Fatalf("search info %+v %v", sinfo, err)
	}
	// The search matching no item has no data there.
	_, err = f.data.Search(other.SearchID).GetTile(ctx, geocatalog.Tile{Z: z, X: x, Y: y}, &geocatalog.GetTileOptions{RenderParams: imageAssets})
	if !geocatalog.IsNotFound(err) {
		t.Fatalf("empty search tile: %v", err)
	}
	_, err = f.data.Search("0123456789abcdef").GetSearchInfo(ctx, nil)
	if !geocatalog.IsNotFound(err) {
		t.Fatalf("unknown search: %v", err)
	}
}

func TestDataTileMatrixSetsAndLegends(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	ids, err := f.data.ListTileMatrixSets(ctx, nil)
	if err != nil || len(ids.IDs) == 0 {
		t.Fatalf("tile matrix sets %v %v", ids, err)
	}
	tms, err := f.data.GetTileMatrixSet(ctx, "WebMercatorQuad", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(tms.TileMatrices) != 25 || math.Abs(tms.TileMatrices[0].CellSize-156543.033928041) > 1e-6 || tms.TileMatrices[3].MatrixWidth != 8 {
		t.Fatalf("WebMercatorQuad %+v", tms.TileMatrices[:1])
	}
	img, err := f.data.GetColormapLegend(ctx, "viridis", &geocatalog.GetColormapLegendOptions{Width: 100, Height: 10})
	if err != nil {
		t.Fatal(err)
	}
	m := decodePNG(t, img.Image)
	if m.Bounds().Dx() != 100 || m.Bounds().Dy() != 10 {
		t.Fatalf("legend size %v", m.Bounds())
	}
	if c0, c1 := m.NRGBAAt(0, 0), m.NRGBAAt(99, 0); c0 == c1 {
		t.Fatal("the legend is not a gradient")
	}
	cm, err := f.data.GetClassmapLegend(ctx, "mtbs-severity", nil)
	if err != nil || len(cm.ClassmapLegend) != 7 || cm.ClassmapLegend["1"][1] != 100 {
		t.Fatalf("classmap %v %v", cm, err)
	}
	il, err := f.data.GetIntervalLegend(ctx, "modis-64A1", &geocatalog.GetIntervalLegendOptions{LegendTrimParams: geocatalog.LegendTrimParams{TrimStart: 1}})
	if err != nil || len(il.IntervalLegend) != 12 || il.IntervalLegend[0].Min != 1 || il.IntervalLegend[0].Max != 32 {
		t.Fatalf("interval legend %v %v", il, err)
	}
}

// TestDataPreGA drives the earlier layout with APIVersion2025Preview.
func TestDataPreGA(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	opts := *f.srv.ClientOptions()
	opts.APIVersion = geocatalog.APIVersion2025Preview
	client, err := geocatalog.NewClient(f.srv.URL, f.srv.Credential(), &opts)
	if err != nil {
		t.Fatal(err)
	}
	d := client.Data()
	pt, err := d.Item(f.collection, f.item).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{RenderParams: imageAssets})
	if err != nil || !equalFloats(pt.Values, []float64{15, 21, 200}) {
		t.Fatalf("pre-GA point %+v %v", pt, err)
	}
	crop, err := d.Item(f.collection, f.item).GetBBoxCrop(ctx, geocatalog.BBox{MinX: 10.05, MinY: 40.5, MaxX: 10.15, MaxY: 40.6},
		geocatalog.CropSize{Width: 10, Height: 10}, &geocatalog.GetBBoxCropOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	if c := decodePNG(t, crop.Image).NRGBAAt(0, 0); c.R != 15 || c.G != 12 {
		t.Fatalf("pre-GA crop pixel %v", c)
	}
	reg, err := d.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{Collections: []string{f.collection}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)
	img, err := d.Search(reg.SearchID).GetTile(ctx, geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y}, &geocatalog.GetTileOptions{RenderParams: imageAssets})
	if err != nil {
		t.Fatal(err)
	}
	checkTile(t, decodePNG(t, img.Image), z, x, y)
	var iae *geocatalog.InvalidArgumentError
	if _, err := d.Collection(f.collection).GetSearchInfo(ctx, nil); !errors.As(err, &iae) {
		t.Fatalf("collection mosaic under the preview version: %v", err)
	}
}

func BenchmarkDataItemTile(b *testing.B) {
	dataOnce.Do(func() { dataFix, dataErr = buildDataFixture() })
	if dataErr != nil {
		b.Fatal(dataErr)
	}
	f := dataFix
	x, y := mercatorTile(9, 10.2, 40.4)
	tile := geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: 9, X: x, Y: y, Format: geocatalog.FormatPNG}
	opts := &geocatalog.GetTileOptions{RenderParams: imageAssets}
	for b.Loop() {
		img, err := f.data.Item(f.collection, f.item).GetTile(context.Background(), tile, opts)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, img.Body)
		img.Body.Close()
		b.SetBytes(n)
	}
}

// TestDataTileJSONTemplateServesTiles plays a map client: it builds the
// TileJSON URL, reads the template from it and fetches a tile itself with
// a bearer token.
func TestDataTileJSONTemplateServesTiles(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	u, err := f.data.Item(f.collection, f.item).TileJSONURL(&geocatalog.TileJSONURLOptions{RenderParams: imageAssets,
		TileJSONParams: geocatalog.TileJSONParams{TileFormat: geocatalog.FormatPNG}})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.srv.Credential().GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(u string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+tok.Token)
		resp, err := f.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
		}
		return resp
	}
	resp := get(u)
	var tj geocatalog.TileJSON
	err = json.NewDecoder(resp.Body).Decode(&tj)
	resp.Body.Close()
	if err != nil || len(tj.Tiles) != 1 {
		t.Fatalf("tilejson %+v %v", tj, err)
	}
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)
	tileURL := strings.NewReplacer("{z}", strconv.Itoa(z), "{x}", strconv.Itoa(x), "{y}", strconv.Itoa(y)).Replace(tj.Tiles[0])
	resp = get(tileURL)
	checkTile(t, decodePNG(t, geocatalog.Image{Body: resp.Body, ContentType: resp.Header.Get("Content-Type")}), z, x, y)
}

// TestDataMosaicFetches drives the remaining collection and search mosaic
// operations and checks what they return against the test raster.
func TestDataMosaicFetches(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	reg, err := f.data.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{Collections: []string{f.collection}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sid, cid := reg.SearchID, f.collection
	bb := geocatalog.BBox{MinX: 10.05, MinY: 40.5, MaxX: 10.15, MaxY: 40.6}
	size := geocatalog.CropSize{Width: 10, Height: 10, Format: geocatalog.FormatPNG}
	tri := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[10.05,40.5],[10.15,40.5],[10.05,40.6],[10.05,40.5]]]}`)}
	z := 9
	x, y := mercatorTile(z, 10.2, 40.4)
	checkCrop := func(t *testing.T, img geocatalog.Image, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		// Centre of crop pixel (0,9): (10.055, 40.505), raster pixel (5, 13).
		if c := decodePNG(t, img).NRGBAAt(0, 9); c.R != 15 || c.G != 39 || c.B != 200 || c.A != 255 {
			t.Fatalf("crop pixel (0,9) = %v", c)
		}
	}
	checkItems := func(t *testing.T, items []geocatalog.MosaicItem, err error) {
		t.Helper()
		if err != nil || len(items) != 1 || items[0].ID != f.item {
			t.Fatalf("items %+v %v", items, err)
		}
	}
	t.Run("collection", func(t *testing.T) {
		wmts, err := f.data.Collection(cid).GetWMTSCapabilities(ctx, &geocatalog.GetWMTSCapabilitiesOptions{RenderParams: imageAssets,
			TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WorldCRS84Quad"}})
		if err != nil || !bytes.Contains(wmts.XML, []byte("<ows:Identifier>WorldCRS84Quad</ows:Identifier>")) {
			t.Fatalf("wmts %v %.300s", err, wmts.XML)
		}
		crop, err := f.data.Collection(cid).GetBBoxCrop(ctx, bb, size, &geocatalog.GetBBoxCropOptions{RenderParams: imageAssets})
		checkCrop(t, crop.Image, err)
		fc, err := f.data.Collection(cid).CropFeature(ctx, tri, size, &geocatalog.CropFeatureOptions{RenderParams: imageAssets})
		checkCrop(t, fc.Image, err)
		sets, err := f.data.Collection(cid).ListTileSets(ctx, nil)
		if err != nil || len(sets.TileSets) != 2 {
			t.Fatalf("tilesets %+v %v", sets, err)
		}
		ts, err := f.data.Collection(cid).GetTileSet(ctx, "WorldCRS84Quad", nil)
		if err != nil || ts.BoundingBox == nil || ts.BoundingBox.LowerLeft[0] != 10 {
			t.Fatalf("tileset %+v %v", ts, err)
		}
	})
	t.Run("search", func(t *testing.T) {
		tj, err := f.data.Search(sid).GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{RenderParams: imageAssets})
		if err != nil || !strings.Contains(tj.Tiles[0], "/data/mosaic/searches/"+sid+"/tiles/WebMercatorQuad/") || !equalFloats(tj.Bounds, []float64{10, 40, 10.64, 40.64}) {
			t.Fatalf("tilejson %+v %v", tj, err)
		}
		wmts, err := f.data.Search(sid).GetWMTSCapabilities(ctx, &geocatalog.GetWMTSCapabilitiesOptions{RenderParams: imageAssets})
		if err != nil || !bytes.Contains(wmts.XML, []byte("<Capabilities")) {
			t.Fatalf("wmts %v", err)
		}
		pt, err := f.data.Search(sid).GetPoint(ctx, 10.055, 40.565, &geocatalog.GetPointOptions{RenderParams: imageAssets})
		if err != nil || !equalFloats(pt.Values, []float64{15, 21, 200}) {
			t.Fatalf("point %+v %v", pt, err)
		}
		pa, err := f.data.Search(sid).GetPointAssets(ctx, 10.055, 40.565, nil)
		checkItems(t, pa.Items, err)
		ta, err := f.data.Search(sid).GetTileAssets(ctx, geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y}, nil)
		checkItems(t, ta.Items, err)
		ba, err := f.data.Search(sid).GetBBoxAssets(ctx, bb, nil)
		checkItems(t, ba.Items, err)
		crop, err := f.data.Search(sid).GetBBoxCrop(ctx, bb, size, &geocatalog.GetBBoxCropOptions{RenderParams: imageAssets})
		checkCrop(t, crop.Image, err)
		fc, err := f.data.Search(sid).CropFeature(ctx, tri, size, &geocatalog.CropFeatureOptions{RenderParams: imageAssets})
		checkCrop(t, fc.Image, err)
		sets, err := f.data.Search(sid).ListTileSets(ctx, nil)
		if err != nil || len(sets.TileSets) != 2 || len(sets.TileSets[0].Links) == 0 {
			t.Fatalf("tilesets %+v %v", sets, err)
		}
		ts, err := f.data.Search(sid).GetTileSet(ctx, "WebMercatorQuad", nil)
		if err != nil || len(ts.TileMatrixSetLimits) == 0 {
			t.Fatalf("tileset %+v %v", ts, err)
		}
	})
}

// TestDataWebMercatorRaster reads an EPSG:3857 asset: a point given in
// WGS84 and in EPSG:3857, and a raw (GeoTIFF) tile compared pixel by pixel.
func TestDataWebMercatorRaster(t *testing.T) {
	f := newDataFixture(t)
	ctx := context.Background()
	dem := &geocatalog.GetPointOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"dem"}}}
	// Centre of pixel (10, 20): x = 1010500, y = 5011500.
	mx, my := 1010500.0, 5011500.0
	lon := mx / 6378137 * 180 / math.Pi
	lat := math.Atan(math.Sinh(my/6378137)) * 180 / math.Pi
	pt, err := f.data.Item("tiler-3857", "merc-1").GetPoint(ctx, lon, lat, dem)
	if err != nil || !equalFloats(pt.Values, []float64{650}) {
		t.Fatalf("point %+v %v", pt, err)
	}
	dem.CoordCRS = "epsg:3857"
	pt, err = f.data.Item("tiler-3857", "merc-1").GetPoint(ctx, mx, my, dem)
	if err != nil || !equalFloats(pt.Values, []float64{650}) {
		t.Fatalf("point in EPSG:3857 %+v %v", pt, err)
	}

	z := 10
	x, y := mercatorTile(z, lon, lat)
	img, err := f.data.Item("tiler-3857", "merc-1").GetTile(ctx, geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: z, X: x, Y: y, Format: geocatalog.FormatTIFF},
		&geocatalog.GetTileOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"dem"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(img.Body)
	img.Body.Close()
	tile, err := geotiff.ReadBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if tile.EPSG != 3857 || tile.Width != 256 {
		t.Fatalf("tile EPSG %d width %d", tile.EPSG, tile.Width)
	}
	checked := 0
	for j := 0; j < 256; j++ {
		for i := 0; i < 256; i++ {
			wx, wy := tile.PixelToWorld(float64(i)+0.5, float64(j)+0.5)
			px, py := (wx-1e6)/1000, (5.032e6-wy)/1000
			got := tile.At(0, i, j)
			if px < 0 || py < 0 || px >= 32 || py >= 32 {
				if !math.IsNaN(got) {
					t.Fatalf("pixel %d,%d outside the raster = %v, want NaN", i, j, got)
				}
				continue
			}
			if fx, fy := px-math.Floor(px), py-math.Floor(py); fx < 1e-6 || fy < 1e-6 || fx > 1-1e-6 || fy > 1-1e-6 {
				continue
			}
			if want := math.Floor(px) + 32*math.Floor(py); got != want {
				t.Fatalf("pixel %d,%d = %v, want %v", i, j, got, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d pixels checked", checked)
	}
}
