package geocatalogtest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The emulator's tiler (/data/...). It answers the GA 2026-04-15 layout
// (/data/mosaic/collections/{c}[/items/{i}]/..., /data/mosaic/searches/{id}/...)
// and the earlier one (/data/collections/{c}/items/{i}/..., /data/mosaic/{id}/...)
// from the GeoTIFF assets in managed storage: point values, statistics,
// previews, crops and tiles are computed from real pixels (nearest
// neighbour), with rescale, colormaps and band math expressions. TileJSON,
// WMTS, bounds and info come from the item and collection metadata and the
// rasters' headers. Registered searches get a stable id (md5 of the search).
//
// Limits of the emulator: rasters in EPSG:4326 or EPSG:3857 only; nearest
// neighbour only (resampling and reproject are accepted and ignored);
// pixel_selection "first" only; output formats png, jpeg/jpg and tif;
// tile matrix sets WebMercatorQuad and WorldCRS84Quad; algorithm,
// color_formula and subdatasets answer 400.

// dataKind is what a tiler request is about.
type dataKind int

const (
	dataItem dataKind = iota
	dataCollection
	dataSearch
)

// dataReq is one parsed tiler request.
type dataReq struct {
	c    *Catalog
	w    http.ResponseWriter
	r    *http.Request
	q    url.Values
	kind dataKind
	// collection, item and search identify the target.
	collection, item, search string
	// base is the escaped path of the target, used to build links.
	base string
	// rest are the path segments after the target.
	rest []string
	// preGA is set for the earlier (2025-04-30-preview) layout.
	preGA bool
}

// serveData answers every /data/ path (the tiler API).
func (c *Catalog) serveData(w http.ResponseWriter, r *http.Request) {
	segs := splitSegments(r.URL.EscapedPath())
	if len(segs) < 2 || segs[0] != "data" {
		writeError(w, http.StatusNotFound, "NotFound", "no tiler route %s", r.URL.Path)
		return
	}
	d := &dataReq{c: c, w: w, r: r, q: r.URL.Query()}
	s := segs[1:]
	switch {
	case s[0] == "tile-matrix-sets":
		d.serveTMS(s[1:])
		return
	case s[0] == "legend" && len(s) == 3:
		d.serveLegend(s[1], s[2])
		return
	case s[0] == "collections" && len(s) >= 4 && s[2] == "items":
		d.kind, d.collection, d.item, d.rest, d.preGA = dataItem, s[1], s[3], s[4:], true
	case s[0] == "mosaic" && len(s) == 2 && s[1] == "register":
		if r.Method != http.MethodPost {
			writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "use POST")
			return
		}
		d.register()
		return
	case s[0] == "mosaic" && len(s) >= 5 && s[1] == "collections" && s[3] == "items":
		d.kind, d.collection, d.item, d.rest = dataItem, s[2], s[4], s[5:]
	case s[0] == "mosaic" && len(s) >= 3 && s[1] == "collections":
		d.kind, d.collection, d.rest = dataCollection, s[2], s[3:]
	case s[0] == "mosaic" && len(s) >= 3 && s[1] == "searches":
		d.kind, d.search, d.rest = dataSearch, s[2], s[3:]
	case s[0] == "mosaic" && len(s) >= 2:
		d.kind, d.search, d.rest, d.preGA = dataSearch, s[1], s[2:], true
	default:
		writeError(w, http.StatusNotFound, "NotFound", "no tiler route %s", r.URL.Path)
		return
	}
	n := len(segs) - len(d.rest)
	d.base = "/" + strings.Join(rawSegments(r.URL.EscapedPath())[:n], "/")
	d.dispatch()
}

// splitSegments returns the unescaped, non-empty path segments (nil on a
// bad escape).
func splitSegments(escaped string) []string {
	raw := rawSegments(escaped)
	out := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil
		}
		out[i] = u
	}
	return out
}

func rawSegments(escaped string) []string {
	var out []string
	for _, s := range strings.Split(escaped, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dispatch routes the segments after the target.
func (d *dataReq) dispatch() {
	rest, m := d.rest, d.r.Method
	get := m == http.MethodGet || m == http.MethodHead
	switch {
	case len(rest) == 1 && get && rest[0] == "tilejson.json":
		d.tileJSON("")
	case len(rest) == 2 && get && rest[1] == "tilejson.json":
		d.tileJSON(rest[0])
	case len(rest) == 1 && get && rest[0] == "WMTSCapabilities.xml":
		d.wmts("")
	case len(rest) == 2 && get && rest[1] == "WMTSCapabilities.xml":
		d.wmts(rest[0])
	case len(rest) >= 1 && rest[0] == "tiles" && get:
		d.tilesRoute(rest[1:])
	case len(rest) == 1 && get && rest[0] == "info":
		d.info()
	case d.kind == dataItem && len(rest) == 1 && get && rest[0] == "info.geojson":
		d.infoGeoJSON()
	case d.kind == dataItem && len(rest) == 1 && get && rest[0] == "bounds":
		d.bounds()
	case d.kind == dataItem && len(rest) == 1 && get && rest[0] == "assets":
		d.availableAssets()
	case d.kind == dataItem && len(rest) == 1 && rest[0] == "statistics" && (get || m == http.MethodPost):
		d.statistics(m == http.MethodPost)
	case d.kind == dataItem && len(rest) == 1 && get && rest[0] == "asset_statistics":
		d.assetStatistics()
	case d.kind == dataItem && len(rest) == 1 && get && (rest[0] == "preview" || strings.HasPrefix(rest[0], "preview.")):
		d.preview(strings.TrimPrefix(strings.TrimPrefix(rest[0], "preview"), "."))
	case len(rest) >= 2 && rest[0] == "point" && get:
		d.pointRoute(rest[1], len(rest) == 3 && rest[2] == "assets", len(rest) > 3 || (len(rest) == 3 && rest[2] != "assets"))
	case d.kind == dataSearch && d.preGA && len(rest) == 2 && rest[1] == "assets" && get:
		d.pointRoute(rest[0], true, false)
	case len(rest) >= 2 && (rest[0] == "bbox" || (d.preGA && rest[0] == "crop" && get)) && get:
		d.bboxRoute(rest[1:])
	case m == http.MethodPost && len(rest) >= 1 && (strings.HasPrefix(rest[0], "feature") || (d.preGA && strings.HasPrefix(rest[0], "crop"))):
		d.featureRoute(rest)
	default:
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s %s", m, d.r.URL.Path)
	}
}

// tilesRoute handles tiles, tiles/{tms}, tiles/[{tms}/]{z}/{x}/{y}[@{s}x][.{fmt}][/assets].
func (d *dataReq) tilesRoute(s []string) {
	if d.preGA && len(s) <= 1 {
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
		return
	}
	switch len(s) {
	case 0:
		d.tileSets()
		return
	case 1:
		d.tileSet(s[0])
		return
	}
	assets := s[len(s)-1] == "assets"
	if assets {
		s = s[:len(s)-1]
	}
	tms := d.q.Get("TileMatrixSetId")
	if tms == "" {
		tms = d.q.Get("tileMatrixSetId")
	}
	if len(s) == 4 {
		tms, s = s[0], s[1:]
	}
	if len(s) != 3 {
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
		return
	}
	if tms == "" {
		tms = "WebMercatorQuad"
	}
	t, ok := parseTileRef(s[0], s[1], s[2])
	if !ok || (assets && (t.scale != 0 || t.format != "")) {
		writeError(d.w, http.StatusNotFound, "NotFound", "bad tile address %s", d.r.URL.Path)
		return
	}
	t.tms = tms
	if t.scale == 0 {
		t.scale = atoiDefault(d.q.Get("scale"), 1)
	}
	if t.format == "" {
		t.format = d.q.Get("format")
	}
	if assets {
		d.tileAssets(t)
		return
	}
	d.tile(t)
}

// tileRef is a parsed tile address.
type tileRef struct {
	tms     string
	z, x, y int
	scale   int
	format  string
}

// parseTileRef parses z, x and y[@{s}x][.{fmt}].
func parseTileRef(zs, xs, ys string) (tileRef, bool) {
	var t tileRef
	var err error
	if t.z, err = strconv.Atoi(zs); err != nil || t.z < 0 || t.z > 30 {
		return t, false
	}
	if t.x, err = strconv.Atoi(xs); err != nil || t.x < 0 {
		return t, false
	}
	if i := strings.IndexByte(ys, '.'); i >= 0 {
		t.format, ys = ys[i+1:], ys[:i]
	}
	if i := strings.IndexByte(ys, '@'); i >= 0 {
		sc, ok := strings.CutSuffix(ys[i+1:], "x")
		if !ok {
			return t, false
		}
		if t.scale, err = strconv.Atoi(sc); err != nil || t.scale < 1 || t.scale > 4 {
			return t, false
		}
		ys = ys[:i]
	}
	if t.y, err = strconv.Atoi(ys); err != nil || t.y < 0 {
		return t, false
	}
	return t, true
}

func atoiDefault(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// badRequest answers 400 with a message.
func (d *dataReq) badRequest(format string, args ...any) {
	writeError(d.w, http.StatusBadRequest, "InvalidParameter", format, args...)
}
