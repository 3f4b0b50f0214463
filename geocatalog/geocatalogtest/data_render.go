package geocatalogtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
)

// grid is an output image: w x h pixels covering [minx, miny, maxx, maxy]
// in EPSG epsg, north up. inside, when set, masks pixels outside a shape.
type grid struct {
	w, h                   int
	epsg                   int
	minx, miny, maxx, maxy float64
	inside                 func(x, y float64) bool
}

// center returns the world coordinates of the centre of pixel (i, j).
func (g grid) center(i, j int) (float64, float64) {
	return g.minx + (float64(i)+0.5)*(g.maxx-g.minx)/float64(g.w),
		g.maxy - (float64(j)+0.5)*(g.maxy-g.miny)/float64(g.h)
}

// rendered is the data read for a grid: per band, w*h values, and a mask
// of the valid pixels.
type rendered struct {
	g     grid
	names []string
	data  [][]float64
	valid []bool
	any   bool
}

// render reads every pixel centre of g from the mosaic (nearest neighbour).
func render(srcs []itemSource, g grid, nodata *float64) *rendered {
	nb := len(srcs[0].bands)
	out := &rendered{g: g, data: make([][]float64, nb), valid: make([]bool, g.w*g.h)}
	for _, b := range srcs[0].bands {
		out.names = append(out.names, b.name)
	}
	for b := range out.data {
		out.data[b] = make([]float64, g.w*g.h)
	}
	// When every raster shares one CRS, reproject each pixel centre once.
	common := srcs[0].bands[0].r.EPSG
	for _, s := range srcs {
		for _, b := range s.bands {
			if b.r.EPSG != common || b.expr != nil {
				common = 0
			}
		}
	}
	for j := 0; j < g.h; j++ {
		for i := 0; i < g.w; i++ {
			x, y := g.center(i, j)
			if g.inside != nil && !g.inside(x, y) {
				continue
			}
			epsg := g.epsg
			if common != 0 {
				x, y = reproject(x, y, g.epsg, common)
				epsg = common
			}
			vals, ok := sampleMosaic(srcs, x, y, epsg, nodata)
			if !ok {
				continue
			}
			k := j*g.w + i
			out.valid[k], out.any = true, true
			for b, v := range vals {
				out.data[b][k] = v
			}
		}
	}
	return out
}

// readGrid loads the target's items and selection and renders g; it
// answers errors itself.
func (d *dataReq) readGrid(g func([]itemSource) (grid, bool)) (*rendered, bool) {
	sel, ok := d.parseSelection(true)
	if !ok {
		return nil, false
	}
	items, ok := d.mosaicItems()
	if !ok {
		return nil, false
	}
	srcs, err := d.sources(items, sel)
	if err != nil {
		d.badRequest("%v", err)
		return nil, false
	}
	if len(srcs) == 0 {
		writeError(d.w, http.StatusNotFound, "NotFound", "no assets found")
		return nil, false
	}
	gr, ok := g(srcs)
	if !ok {
		return nil, false
	}
	if gr.w <= 0 || gr.h <= 0 || gr.w*gr.h > 4096*4096 {
		d.badRequest("invalid output size %dx%d", gr.w, gr.h)
		return nil, false
	}
	return render(srcs, gr, sel.nodata), true
}

// writeImage encodes rendered data in the asked format, applying rescale,
// colormap and mask.
func (d *dataReq) writeImage(rd *rendered, format string) {
	switch strings.ToLower(format) {
	case "", "png", "jpeg", "jpg":
	case "tif", "tiff":
		d.writeGeoTIFF(rd)
		return
	default:
		d.badRequest("format %q is not supported by the emulator (png, jpeg, jpg, tif are)", format)
		return
	}
	img, ok := d.toRGBA(rd)
	if !ok {
		return
	}
	var buf bytes.Buffer
	ct := "image/png"
	if f := strings.ToLower(format); f == "jpeg" || f == "jpg" {
		ct = "image/jpeg"
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
			writeError(d.w, http.StatusInternalServerError, "InternalError", "encode: %v", err)
			return
		}
	} else if err := png.Encode(&buf, img); err != nil {
		writeError(d.w, http.StatusInternalServerError, "InternalError", "encode: %v", err)
		return
	}
	writeRaw(d.w, http.StatusOK, ct, buf.Bytes())
}

// writeGeoTIFF answers the raw values as a float32 GeoTIFF (masked pixels NaN).
func (d *dataReq) writeGeoTIFF(rd *rendered) {
	g := rd.g
	r := geotiff.New(g.w, g.h, min(len(rd.data), 4), geotiff.Float32)
	r.EPSG = g.epsg
	r.SetBounds(g.minx, g.miny, g.maxx, g.maxy)
	nan := math.NaN()
	r.NoData = &nan
	for b := range r.Data {
		for k, v := range rd.data[b] {
			if !rd.valid[k] {
				v = nan
			}
			r.Data[b][k] = float64(float32(v))
		}
	}
	var buf bytes.Buffer
	if err := geotiff.Write(&buf, r); err != nil {
		writeError(d.w, http.StatusInternalServerError, "InternalError", "encode: %v", err)
		return
	}
	writeRaw(d.w, http.StatusOK, "image/tiff; application=geotiff", buf.Bytes())
}

// toRGBA turns 1 band (gray or colormap), 3 bands (RGB) or 4 bands (RGBA)
// into an image; values are rescaled to 0..255 when rescale is given and
// clamped otherwise, as the tiler does.
func (d *dataReq) toRGBA(rd *rendered) (*image.NRGBA, bool) {
	nb := len(rd.data)
	var ranges [][2]float64
	for _, s := range d.q["rescale"] {
		lo, hi, ok := parseRange(s)
		if !ok {
			d.badRequest("invalid rescale %q (want min,max)", s)
			return nil, false
		}
		ranges = append(ranges, [2]float64{lo, hi})
	}
	to8 := func(b int, v float64) uint8 {
		if len(ranges) > 0 {
			r := ranges[min(b, len(ranges)-1)]
			if r[1] != r[0] {
				v = (v - r[0]) / (r[1] - r[0]) * 255
			}
		}
		return uint8(math.Max(0, math.Min(255, math.Round(v))))
	}
	var lut *[256]color.NRGBA
	if nb == 1 || nb == 2 {
		var ok bool
		if lut, ok = d.colormap(); !ok {
			return nil, false
		}
	}
	mask := d.q.Get("return_mask") != "false"
	g := rd.g
	img := image.NewNRGBA(image.Rect(0, 0, g.w, g.h))
	for k := range rd.valid {
		var c color.NRGBA
		switch {
		case nb >= 3:
			c = color.NRGBA{to8(0, rd.data[0][k]), to8(1, rd.data[1][k]), to8(2, rd.data[2][k]), 255}
			if nb >= 4 {
				c.A = to8(3, rd.data[3][k])
			}
		case lut != nil:
			c = lut[to8(0, rd.data[0][k])]
		default:
			v := to8(0, rd.data[0][k])
			c = color.NRGBA{v, v, v, 255}
		}
		if !rd.valid[k] && mask {
			c = color.NRGBA{}
		}
		img.Pix[4*k], img.Pix[4*k+1], img.Pix[4*k+2], img.Pix[4*k+3] = c.R, c.G, c.B, c.A
	}
	return img, true
}

func parseRange(s string) (float64, float64, bool) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	hi, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lo, hi, err1 == nil && err2 == nil
}

// colormap returns the lookup table of colormap_name or colormap, nil for none.
func (d *dataReq) colormap() (*[256]color.NRGBA, bool) {
	if name := d.q.Get("colormap_name"); name != "" {
		lut, ok := namedColormap(name)
		if !ok {
			d.badRequest("colormap %q is not known to the emulator", name)
			return nil, false
		}
		return lut, true
	}
	raw := d.q.Get("colormap")
	if raw == "" {
		return nil, true
	}
	var m map[string][]int
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		d.badRequest("invalid colormap: %v", err)
		return nil, false
	}
	var lut [256]color.NRGBA
	for k, c := range m {
		v, err := strconv.Atoi(k)
		if err != nil || v < 0 || v > 255 || len(c) < 3 {
			d.badRequest("invalid colormap entry %q", k)
			return nil, false
		}
		a := 255
		if len(c) > 3 {
			a = c[3]
		}
		lut[v] = color.NRGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), uint8(a)}
	}
	return &lut, true
}

// tileGrid returns the grid of a tile of WebMercatorQuad or WorldCRS84Quad.
func tileGrid(t tileRef) (grid, error) {
	size := 256 * max(t.scale, 1)
	switch t.tms {
	case "WebMercatorQuad":
		n := 1 << t.z
		if t.x >= n || t.y >= n {
			return grid{}, fmt.Errorf("tile %d/%d/%d does not exist", t.z, t.x, t.y)
		}
		span := 2 * webMercatorMax / float64(n)
		minx := -webMercatorMax + float64(t.x)*span
		maxy := webMercatorMax - float64(t.y)*span
		return grid{w: size, h: size, epsg: 3857, minx: minx, maxx: minx + span, maxy: maxy, miny: maxy - span}, nil
	case "WorldCRS84Quad":
		n := 1 << t.z
		if t.x >= 2*n || t.y >= n {
			return grid{}, fmt.Errorf("tile %d/%d/%d does not exist", t.z, t.x, t.y)
		}
		span := 180 / float64(n)
		minx := -180 + float64(t.x)*span
		maxy := 90 - float64(t.y)*span
		return grid{w: size, h: size, epsg: 4326, minx: minx, maxx: minx + span, maxy: maxy, miny: maxy - span}, nil
	}
	return grid{}, fmt.Errorf("tile matrix set %q is not supported by the emulator", t.tms)
}

// tile answers a map tile.
func (d *dataReq) tile(t tileRef) {
	g, err := tileGrid(t)
	if err != nil {
		writeError(d.w, http.StatusNotFound, "NotFound", "%v", err)
		return
	}
	rd, ok := d.readGrid(func([]itemSource) (grid, bool) { return g, true })
	if !ok {
		return
	}
	if !rd.any {
		writeError(d.w, http.StatusNotFound, "TileOutsideBounds", "tile %s/%d/%d/%d has no data", t.tms, t.z, t.x, t.y)
		return
	}
	d.writeImage(rd, t.format)
}

// outputSize picks the output size: width/height when given, else the
// native size of w x h bounded by max_size (default 1024).
func (d *dataReq) outputSize(w, h int, width, height int) (int, int) {
	if width == 0 {
		width = atoiDefault(d.q.Get("width"), 0)
	}
	if height == 0 {
		height = atoiDefault(d.q.Get("height"), 0)
	}
	switch {
	case width > 0 && height > 0:
		return width, height
	case width > 0:
		return width, max(1, int(math.Round(float64(width)*float64(h)/float64(w))))
	case height > 0:
		return max(1, int(math.Round(float64(height)*float64(w)/float64(h)))), height
	}
	maxSize := atoiDefault(d.q.Get("max_size"), 1024)
	if maxSize > 0 && (w > maxSize || h > maxSize) {
		f := float64(maxSize) / float64(max(w, h))
		return max(1, int(math.Round(float64(w)*f))), max(1, int(math.Round(float64(h)*f)))
	}
	return max(w, 1), max(h, 1)
}

// preview answers an image of the whole item in its own grid.
func (d *dataReq) preview(format string) {
	if format == "" {
		format = d.q.Get("format")
	}
	rd, ok := d.readGrid(func(srcs []itemSource) (grid, bool) {
		r := srcs[0].bands[0].r
		b := r.Bounds()
		dst, ok := d.crsParam("dst_crs", r.EPSG)
		if !ok {
			return grid{}, false
		}
		if dst != r.EPSG { // the extent of the reprojected corners
			x0, y0 := reproject(b[0], b[1], r.EPSG, dst)
			x1, y1 := reproject(b[2], b[3], r.EPSG, dst)
			b = [4]float64{x0, y0, x1, y1}
		}
		w, h := d.outputSize(r.Width, r.Height, 0, 0)
		return grid{w: w, h: h, epsg: dst, minx: b[0], miny: b[1], maxx: b[2], maxy: b[3]}, true
	})
	if ok {
		d.writeImage(rd, format)
	}
}

// crsParam reads an EPSG code from coord_crs / dst_crs ("epsg:3857",
// "EPSG:4326", an OGC URI), with def when empty.
func (d *dataReq) crsParam(name string, def int) (int, bool) {
	s := d.q.Get(name)
	if s == "" {
		return def, true
	}
	i := strings.LastIndexAny(s, ":/")
	n, err := strconv.Atoi(s[i+1:])
	if s == "OGC:CRS84" || strings.HasSuffix(s, "CRS84") {
		n, err = 4326, nil
	}
	if err != nil || (n != 4326 && n != 3857) {
		d.badRequest("%s %q is not supported by the emulator (EPSG:4326 and EPSG:3857 are)", name, s)
		return 0, false
	}
	return n, true
}

// cropGrid builds the grid of a crop of bbox (in coord_crs) written in
// dst_crs, sized from the path, the query or the first raster's resolution.
func (d *dataReq) cropGrid(bb [4]float64, width, height int, inside func(x, y float64) bool) func([]itemSource) (grid, bool) {
	return func(srcs []itemSource) (grid, bool) {
		coord, ok := d.crsParam("coord_crs", 4326)
		if !ok {
			return grid{}, false
		}
		dst, ok := d.crsParam("dst_crs", coord)
		if !ok {
			return grid{}, false
		}
		x0, y0 := reproject(bb[0], bb[1], coord, dst)
		x1, y1 := reproject(bb[2], bb[3], coord, dst)
		r := srcs[0].bands[0].r
		rx0, ry0 := reproject(bb[0], bb[1], coord, r.EPSG)
		rx1, ry1 := reproject(bb[2], bb[3], coord, r.EPSG)
		nw := int(math.Ceil(math.Abs(rx1-rx0) / math.Abs(r.GeoTransform[1])))
		nh := int(math.Ceil(math.Abs(ry1-ry0) / math.Abs(r.GeoTransform[5])))
		w, h := d.outputSize(max(nw, 1), max(nh, 1), width, height)
		g := grid{w: w, h: h, epsg: dst, minx: x0, miny: y0, maxx: x1, maxy: y1}
		if inside != nil {
			g.inside = func(x, y float64) bool { lx, ly := reproject(x, y, dst, coord); return inside(lx, ly) }
		}
		return g, true
	}
}

// parseCoords reads "a,b,c,..." into n floats.
func parseCoords(s string, n int) ([]float64, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, false
	}
	out := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

// splitSizeFormat parses "{w}x{h}.{fmt}" (or "{w}x{h}").
func splitSizeFormat(s string) (w, h int, format string, ok bool) {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, format = s[:i], s[i+1:]
	}
	ws, hs, found := strings.Cut(s, "x")
	if !found {
		return 0, 0, "", false
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	return w, h, format, err1 == nil && err2 == nil && w > 0 && h > 0
}

// bboxRoute handles bbox/{coords}.{fmt}, bbox/{coords}/{w}x{h}.{fmt} and
// bbox/{coords}/assets (crop/... in the earlier layout).
func (d *dataReq) bboxRoute(s []string) {
	coords, format := s[0], ""
	width, height := 0, 0
	switch {
	case len(s) == 2 && s[1] == "assets" && d.kind != dataItem:
		c, ok := parseCoords(coords, 4)
		if !ok {
			d.badRequest("invalid bbox %q", coords)
			return
		}
		d.bboxAssets([4]float64{c[0], c[1], c[2], c[3]})
		return
	case len(s) == 2:
		var ok bool
		if width, height, format, ok = splitSizeFormat(s[1]); !ok {
			d.badRequest("invalid size %q", s[1])
			return
		}
	case len(s) == 1:
		if i := strings.LastIndexByte(coords, '.'); i >= 0 && !strings.ContainsAny(coords[i+1:], "0123456789") {
			coords, format = coords[:i], coords[i+1:]
		}
	default:
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
		return
	}
	c, ok := parseCoords(coords, 4)
	if !ok || c[0] >= c[2] || c[1] >= c[3] {
		d.badRequest("invalid bbox %q", coords)
		return
	}
	rd, ok := d.readGrid(d.cropGrid([4]float64{c[0], c[1], c[2], c[3]}, width, height, nil))
	if !ok {
		return
	}
	if !rd.any {
		writeError(d.w, http.StatusNotFound, "TileOutsideBounds", "bbox has no data")
		return
	}
	d.writeImage(rd, format)
}

// featureRoute handles POST feature[/{w}x{h}.{fmt}] and feature.{fmt}
// (crop... in the earlier layout): a crop masked to the feature's geometry.
func (d *dataReq) featureRoute(s []string) {
	width, height, format := 0, 0, d.q.Get("format")
	head := s[0]
	stem := strings.TrimPrefix(strings.TrimPrefix(head, "feature"), "crop")
	switch {
	case len(s) == 1 && stem == "":
	case len(s) == 1 && strings.HasPrefix(stem, "."):
		format = stem[1:]
	case len(s) == 2 && stem == "":
		var ok bool
		if width, height, format, ok = splitSizeFormat(s[1]); !ok {
			d.badRequest("invalid size %q", s[1])
			return
		}
	default:
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
		return
	}
	geom, ok := d.readFeatureGeometry()
	if !ok {
		return
	}
	b := geom.Bound()
	if b.Min[0] >= b.Max[0] || b.Min[1] >= b.Max[1] {
		d.badRequest("the feature's geometry has an empty extent")
		return
	}
	inside := func(x, y float64) bool { return geometryContains(geom, orb.Point{x, y}) }
	rd, ok := d.readGrid(d.cropGrid([4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, width, height, inside))
	if !ok {
		return
	}
	d.writeImage(rd, format)
}

// readFeatureGeometry reads a GeoJSON Feature (or bare geometry) body.
func (d *dataReq) readFeatureGeometry() (orb.Geometry, bool) {
	body, ok := readBody(d.w, d.r)
	if !ok {
		return nil, false
	}
	var f struct {
		Type     string        `json:"type"`
		Geometry stac.Geometry `json:"geometry"`
	}
	if err := json.Unmarshal(body, &f); err == nil {
		geom := stac.Geometry(body)
		if f.Type == "Feature" {
			geom = f.Geometry
		}
		if g, err := geom.Orb(); err == nil {
			return g, true
		}
	}
	d.badRequest("the body must be a GeoJSON Feature with a geometry")
	return nil, false
}

// geometryContains reports whether p is inside a polygonal geometry.
func geometryContains(g orb.Geometry, p orb.Point) bool {
	switch v := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(v, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(v, p)
	case orb.Bound:
		return v.Contains(p)
	case orb.Collection:
		for _, c := range v {
			if geometryContains(c, p) {
				return true
			}
		}
	}
	return false
}

// pointRoute answers point/{lon},{lat} and point/{lon},{lat}/assets.
func (d *dataReq) pointRoute(coords string, assets, bad bool) {
	c, ok := parseCoords(coords, 2)
	if bad || !ok {
		d.badRequest("invalid point %q", coords)
		return
	}
	if assets {
		if d.kind == dataItem {
			writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
			return
		}
		d.pointAssets(c[0], c[1])
		return
	}
	coord, ok := d.crsParam("coord_crs", 4326)
	if !ok {
		return
	}
	sel, ok := d.parseSelection(true)
	if !ok {
		return
	}
	items, ok := d.mosaicItems()
	if !ok {
		return
	}
	srcs, err := d.sources(items, sel)
	if err != nil {
		d.badRequest("%v", err)
		return
	}
	if len(srcs) == 0 {
		writeError(d.w, http.StatusNotFound, "NotFound", "no assets found for point %s", coords)
		return
	}
	vals, found := sampleMosaic(srcs, c[0], c[1], coord, sel.nodata)
	if !found && d.kind == dataItem {
		if !srcs[0].bands[0].contains(c[0], c[1], coord) {
			writeError(d.w, http.StatusNotFound, "PointOutsideBounds", "point %s is outside the item's bounds", coords)
			return
		}
	}
	out := struct {
		Coordinates []float64  `json:"coordinates"`
		Values      []*float64 `json:"values"`
		BandNames   []string   `json:"band_names"`
	}{Coordinates: c, Values: make([]*float64, len(srcs[0].bands))}
	for i, b := range srcs[0].bands {
		out.BandNames = append(out.BandNames, b.name)
		if found {
			v := vals[i]
			out.Values[i] = &v
		}
	}
	writeJSON(d.w, http.StatusOK, out)
}
