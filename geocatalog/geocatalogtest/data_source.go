package geocatalogtest

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
)

// tilerItem is the part of a STAC item the tiler reads.
type tilerItem struct {
	ID         string                `json:"id"`
	Collection string                `json:"collection"`
	BBox       []float64             `json:"bbox"`
	Geometry   json.RawMessage       `json:"geometry"`
	Assets     map[string]tilerAsset `json:"assets"`
	Properties map[string]any        `json:"properties"`
}

type tilerAsset struct {
	Href  string   `json:"href"`
	Type  string   `json:"type"`
	Roles []string `json:"roles"`
}

// isRaster reports whether the asset looks like a GeoTIFF the tiler can read.
func (a tilerAsset) isRaster() bool {
	t := strings.ToLower(a.Type)
	h := strings.ToLower(a.Href)
	if i := strings.IndexByte(h, '?'); i >= 0 {
		h = h[:i]
	}
	return strings.Contains(t, "tiff") || strings.HasSuffix(h, ".tif") || strings.HasSuffix(h, ".tiff")
}

// parseItem decodes a stored item document.
func parseItem(doc []byte) (*tilerItem, error) {
	var it tilerItem
	if err := json.Unmarshal(doc, &it); err != nil {
		return nil, err
	}
	return &it, nil
}

// loadItem reads the target item, answering 404 itself.
func (d *dataReq) loadItem() (*tilerItem, bool) {
	doc, err := d.c.store.Item(d.collection, d.item)
	if err != nil {
		writeError(d.w, http.StatusNotFound, "NotFound", "item %s not found in collection %s", d.item, d.collection)
		return nil, false
	}
	it, err := parseItem(doc)
	if err != nil {
		writeError(d.w, http.StatusInternalServerError, "InternalError", "stored item: %v", err)
		return nil, false
	}
	if it.Collection == "" {
		it.Collection = d.collection
	}
	return it, true
}

// searchRegistry keeps the searches registered on each catalog.
var searchRegistry sync.Map // *Catalog -> *catalogSearches

type catalogSearches struct {
	mu sync.Mutex
	m  map[string]*registeredSearch
}

// registeredSearch is a search registered with POST /data/mosaic/register.
type registeredSearch struct {
	Hash     string
	Search   json.RawMessage // the body without "metadata"
	Metadata json.RawMessage
	UseCount int
}

func searchesOf(c *Catalog) *catalogSearches {
	v, _ := searchRegistry.LoadOrStore(c, &catalogSearches{m: map[string]*registeredSearch{}})
	return v.(*catalogSearches)
}

// searchHash is a stable id of a search body: the md5 of its canonical JSON
// (object keys sorted), as pgSTAC's hash is stable for one search.
func searchHash(body []byte) (string, json.RawMessage, error) {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "", nil, err
	}
	canon, err := json.Marshal(v) // maps marshal with sorted keys
	if err != nil {
		return "", nil, err
	}
	sum := md5.Sum(canon)
	return hex.EncodeToString(sum[:]), canon, nil
}

// collectionSearchBody is the implicit search of a collection mosaic.
func collectionSearchBody(collection string) []byte {
	b, _ := json.Marshal(map[string]any{"collections": []string{collection}})
	return b
}

// maxMosaicItems bounds the items a mosaic reads.
const maxMosaicItems = 100

// mosaicItems returns the items of the target, in mosaic order (answering
// errors itself).
func (d *dataReq) mosaicItems() ([]*tilerItem, bool) {
	switch d.kind {
	case dataItem:
		it, ok := d.loadItem()
		if !ok {
			return nil, false
		}
		return []*tilerItem{it}, true
	case dataCollection:
		if _, err := d.c.store.Collection(d.collection); err != nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "collection %s not found", d.collection)
			return nil, false
		}
		v := url.Values{"collections": {d.collection}}
		for _, k := range []string{"ids", "bbox", "datetime", "sortby", "query"} {
			if s := d.q.Get(k); s != "" {
				v.Set(k, s)
			}
		}
		q, err := store.ParseSearchParams(v, maxMosaicItems, 10000)
		if err != nil {
			d.badRequest("%v", err)
			return nil, false
		}
		return d.runSearch(q)
	default:
		rs := searchesOf(d.c).get(d.search)
		if rs == nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "search %s is not registered", d.search)
			return nil, false
		}
		q, err := store.ParseSearchBody(rs.Search)
		if err != nil {
			d.badRequest("%v", err)
			return nil, false
		}
		if dt := d.q.Get("datetime"); dt != "" && q.Datetime == "" {
			if q2, err := store.ParseSearchParams(url.Values{"datetime": {dt}}, 1, 1); err == nil {
				q.Datetime, q.Interval = q2.Datetime, q2.Interval
			}
		}
		return d.runSearch(q)
	}
}

func (d *dataReq) runSearch(q *store.Query) ([]*tilerItem, bool) {
	limit := min(maxMosaicItems, atoiDefault(d.q.Get("items_limit"), maxMosaicItems))
	q.Limit = limit
	page, err := d.c.store.Search(q)
	if err != nil {
		d.badRequest("%v", err)
		return nil, false
	}
	out := make([]*tilerItem, 0, len(page.Items))
	for _, doc := range page.Items {
		if it, err := parseItem(doc); err == nil {
			out = append(out, it)
		}
	}
	return out, true
}

func (s *catalogSearches) get(id string) *registeredSearch {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.m[id]
	if rs != nil {
		rs.UseCount++
	}
	return rs
}

// rasterCache keeps decoded rasters by blob object.
var rasterCache struct {
	mu sync.Mutex
	m  map[*blobObject]*geotiff.Raster
}

// raster decodes the GeoTIFF of an asset from managed storage.
func (d *dataReq) raster(it *tilerItem, asset string) (*geotiff.Raster, error) {
	a, ok := it.Assets[asset]
	if !ok {
		return nil, fmt.Errorf("item %s has no asset %q", it.ID, asset)
	}
	u, err := url.Parse(a.Href)
	if err != nil {
		return nil, fmt.Errorf("asset %q: bad href", asset)
	}
	bc, path, ok := d.c.ownBlob(u)
	if !ok {
		return nil, fmt.Errorf("asset %q of item %s is not in managed storage", asset, it.ID)
	}
	obj := bc.get(path)
	if obj == nil {
		return nil, fmt.Errorf("asset %q of item %s: blob not found", asset, it.ID)
	}
	rasterCache.mu.Lock()
	r := rasterCache.m[obj]
	rasterCache.mu.Unlock()
	if r != nil {
		return r, nil
	}
	r, err = geotiff.Read(bytes.NewReader(obj.data), int64(len(obj.data)))
	if err != nil {
		return nil, fmt.Errorf("asset %q of item %s: %v", asset, it.ID, err)
	}
	if r.EPSG == 0 {
		r.EPSG = 4326
	}
	if r.EPSG != 4326 && r.EPSG != 3857 {
		return nil, fmt.Errorf("asset %q of item %s: EPSG:%d is not supported by the emulator (4326 and 3857 are)", asset, it.ID, r.EPSG)
	}
	rasterCache.mu.Lock()
	if rasterCache.m == nil || len(rasterCache.m) > 256 {
		rasterCache.m = map[*blobObject]*geotiff.Raster{}
	}
	rasterCache.m[obj] = r
	rasterCache.mu.Unlock()
	return r, nil
}

// band is one selected band of one asset, or a band math expression over
// such bands (expr and vars set; r is then the first variable's raster).
type band struct {
	asset string
	r     *geotiff.Raster
	idx   int // 0-based
	name  string
	expr  *exprNode
	vars  map[string]band
}

// selection is what the request asks to read from each item.
type selection struct {
	assets      []string
	assetBidx   map[string][]int
	bidx        []int
	assetAsBand bool
	nodata      *float64
	exprs       []*exprNode
	exprText    []string
}

// parseSelection reads assets, asset_bidx, bidx, asset_as_band and nodata.
func (d *dataReq) parseSelection(requireAssets bool) (*selection, bool) {
	for _, k := range []string{"algorithm", "color_formula", "subdataset_name"} {
		if d.q.Get(k) != "" {
			d.badRequest("%s is not supported by the emulator", k)
			return nil, false
		}
	}
	if ps := d.q.Get("pixel_selection"); ps != "" && ps != "first" {
		d.badRequest("pixel_selection %q is not supported by the emulator (first is)", ps)
		return nil, false
	}
	s := &selection{assets: d.q["assets"], assetBidx: map[string][]int{}}
	if expr := d.q.Get("expression"); expr != "" {
		for _, part := range strings.Split(expr, ";") {
			e, err := parseExpr(part)
			if err != nil {
				d.badRequest("%v", err)
				return nil, false
			}
			s.exprs = append(s.exprs, e)
			s.exprText = append(s.exprText, strings.TrimSpace(part))
		}
	}
	if requireAssets && len(s.assets) == 0 && len(s.exprs) == 0 {
		d.badRequest("assets must be defined either via expression or assets options")
		return nil, false
	}
	for _, ab := range d.q["asset_bidx"] {
		name, list, ok := strings.Cut(ab, "|")
		if !ok {
			d.badRequest("invalid asset_bidx %q (want asset|1,2,3)", ab)
			return nil, false
		}
		idx, ok := parseIndexes(list)
		if !ok {
			d.badRequest("invalid asset_bidx %q", ab)
			return nil, false
		}
		s.assetBidx[name] = idx
	}
	for _, b := range d.q["bidx"] {
		idx, ok := parseIndexes(b)
		if !ok {
			d.badRequest("invalid bidx %q", b)
			return nil, false
		}
		s.bidx = append(s.bidx, idx...)
	}
	s.assetAsBand = d.q.Get("asset_as_band") == "true"
	if v := d.q.Get("nodata"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			d.badRequest("invalid nodata %q", v)
			return nil, false
		}
		s.nodata = &f
	}
	return s, true
}

func parseIndexes(s string) ([]int, bool) {
	var out []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// bands resolves the selection on one item.
func (d *dataReq) bands(it *tilerItem, s *selection) ([]band, error) {
	if len(s.exprs) > 0 {
		return d.exprBands(it, s)
	}
	var out []band
	for _, a := range s.assets {
		r, err := d.raster(it, a)
		if err != nil {
			return nil, err
		}
		idx := s.assetBidx[a]
		if idx == nil {
			idx = s.bidx
		}
		if idx == nil {
			for i := 1; i <= r.Bands; i++ {
				idx = append(idx, i)
			}
		}
		for _, i := range idx {
			if i > r.Bands {
				return nil, fmt.Errorf("asset %q has %d bands, band %d asked", a, r.Bands, i)
			}
			name := fmt.Sprintf("%s_b%d", a, i)
			if s.assetAsBand {
				name = a
			}
			out = append(out, band{asset: a, r: r, idx: i - 1, name: name})
		}
	}
	return out, nil
}

// exprBands resolves the variables of the expressions ("{asset}_b{n}",
// an asset name with asset_as_band, or "b{n}" of the only asset) and
// returns one band per expression.
func (d *dataReq) exprBands(it *tilerItem, s *selection) ([]band, error) {
	names := map[string]bool{}
	for _, e := range s.exprs {
		e.names(names)
	}
	vars := map[string]band{}
	for name := range names {
		asset, n := "", 0
		if a, bn, ok := strings.Cut(name, "_b"); ok && it.Assets[a].Href != "" {
			if k, err := strconv.Atoi(bn); err == nil {
				asset, n = a, k
			}
		}
		if asset == "" && s.assetAsBand && it.Assets[name].Href != "" {
			asset, n = name, 1
		}
		if k, err := strconv.Atoi(strings.TrimPrefix(name, "b")); asset == "" && err == nil && strings.HasPrefix(name, "b") && len(s.assets) == 1 {
			asset, n = s.assets[0], k
		}
		if asset == "" || n < 1 {
			return nil, fmt.Errorf("expression refers to %q, which is not a band of item %s", name, it.ID)
		}
		r, err := d.raster(it, asset)
		if err != nil {
			return nil, err
		}
		if n > r.Bands {
			return nil, fmt.Errorf("asset %q has %d bands, band %d asked", asset, r.Bands, n)
		}
		vars[name] = band{asset: asset, r: r, idx: n - 1, name: name}
	}
	if len(vars) == 0 {
		return nil, fmt.Errorf("the expression uses no band")
	}
	var first band
	for _, k := range sortedKeys(vars) {
		first = vars[k]
		break
	}
	out := make([]band, len(s.exprs))
	for i, e := range s.exprs {
		out[i] = band{asset: first.asset, r: first.r, name: s.exprText[i], expr: e, vars: vars}
	}
	return out, nil
}

// sample returns the band's value at world point (x, y) given in EPSG epsg;
// ok is false outside the raster or on nodata.
func (b band) sample(x, y float64, epsg int, nodata *float64) (float64, bool) {
	if b.expr != nil {
		vals := make(map[string]float64, len(b.vars))
		for k, v := range b.vars {
			f, ok := v.sample(x, y, epsg, nodata)
			if !ok {
				return 0, false
			}
			vals[k] = f
		}
		f := b.expr.eval(vals)
		return f, !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	if epsg != b.r.EPSG {
		x, y = reproject(x, y, epsg, b.r.EPSG)
	}
	px, py := b.r.WorldToPixel(x, y)
	ix, iy := int(math.Floor(px)), int(math.Floor(py))
	if px < 0 || py < 0 || ix >= b.r.Width || iy >= b.r.Height {
		return 0, false
	}
	v := b.r.At(b.idx, ix, iy)
	if nodata != nil {
		if *nodata == v || (math.IsNaN(*nodata) && math.IsNaN(v)) {
			return 0, false
		}
	} else if b.r.IsNoData(v) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// contains reports whether world point (x, y) in EPSG epsg is inside the band's raster.
func (b band) contains(x, y float64, epsg int) bool {
	if b.expr != nil {
		for _, v := range b.vars {
			return v.contains(x, y, epsg)
		}
	}
	x, y = reproject(x, y, epsg, b.r.EPSG)
	px, py := b.r.WorldToPixel(x, y)
	return px >= 0 && py >= 0 && px < float64(b.r.Width) && py < float64(b.r.Height)
}

// earthRadius is the WGS84 semi-major axis used by Web Mercator.
const earthRadius = 6378137.0

// webMercatorMax is the half-width of the Web Mercator square, in metres.
const webMercatorMax = 20037508.342789244

// reproject converts between EPSG:4326 (lon, lat) and EPSG:3857.
func reproject(x, y float64, from, to int) (float64, float64) {
	if from == to {
		return x, y
	}
	if from == 3857 { // to lon/lat
		return x / earthRadius * 180 / math.Pi, math.Atan(math.Sinh(y/earthRadius)) * 180 / math.Pi
	}
	lat := math.Max(-85.05112878, math.Min(85.05112878, y))
	return x * math.Pi / 180 * earthRadius, math.Log(math.Tan(math.Pi/4+lat*math.Pi/360)) * earthRadius
}

// itemSources pairs each item of a mosaic with its selected bands; items
// that cannot provide the bands are skipped (the first error is kept for
// when none can).
type itemSource struct {
	it    *tilerItem
	bands []band
}

func (d *dataReq) sources(items []*tilerItem, s *selection) ([]itemSource, error) {
	var out []itemSource
	var first error
	for _, it := range items {
		b, err := d.bands(it, s)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		if len(out) > 0 && len(b) != len(out[0].bands) {
			continue
		}
		out = append(out, itemSource{it, b})
	}
	if len(out) == 0 && first != nil {
		return nil, first
	}
	return out, nil
}

// sampleMosaic returns the band values at (x, y) in epsg from the first
// source that has valid data there (pixel_selection=first).
func sampleMosaic(srcs []itemSource, x, y float64, epsg int, nodata *float64) ([]float64, bool) {
	for _, s := range srcs {
		vals := make([]float64, len(s.bands))
		ok := true
		for i, b := range s.bands {
			if vals[i], ok = b.sample(x, y, epsg, nodata); !ok {
				break
			}
		}
		if ok {
			return vals, true
		}
	}
	return nil, false
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}

// nopBody makes a re-readable request body from bytes already read.
func nopBody(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
