package stac

import (
	"encoding/json"
	"fmt"
	"math"
)

// envelope is the longitude/latitude extent of a geometry's positions.
type envelope struct {
	set                            bool
	minLon, minLat, maxLon, maxLat float64
	lons                           []float64 // every longitude, for antimeridian checks
}

func (e *envelope) add(lon, lat float64) {
	if !e.set {
		*e = envelope{set: true, minLon: lon, maxLon: lon, minLat: lat, maxLat: lat, lons: e.lons}
	}
	e.minLon, e.maxLon = math.Min(e.minLon, lon), math.Max(e.maxLon, lon)
	e.minLat, e.maxLat = math.Min(e.minLat, lat), math.Max(e.maxLat, lat)
	e.lons = append(e.lons, lon)
}

// checkGeometry validates a GeoJSON geometry. missing tells that the member
// was absent from the decoded document. It returns the envelope and whether
// the geometry is valid (a null geometry is valid and has no envelope).
func checkGeometry(ps *problems, field string, g Geometry, missing bool) (envelope, bool) {
	var env envelope
	if g.IsNull() {
		if missing {
			ps.add(field, "required (a GeoJSON geometry or null)")
			return env, false
		}
		return env, true
	}
	before := len(ps.list)
	checkGeometryValue(ps, field, json.RawMessage(g), &env, 0)
	return env, len(ps.list) == before
}

func checkGeometryValue(ps *problems, field string, raw json.RawMessage, env *envelope, depth int) {
	if !isObject(trimSpace(raw)) {
		ps.add(field, "must be a GeoJSON geometry object or null")
		return
	}
	var g rawGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		ps.add(field, "is not a GeoJSON geometry: %v", err)
		return
	}
	cf := field + ".coordinates"
	switch g.Type {
	case "Point":
		var p []float64
		if decodeCoords(ps, cf, g.Coordinates, &p, "a position [lon, lat]") {
			checkPosition(ps, cf, p, env)
		}
	case "MultiPoint", "LineString":
		var ps1 [][]float64
		if !decodeCoords(ps, cf, g.Coordinates, &ps1, "an array of positions") {
			return
		}
		if g.Type == "LineString" && len(ps1) < 2 {
			ps.add(cf, "a LineString needs at least 2 positions, has %d", len(ps1))
		}
		for i, p := range ps1 {
			checkPosition(ps, fmt.Sprintf("%s[%d]", cf, i), p, env)
		}
	case "MultiLineString":
		var lines [][][]float64
		if !decodeCoords(ps, cf, g.Coordinates, &lines, "an array of arrays of positions") {
			return
		}
		for i, l := range lines {
			lf := fmt.Sprintf("%s[%d]", cf, i)
			if len(l) < 2 {
				ps.add(lf, "a line needs at least 2 positions, has %d", len(l))
			}
			for j, p := range l {
				checkPosition(ps, fmt.Sprintf("%s[%d]", lf, j), p, env)
			}
		}
	case "Polygon":
		var rings [][][]float64
		if decodeCoords(ps, cf, g.Coordinates, &rings, "an array of linear rings") {
			checkPolygon(ps, cf, rings, env)
		}
	case "MultiPolygon":
		var polys [][][][]float64
		if !decodeCoords(ps, cf, g.Coordinates, &polys, "an array of polygons") {
			return
		}
		if len(polys) == 0 {
			ps.add(cf, "a MultiPolygon needs at least one polygon")
		}
		for i, rings := range polys {
			checkPolygon(ps, fmt.Sprintf("%s[%d]", cf, i), rings, env)
		}
	case "GeometryCollection":
		if depth > 8 {
			ps.add(field, "geometry collections are nested too deeply")
			return
		}
		if g.Geometries == nil {
			ps.add(field+".geometries", "required for a GeometryCollection")
		}
		for i, sub := range g.Geometries {
			checkGeometryValue(ps, fmt.Sprintf("%s.geometries[%d]", field, i), sub, env, depth+1)
		}
	case "":
		ps.add(field+".type", "required")
	default:
		ps.add(field+".type", "unknown GeoJSON geometry type %q", g.Type)
	}
}

func decodeCoords(ps *problems, field string, raw json.RawMessage, dst any, want string) bool {
	if len(raw) == 0 || isNull(raw) {
		ps.add(field, "required (%s)", want)
		return false
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		ps.add(field, "must be %s", want)
		return false
	}
	return true
}

func checkPosition(ps *problems, field string, p []float64, env *envelope) {
	if len(p) < 2 {
		ps.add(field, "a position needs at least 2 numbers (lon, lat), has %d", len(p))
		return
	}
	lon, lat := p[0], p[1]
	ok := true
	if lon < -180 || lon > 180 {
		ps.add(field, "longitude %v is outside [-180, 180]", lon)
		ok = false
	}
	if lat < -90 || lat > 90 {
		ps.add(field, "latitude %v is outside [-90, 90]", lat)
		ok = false
	}
	if ok {
		env.add(lon, lat)
	}
}

func checkPolygon(ps *problems, field string, rings [][][]float64, env *envelope) {
	if len(rings) == 0 {
		ps.add(field, "a polygon needs at least one linear ring")
	}
	for i, ring := range rings {
		rf := fmt.Sprintf("%s[%d]", field, i)
		if len(ring) < 4 {
			ps.add(rf, "a linear ring needs at least 4 positions, has %d", len(ring))
		}
		before := len(ps.list)
		for j, p := range ring {
			checkPosition(ps, fmt.Sprintf("%s[%d]", rf, j), p, env)
		}
		if len(ps.list) != before || len(ring) == 0 {
			continue
		}
		first, last := ring[0], ring[len(ring)-1]
		if first[0] != last[0] || first[1] != last[1] {
			ps.add(rf, "linear ring is not closed: first position %v differs from last %v", first, last)
		}
	}
}

// bbox2d is a bbox reduced to its horizontal part.
type bbox2d struct{ west, south, east, north float64 }

// checkBBox validates a bbox of 4 or 6 numbers and returns its 2D part.
func checkBBox(ps *problems, field string, b []float64) (bbox2d, bool) {
	var r bbox2d
	switch len(b) {
	case 4:
		r = bbox2d{b[0], b[1], b[2], b[3]}
	case 6:
		r = bbox2d{b[0], b[1], b[3], b[4]}
		if b[2] > b[5] {
			ps.add(field, "minimum elevation %v is above maximum elevation %v", b[2], b[5])
		}
	default:
		ps.add(field, "must have 4 or 6 numbers, has %d", len(b))
		return r, false
	}
	before := len(ps.list)
	for _, v := range b {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			ps.add(field, "holds the non-finite number %v", v)
			return r, false
		}
	}
	for _, v := range []float64{r.west, r.east} {
		if v < -180 || v > 180 {
			ps.add(field, "longitude %v is outside [-180, 180]", v)
		}
	}
	for _, v := range []float64{r.south, r.north} {
		if v < -90 || v > 90 {
			ps.add(field, "latitude %v is outside [-90, 90]", v)
		}
	}
	if r.south > r.north {
		ps.add(field, "south %v is above north %v", r.south, r.north)
	}
	return r, len(ps.list) == before
}

// bboxTolerance is the share of the bbox size by which a geometry may stick
// out of its bbox. Live catalogs serve items whose footprint exceeds the bbox
// by a few percent (Planetary Computer landsat-c2-l1: 2.3% of the latitude span).
const bboxTolerance = 0.05

// minBBoxTolerance is the absolute tolerance in degrees (about 10 cm).
const minBBoxTolerance = 1e-6

// checkBBoxContains reports when the geometry's envelope is not inside the bbox.
func checkBBoxContains(ps *problems, field string, b bbox2d, env envelope) {
	latTol := minBBoxTolerance + bboxTolerance*(b.north-b.south)
	if env.minLat < b.south-latTol || env.maxLat > b.north+latTol {
		ps.add(field, "does not contain the geometry: geometry latitudes span [%v, %v], bbox [%v, %v]",
			env.minLat, env.maxLat, b.south, b.north)
	}
	if b.west <= b.east {
		lonTol := minBBoxTolerance + bboxTolerance*(b.east-b.west)
		if env.minLon < b.west-lonTol || env.maxLon > b.east+lonTol {
			ps.add(field, "does not contain the geometry: geometry longitudes span [%v, %v], bbox [%v, %v]",
				env.minLon, env.maxLon, b.west, b.east)
		}
		return
	}
	// Antimeridian crossing: every longitude is east of west or west of east.
	lonTol := minBBoxTolerance + bboxTolerance*(b.east+360-b.west)
	for _, lon := range env.lons {
		if lon < b.west-lonTol && lon > b.east+lonTol {
			ps.add(field, "does not contain the geometry: longitude %v is outside the antimeridian-crossing bbox [%v, %v]",
				lon, b.west, b.east)
			return
		}
	}
}
