package geocatalogtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
)

// supportedTMS are the tile matrix sets the emulator can render.
var supportedTMS = []string{"WebMercatorQuad", "WorldCRS84Quad"}

func tmsKnown(id string) bool {
	for _, s := range supportedTMS {
		if s == id {
			return true
		}
	}
	return false
}

// origin is the scheme and host the request came in on, for links.
func (d *dataReq) origin() string { return "https://" + d.r.Host }

// tmsFromQuery returns the tile matrix set of a route without one in the path.
func (d *dataReq) tmsFromQuery(tms string) (string, bool) {
	if tms == "" {
		tms = d.q.Get("TileMatrixSetId")
	}
	if tms == "" {
		tms = d.q.Get("tileMatrixSetId")
	}
	if tms == "" {
		tms = "WebMercatorQuad"
	}
	if !tmsKnown(tms) {
		writeError(d.w, http.StatusNotFound, "NotFound", "tile matrix set %q is not supported by the emulator", tms)
		return "", false
	}
	return tms, true
}

// bbox4 returns the 2D part of a STAC bbox.
func bbox4(b []float64) ([4]float64, bool) {
	switch len(b) {
	case 4:
		return [4]float64{b[0], b[1], b[2], b[3]}, true
	case 6:
		return [4]float64{b[0], b[1], b[3], b[4]}, true
	}
	return [4]float64{}, false
}

// targetBounds is the WGS84 extent of the target: the item's bbox, the
// collection's spatial extent, or the union of a search's items.
func (d *dataReq) targetBounds() ([4]float64, bool) {
	world := [4]float64{-180, -90, 180, 90}
	switch d.kind {
	case dataItem:
		it, ok := d.loadItem()
		if !ok {
			return world, false
		}
		if b, ok := bbox4(it.BBox); ok {
			return b, true
		}
		return world, true
	case dataCollection:
		doc, err := d.c.store.Collection(d.collection)
		if err != nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "collection %s not found", d.collection)
			return world, false
		}
		var col struct {
			Extent struct {
				Spatial struct {
					BBox [][]float64 `json:"bbox"`
				} `json:"spatial"`
			} `json:"extent"`
		}
		if json.Unmarshal(doc, &col) == nil && len(col.Extent.Spatial.BBox) > 0 {
			if b, ok := bbox4(col.Extent.Spatial.BBox[0]); ok {
				return b, true
			}
		}
		return world, true
	default:
		items, ok := d.mosaicItems()
		if !ok {
			return world, false
		}
		var u [4]float64
		n := 0
		for _, it := range items {
			if b, ok := bbox4(it.BBox); ok {
				if n == 0 {
					u = b
				} else {
					u = [4]float64{math.Min(u[0], b[0]), math.Min(u[1], b[1]), math.Max(u[2], b[2]), math.Max(u[3], b[3])}
				}
				n++
			}
		}
		if n == 0 {
			return world, true
		}
		return u, true
	}
}

// passThrough is the request's query without the layer-level parameters,
// to put on tile URLs.
func (d *dataReq) passThrough() string {
	v := url.Values{}
	for k, vs := range d.q {
		switch k {
		case "tile_format", "tile_scale", "minzoom", "maxzoom", "TileMatrixSetId", "tileMatrixSetId":
			continue
		}
		v[k] = vs
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// tileTemplate is the tile URL template of the target in a TMS.
func (d *dataReq) tileTemplate(tms string) string {
	suffix := "@" + fmt.Sprint(atoiDefault(d.q.Get("tile_scale"), 1)) + "x"
	if f := d.q.Get("tile_format"); f != "" {
		suffix += "." + url.PathEscape(f)
	}
	return d.origin() + d.base + "/tiles/" + url.PathEscape(tms) + "/{z}/{x}/{y}" + suffix + d.passThrough()
}

// zoomRange reads minzoom and maxzoom (defaults 0 and 24).
func (d *dataReq) zoomRange() (int, int) {
	return atoiDefault(d.q.Get("minzoom"), 0), atoiDefault(d.q.Get("maxzoom"), 24)
}

// tileJSON answers [{tms}/]tilejson.json.
func (d *dataReq) tileJSON(tms string) {
	tms, ok := d.tmsFromQuery(tms)
	if !ok {
		return
	}
	b, ok := d.targetBounds()
	if !ok {
		return
	}
	minz, maxz := d.zoomRange()
	out := map[string]any{
		"tilejson": "2.2.0",
		"version":  "1.0.0",
		"scheme":   "xyz",
		"tiles":    []string{d.tileTemplate(tms)},
		"minzoom":  minz,
		"maxzoom":  maxz,
		"bounds":   b[:],
		"center":   []float64{(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, float64(minz)},
	}
	switch d.kind {
	case dataCollection:
		out["name"] = d.collection
	case dataSearch:
		out["name"] = d.search
	}
	writeJSON(d.w, http.StatusOK, out)
}

// wmts answers [{tms}/]WMTSCapabilities.xml: one layer, its tile matrix
// set and a REST resource URL.
func (d *dataReq) wmts(tms string) {
	tms, ok := d.tmsFromQuery(tms)
	if !ok {
		return
	}
	b, ok := d.targetBounds()
	if !ok {
		return
	}
	minz, maxz := d.zoomRange()
	def := tileMatrixSet(tms)
	layer := d.collection
	if d.kind == dataItem {
		layer = d.collection + "_" + d.item
	} else if d.kind == dataSearch {
		layer = d.search
	}
	format := d.q.Get("tile_format")
	if format == "" {
		format = "png"
	}
	tmpl := strings.NewReplacer("{z}", "{TileMatrix}", "{x}", "{TileCol}", "{y}", "{TileRow}").Replace(d.tileTemplate(tms))
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	sb.WriteString(`<Capabilities xmlns="http://www.opengis.net/wmts/1.0" xmlns:ows="http://www.opengis.net/ows/1.1" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0.0">` + "\n")
	sb.WriteString("<ows:ServiceIdentification><ows:Title>GeoCatalog emulator tiler</ows:Title><ows:ServiceType>OGC WMTS</ows:ServiceType><ows:ServiceTypeVersion>1.0.0</ows:ServiceTypeVersion></ows:ServiceIdentification>\n<Contents>\n")
	fmt.Fprintf(&sb, "<Layer><ows:Title>%s</ows:Title><ows:Identifier>%s</ows:Identifier>", xmlEscape(layer), xmlEscape(layer))
	fmt.Fprintf(&sb, "<ows:WGS84BoundingBox crs=\"urn:ogc:def:crs:OGC:2:84\"><ows:LowerCorner>%g %g</ows:LowerCorner><ows:UpperCorner>%g %g</ows:UpperCorner></ows:WGS84BoundingBox>", b[0], b[1], b[2], b[3])
	fmt.Fprintf(&sb, "<Style isDefault=\"true\"><ows:Identifier>default</ows:Identifier></Style><Format>image/%s</Format>", xmlEscape(format))
	fmt.Fprintf(&sb, "<TileMatrixSetLink><TileMatrixSet>%s</TileMatrixSet></TileMatrixSetLink>", tms)
	fmt.Fprintf(&sb, "<ResourceURL format=\"image/%s\" resourceType=\"tile\" template=\"%s\"/></Layer>\n", xmlEscape(format), xmlEscape(tmpl))
	fmt.Fprintf(&sb, "<TileMatrixSet><ows:Identifier>%s</ows:Identifier><ows:SupportedCRS>%s</ows:SupportedCRS>", tms, def.CRS)
	for z := minz; z <= maxz && z < len(def.TileMatrices); z++ {
		m := def.TileMatrices[z]
		fmt.Fprintf(&sb, "<TileMatrix><ows:Identifier>%s</ows:Identifier><ScaleDenominator>%.10g</ScaleDenominator><TopLeftCorner>%.17g %.17g</TopLeftCorner><TileWidth>%d</TileWidth><TileHeight>%d</TileHeight><MatrixWidth>%d</MatrixWidth><MatrixHeight>%d</MatrixHeight></TileMatrix>",
			m.ID, m.ScaleDenominator, m.PointOfOrigin[0], m.PointOfOrigin[1], m.TileWidth, m.TileHeight, m.MatrixWidth, m.MatrixHeight)
	}
	sb.WriteString("</TileMatrixSet>\n</Contents>\n</Capabilities>\n")
	writeRaw(d.w, http.StatusOK, "application/xml", []byte(sb.String()))
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// searchInfoBody is the answer of …/info for collection and search mosaics.
func (d *dataReq) searchInfoBody(hash string, search json.RawMessage, name string, useCount int) map[string]any {
	var where []string
	var body struct {
		Collections []string `json:"collections"`
		IDs         []string `json:"ids"`
	}
	_ = json.Unmarshal(search, &body)
	if len(body.Collections) > 0 {
		where = append(where, "collection = ANY ('{"+strings.Join(body.Collections, ",")+"}') ")
	}
	if len(body.IDs) > 0 {
		where = append(where, "id = ANY ('{"+strings.Join(body.IDs, ",")+"}') ")
	}
	if len(where) == 0 {
		where = []string{" TRUE "}
	}
	meta := map[string]any{"type": "mosaic"}
	if name != "" {
		meta["name"] = name
	}
	return map[string]any{
		"search": map[string]any{
			"hash":     hash,
			"search":   search,
			"_where":   strings.Join(where, "AND "),
			"orderby":  "datetime DESC, id DESC",
			"lastused": time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
			"usecount": useCount,
			"metadata": meta,
		},
		"links": []any{},
	}
}

// info answers …/info: raster metadata per asset for an item, the search
// for a mosaic.
func (d *dataReq) info() {
	switch d.kind {
	case dataCollection:
		if _, err := d.c.store.Collection(d.collection); err != nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "collection %s not found", d.collection)
			return
		}
		hash, canon, _ := searchHash(collectionSearchBody(d.collection))
		writeJSON(d.w, http.StatusOK, d.searchInfoBody(hash, canon, "Mosaic for '"+d.collection+"' Collection", 1))
	case dataSearch:
		rs := searchesOf(d.c).get(d.search)
		if rs == nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "search %s is not registered", d.search)
			return
		}
		body := d.searchInfoBody(rs.Hash, rs.Search, "", rs.UseCount)
		if len(rs.Metadata) > 0 {
			body["search"].(map[string]any)["metadata"] = rs.Metadata
		}
		writeJSON(d.w, http.StatusOK, body)
	default:
		it, ok := d.loadItem()
		if !ok {
			return
		}
		out, ok := d.itemInfo(it)
		if ok {
			writeJSON(d.w, http.StatusOK, out)
		}
	}
}

// itemInfo builds the rio-tiler Info of the asked (or all raster) assets.
func (d *dataReq) itemInfo(it *tilerItem) (map[string]any, bool) {
	assets := d.q["assets"]
	if len(assets) == 0 {
		for _, k := range sortedKeys(it.Assets) {
			if it.Assets[k].isRaster() {
				assets = append(assets, k)
			}
		}
	}
	out := map[string]any{}
	for _, a := range assets {
		r, err := d.raster(it, a)
		if err != nil {
			d.badRequest("%v", err)
			return nil, false
		}
		var meta, desc [][]any
		for i := 1; i <= r.Bands; i++ {
			meta = append(meta, []any{fmt.Sprintf("b%d", i), map[string]any{}})
			desc = append(desc, []any{fmt.Sprintf("b%d", i), ""})
		}
		interp := []string{"gray"}
		switch r.Bands {
		case 2:
			interp = []string{"gray", "undefined"}
		case 3:
			interp = []string{"red", "green", "blue"}
		case 4:
			interp = []string{"red", "green", "blue", "undefined"}
		}
		res := math.Abs(r.GeoTransform[1])
		if r.EPSG == 4326 {
			res *= 2 * math.Pi * earthRadius / 360
		}
		maxz := max(0, int(math.Ceil(math.Log2(2*webMercatorMax/256/res))))
		info := map[string]any{
			"bounds":            r.Bounds(),
			"crs":               fmt.Sprintf("http://www.opengis.net/def/crs/EPSG/0/%d", r.EPSG),
			"band_metadata":     meta,
			"band_descriptions": desc,
			"dtype":             r.DataType.String(),
			"nodata_type":       "None",
			"colorinterp":       interp,
			"minzoom":           max(0, maxz-6),
			"maxzoom":           maxz,
			"driver":            "GTiff",
			"count":             r.Bands,
			"width":             r.Width,
			"height":            r.Height,
			"overviews":         []int{},
		}
		if r.NoData != nil {
			info["nodata_type"] = "Nodata"
			if !math.IsNaN(*r.NoData) {
				info["nodata_value"] = *r.NoData
			}
		}
		out[a] = info
	}
	return out, true
}

// infoGeoJSON answers info.geojson: the item footprint with Info per asset.
func (d *dataReq) infoGeoJSON() {
	it, ok := d.loadItem()
	if !ok {
		return
	}
	props, ok := d.itemInfo(it)
	if !ok {
		return
	}
	out := map[string]any{"type": "Feature", "geometry": it.Geometry, "properties": props}
	if len(it.BBox) > 0 {
		out["bbox"] = it.BBox
	}
	writeJSONType(d.w, http.StatusOK, "application/geo+json", out)
}

// bounds answers …/bounds from the item's bbox.
func (d *dataReq) bounds() {
	b, ok := d.targetBounds()
	if ok {
		writeJSON(d.w, http.StatusOK, map[string]any{"bounds": b[:]})
	}
}

// availableAssets answers …/assets: the item's raster assets.
func (d *dataReq) availableAssets() {
	it, ok := d.loadItem()
	if !ok {
		return
	}
	out := []string{}
	for _, k := range sortedKeys(it.Assets) {
		if it.Assets[k].isRaster() {
			out = append(out, k)
		}
	}
	writeJSON(d.w, http.StatusOK, out)
}

// mosaicItemJSON is an entry of the point/tile/bbox assets answers.
func mosaicItemJSON(it *tilerItem) map[string]any {
	assets := map[string]any{}
	for k, a := range it.Assets {
		assets[k] = map[string]any{"href": a.Href}
	}
	return map[string]any{"id": it.ID, "collection": it.Collection, "bbox": it.BBox, "assets": assets}
}

// itemsIntersecting answers the items of the mosaic whose bbox meets bb.
func (d *dataReq) itemsIntersecting(bb [4]float64) {
	items, ok := d.mosaicItems()
	if !ok {
		return
	}
	out := []any{}
	for _, it := range items {
		b, ok := bbox4(it.BBox)
		if ok && b[0] <= bb[2] && bb[0] <= b[2] && b[1] <= bb[3] && bb[1] <= b[3] {
			out = append(out, mosaicItemJSON(it))
		}
	}
	writeJSON(d.w, http.StatusOK, out)
}

func (d *dataReq) pointAssets(lon, lat float64) {
	d.itemsIntersecting([4]float64{lon, lat, lon, lat})
}

func (d *dataReq) bboxAssets(bb [4]float64) { d.itemsIntersecting(bb) }

// tileAssets answers tiles/…/{z}/{x}/{y}/assets.
func (d *dataReq) tileAssets(t tileRef) {
	if d.kind == dataItem {
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
		return
	}
	g, err := tileGrid(t)
	if err != nil {
		writeError(d.w, http.StatusNotFound, "NotFound", "%v", err)
		return
	}
	x0, y0 := reproject(g.minx, g.miny, g.epsg, 4326)
	x1, y1 := reproject(g.maxx, g.maxy, g.epsg, 4326)
	d.itemsIntersecting([4]float64{x0, y0, x1, y1})
}

// register answers POST /data/mosaic/register.
func (d *dataReq) register() {
	body, ok := readBody(d.w, d.r)
	if !ok {
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		d.badRequest("the body must be a JSON object")
		return
	}
	meta := m["metadata"]
	delete(m, "metadata")
	search, _ := json.Marshal(m)
	if _, err := store.ParseSearchBody(search); err != nil {
		d.badRequest("%v", err)
		return
	}
	hash, canon, err := searchHash(search)
	if err != nil {
		d.badRequest("%v", err)
		return
	}
	s := searchesOf(d.c)
	s.mu.Lock()
	if s.m[hash] == nil {
		s.m[hash] = &registeredSearch{Hash: hash, Search: canon, Metadata: meta}
	}
	s.mu.Unlock()
	base := d.origin() + "/data/mosaic/searches/" + hash
	if len(d.q.Get("api-version")) >= 10 && d.q.Get("api-version")[:10] < "2026-04-15" {
		base = d.origin() + "/data/mosaic/" + hash
	}
	link := func(path, rel, typ, title string) map[string]string {
		return map[string]string{"href": base + path, "rel": rel, "type": typ, "title": title}
	}
	writeJSON(d.w, http.StatusOK, map[string]any{
		"searchid": hash,
		"links": []any{
			link("/info", "metadata", "application/json", "Mosaic metadata"),
			link("/tilejson.json", "tilejson", "application/json", "Link for TileJSON"),
			link("/WMTSCapabilities.xml", "wmts", "application/xml", "Link for WMTS"),
		},
	})
}

// tileSetLinks are the links of a tileset of the target.
func (d *dataReq) tileSetLinks(tms string) []map[string]any {
	return []map[string]any{
		{"href": d.origin() + d.base + "/tiles/" + tms, "rel": "self", "type": "application/json", "title": "Tileset tiled using " + tms + " TileMatrixSet"},
		{"href": d.origin() + "/data/tile-matrix-sets/" + tms, "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme", "type": "application/json", "title": "Definition of " + tms + " TileMatrixSet"},
		{"href": d.origin() + d.base + "/tiles/" + tms + "/{z}/{x}/{y}", "rel": "item", "type": "image/png", "title": "Tile", "templated": true},
	}
}

// tileSets answers …/tiles.
func (d *dataReq) tileSets() {
	if _, ok := d.targetBounds(); !ok {
		return
	}
	var list []any
	for _, tms := range supportedTMS {
		def := tileMatrixSet(tms)
		list = append(list, map[string]any{
			"title":            "tileset tiled using " + tms + " TileMatrixSet",
			"dataType":         "map",
			"crs":              def.CRS,
			"tileMatrixSetURI": def.URI,
			"links":            d.tileSetLinks(tms),
		})
	}
	writeJSON(d.w, http.StatusOK, map[string]any{"tilesets": list})
}

// tileSet answers …/tiles/{tms}.
func (d *dataReq) tileSet(tms string) {
	if !tmsKnown(tms) {
		writeError(d.w, http.StatusNotFound, "NotFound", "tile matrix set %q is not supported by the emulator", tms)
		return
	}
	b, ok := d.targetBounds()
	if !ok {
		return
	}
	def := tileMatrixSet(tms)
	minz, maxz := d.zoomRange()
	var limits []any
	for z := minz; z <= maxz && z < len(def.TileMatrices); z++ {
		c0, r0 := tileIndex(tms, z, b[0], b[3])
		c1, r1 := tileIndex(tms, z, b[2], b[1])
		limits = append(limits, map[string]any{"tileMatrix": fmt.Sprint(z), "minTileRow": r0, "maxTileRow": r1, "minTileCol": c0, "maxTileCol": c1})
	}
	writeJSON(d.w, http.StatusOK, map[string]any{
		"title":            "tileset tiled using " + tms + " TileMatrixSet",
		"dataType":         "map",
		"crs":              def.CRS,
		"tileMatrixSetURI": def.URI,
		"boundingBox": map[string]any{
			"lowerLeft": []float64{b[0], b[1]}, "upperRight": []float64{b[2], b[3]},
			"crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
		},
		"tileMatrixSetLimits": limits,
		"links":               d.tileSetLinks(tms),
	})
}

// tileIndex returns the column and row of the tile containing lon/lat.
func tileIndex(tms string, z int, lon, lat float64) (int, int) {
	n := 1 << z
	if tms == "WorldCRS84Quad" {
		span := 180 / float64(n)
		c := int(math.Floor((lon + 180) / span))
		r := int(math.Floor((90 - lat) / span))
		return max(0, min(2*n-1, c)), max(0, min(n-1, r))
	}
	x, y := reproject(lon, lat, 4326, 3857)
	span := 2 * webMercatorMax / float64(n)
	c := int(math.Floor((x + webMercatorMax) / span))
	r := int(math.Floor((webMercatorMax - y) / span))
	return max(0, min(n-1, c)), max(0, min(n-1, r))
}
