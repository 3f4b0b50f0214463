package geocatalogtest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"net/http"
	"strconv"
)

// tmsDef is an OGC tile matrix set in the service's JSON shape.
type tmsDef struct {
	Title             string      `json:"title"`
	Description       *string     `json:"description"`
	Keywords          []string    `json:"keywords"`
	ID                string      `json:"id"`
	URI               string      `json:"uri"`
	OrderedAxes       []string    `json:"orderedAxes"`
	CRS               string      `json:"crs"`
	WellKnownScaleSet string      `json:"wellKnownScaleSet"`
	BoundingBox       any         `json:"boundingBox"`
	TileMatrices      []tmsMatrix `json:"tileMatrices"`
}

type tmsMatrix struct {
	Title                *string    `json:"title"`
	Description          *string    `json:"description"`
	Keywords             []string   `json:"keywords"`
	ID                   string     `json:"id"`
	ScaleDenominator     float64    `json:"scaleDenominator"`
	CellSize             float64    `json:"cellSize"`
	CornerOfOrigin       string     `json:"cornerOfOrigin"`
	PointOfOrigin        [2]float64 `json:"pointOfOrigin"`
	TileWidth            int        `json:"tileWidth"`
	TileHeight           int        `json:"tileHeight"`
	MatrixWidth          int        `json:"matrixWidth"`
	MatrixHeight         int        `json:"matrixHeight"`
	VariableMatrixWidths any        `json:"variableMatrixWidths"`
}

// tileMatrixSet returns the definition of a supported tile matrix set
// (zoom levels 0 to 24).
func tileMatrixSet(id string) *tmsDef {
	const levels = 25
	const pixel = 0.00028 // metres, OGC standardized rendering pixel
	switch id {
	case "WebMercatorQuad":
		d := &tmsDef{Title: "Google Maps Compatible for the World", ID: id,
			URI:               "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
			OrderedAxes:       []string{"X", "Y"},
			CRS:               "http://www.opengis.net/def/crs/EPSG/0/3857",
			WellKnownScaleSet: "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible"}
		for z := 0; z < levels; z++ {
			n := 1 << z
			cell := 2 * webMercatorMax / 256 / float64(n)
			d.TileMatrices = append(d.TileMatrices, tmsMatrix{ID: strconv.Itoa(z), ScaleDenominator: cell / pixel, CellSize: cell,
				CornerOfOrigin: "topLeft", PointOfOrigin: [2]float64{-webMercatorMax, webMercatorMax},
				TileWidth: 256, TileHeight: 256, MatrixWidth: n, MatrixHeight: n})
		}
		return d
	case "WorldCRS84Quad":
		d := &tmsDef{Title: "CRS84 for the World", ID: id,
			URI:               "http://www.opengis.net/def/tilematrixset/OGC/1.0/WorldCRS84Quad",
			OrderedAxes:       []string{"Lon", "Lat"},
			CRS:               "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
			WellKnownScaleSet: "http://www.opengis.net/def/wkss/OGC/1.0/GoogleCRS84Quad"}
		metresPerDegree := 2 * math.Pi * earthRadius / 360
		for z := 0; z < levels; z++ {
			n := 1 << z
			cell := 180.0 / 256 / float64(n)
			d.TileMatrices = append(d.TileMatrices, tmsMatrix{ID: strconv.Itoa(z), ScaleDenominator: cell * metresPerDegree / pixel, CellSize: cell,
				CornerOfOrigin: "topLeft", PointOfOrigin: [2]float64{-180, 90},
				TileWidth: 256, TileHeight: 256, MatrixWidth: 2 * n, MatrixHeight: n})
		}
		return d
	}
	return nil
}

// serveTMS answers /data/tile-matrix-sets[/{id}].
func (d *dataReq) serveTMS(s []string) {
	if d.r.Method != http.MethodGet && d.r.Method != http.MethodHead {
		writeError(d.w, http.StatusMethodNotAllowed, "MethodNotAllowed", "use GET")
		return
	}
	switch len(s) {
	case 0:
		writeJSON(d.w, http.StatusOK, supportedTMS)
	case 1:
		def := tileMatrixSet(s[0])
		if def == nil {
			writeError(d.w, http.StatusNotFound, "NotFound", "tile matrix set %q not found", s[0])
			return
		}
		writeJSON(d.w, http.StatusOK, def)
	default:
		writeError(d.w, http.StatusNotFound, "NotFound", "no tiler route %s", d.r.URL.Path)
	}
}

// classmapLegends and intervalLegends are the emulator's built-in
// classmaps (values of the service's published examples).
var classmapLegends = map[string]map[string][4]int{
	"mtbs-severity": {
		"0": {0, 0, 0, 0}, "1": {0, 100, 0, 255}, "2": {127, 255, 212, 255}, "3": {255, 255, 0, 255},
		"4": {255, 0, 0, 255}, "5": {127, 255, 0, 255}, "6": {255, 255, 255, 255},
	},
}

type intervalEntry struct {
	lo, hi float64
	rgba   [4]int
}

var intervalLegends = map[string][]intervalEntry{
	"modis-64A1": {
		{-2, 0, [4]int{0, 0, 0, 0}}, {1, 32, [4]int{255, 255, 178, 255}}, {32, 60, [4]int{255, 236, 147, 255}},
		{60, 91, [4]int{254, 218, 115, 255}}, {91, 121, [4]int{254, 198, 89, 255}}, {121, 152, [4]int{254, 175, 77, 255}},
		{152, 182, [4]int{253, 152, 66, 255}}, {182, 213, [4]int{251, 126, 55, 255}}, {213, 244, [4]int{246, 96, 45, 255}},
		{244, 274, [4]int{241, 66, 35, 255}}, {274, 305, [4]int{226, 43, 34, 255}}, {305, 335, [4]int{208, 21, 36, 255}},
		{335, 366, [4]int{189, 0, 38, 255}},
	},
}

// serveLegend answers /data/legend/{colormap|classmap|interval}/{name}.
func (d *dataReq) serveLegend(kind, name string) {
	if d.r.Method != http.MethodGet && d.r.Method != http.MethodHead {
		writeError(d.w, http.StatusMethodNotAllowed, "MethodNotAllowed", "use GET")
		return
	}
	start, end := atoiDefault(d.q.Get("trim_start"), 0), atoiDefault(d.q.Get("trim_end"), 0)
	switch kind {
	case "colormap":
		lut, ok := namedColormap(name)
		if !ok {
			writeError(d.w, http.StatusNotFound, "NotFound", "colormap %q not found", name)
			return
		}
		entries := lut[min(start, 255):max(min(start, 255)+1, 256-min(end, 255))]
		w, h := atoiDefault(d.q.Get("width"), 256), atoiDefault(d.q.Get("height"), 20)
		if w < 1 || h < 1 || w*h > 4096*4096 {
			d.badRequest("invalid legend size %dx%d", w, h)
			return
		}
		img := image.NewNRGBA(image.Rect(0, 0, w, h))
		for x := 0; x < w; x++ {
			c := entries[x*len(entries)/w]
			for y := 0; y < h; y++ {
				img.SetNRGBA(x, y, color.NRGBA(c))
			}
		}
		var buf bytes.Buffer
		_ = png.Encode(&buf, img)
		writeRaw(d.w, http.StatusOK, "image/png", buf.Bytes())
	case "classmap":
		m, ok := classmapLegends[name]
		if !ok {
			writeError(d.w, http.StatusNotFound, "NotFound", "classmap %q not found", name)
			return
		}
		keys := sortedKeys(m)
		keys = keys[min(start, len(keys)):max(min(start, len(keys)), len(keys)-end)]
		out := map[string][4]int{}
		for _, k := range keys {
			out[k] = m[k]
		}
		writeJSON(d.w, http.StatusOK, out)
	case "interval":
		list, ok := intervalLegends[name]
		if !ok {
			writeError(d.w, http.StatusNotFound, "NotFound", "classmap %q not found", name)
			return
		}
		list = list[min(start, len(list)):max(min(start, len(list)), len(list)-end)]
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = []any{[]float64{e.lo, e.hi}, e.rgba}
		}
		writeJSON(d.w, http.StatusOK, out)
	default:
		writeError(d.w, http.StatusNotFound, "NotFound", "no legend route %s", d.r.URL.Path)
	}
}
