package stac

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
)

// The GeoJSON (RFC 7946) geometry encoding of orb geometries, written here
// rather than taken from github.com/paulmach/orb/geojson, which would bring
// a BSON library into every program that imports this package.

// errGeometry is the cause of every malformed-geometry error of Orb.
var errGeometry = errors.New("stac: not a valid GeoJSON geometry")

// appendGeometry appends g as a GeoJSON geometry object. An orb.Ring is
// written as a Polygon and an orb.Bound as the Polygon of its corners.
func appendGeometry(b []byte, g orb.Geometry) ([]byte, error) {
	w := newObjectWriter(b)
	switch g := g.(type) {
	case orb.Collection:
		w.str("type", "GeometryCollection")
		w.key("geometries")
		w.b = append(w.b, '[')
		for i, c := range g {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			if c == nil {
				return w.b, fmt.Errorf("%w: nil member %d of a GeometryCollection", errGeometry, i)
			}
			var err error
			if w.b, err = appendGeometry(w.b, c); err != nil {
				return w.b, err
			}
		}
		w.b = append(w.b, ']')
		return w.end()
	case orb.Ring:
		return appendGeometry(b, orb.Polygon{g})
	case orb.Bound:
		return appendGeometry(b, g.ToPolygon())
	}
	w.str("type", g.GeoJSONType())
	w.key("coordinates")
	var err error
	switch g := g.(type) {
	case orb.Point:
		w.b, err = appendPosition(w.b, g)
	case orb.MultiPoint:
		w.b, err = appendPositions(w.b, g)
	case orb.LineString:
		w.b, err = appendPositions(w.b, g)
	case orb.MultiLineString:
		w.b, err = appendNested(w.b, len(g), func(b []byte, i int) ([]byte, error) { return appendPositions(b, g[i]) })
	case orb.Polygon:
		w.b, err = appendRings(w.b, g)
	case orb.MultiPolygon:
		w.b, err = appendNested(w.b, len(g), func(b []byte, i int) ([]byte, error) { return appendRings(b, g[i]) })
	default:
		return w.b, fmt.Errorf("%w: unsupported orb type %T", errGeometry, g)
	}
	w.setErr(err)
	return w.end()
}

func appendPosition(b []byte, p orb.Point) ([]byte, error) {
	return appendFloats(b, p[:])
}

func appendPositions(b []byte, ps []orb.Point) ([]byte, error) {
	return appendNested(b, len(ps), func(b []byte, i int) ([]byte, error) { return appendPosition(b, ps[i]) })
}

func appendRings(b []byte, p orb.Polygon) ([]byte, error) {
	return appendNested(b, len(p), func(b []byte, i int) ([]byte, error) { return appendPositions(b, p[i]) })
}

// appendNested appends a JSON array of n elements written by elem.
func appendNested(b []byte, n int, elem func(b []byte, i int) ([]byte, error)) ([]byte, error) {
	b = append(b, '[')
	var err error
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = elem(b, i); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

// decodeGeometry decodes a GeoJSON geometry object.
func decodeGeometry(raw []byte, depth int) (orb.Geometry, error) {
	if depth > maxDepth {
		return nil, errGeometry
	}
	var typ string
	var coords, members []byte
	r := newObjectReader(raw)
	for r.next() {
		switch string(r.key) {
		case "type":
			typ, _ = decodeString(r.val)
		case "coordinates":
			coords = r.val
		case "geometries":
			members = r.val
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", errGeometry, r.err)
	}
	if typ == "GeometryCollection" {
		if !isArray(members) {
			return nil, fmt.Errorf("%w: a GeometryCollection without geometries", errGeometry)
		}
		c := orb.Collection{}
		a := newArrayReader(members)
		for a.next() {
			g, err := decodeGeometry(a.val, depth+1)
			if err != nil {
				return nil, err
			}
			c = append(c, g)
		}
		if a.err != nil {
			return nil, fmt.Errorf("%w: %v", errGeometry, a.err)
		}
		return c, nil
	}
	if coords == nil || isNull(coords) {
		return nil, fmt.Errorf("%w: %q has no coordinates", errGeometry, typ)
	}
	var g orb.Geometry
	var ok bool
	switch typ {
	case "Point":
		g, ok = decodePosition(coords)
	case "MultiPoint":
		var ps []orb.Point
		ps, ok = decodeList(coords, decodePosition)
		g = orb.MultiPoint(ps)
	case "LineString":
		var ps []orb.Point
		ps, ok = decodeList(coords, decodePosition)
		g = orb.LineString(ps)
	case "MultiLineString":
		var ls []orb.LineString
		ls, ok = decodeList(coords, func(raw []byte) (orb.LineString, bool) { return decodePositions(raw) })
		g = orb.MultiLineString(ls)
	case "Polygon":
		g, ok = decodeRings(coords)
	case "MultiPolygon":
		var ps []orb.Polygon
		ps, ok = decodeList(coords, decodeRings)
		g = orb.MultiPolygon(ps)
	default:
		return nil, fmt.Errorf("%w: unknown type %q", errGeometry, typ)
	}
	if !ok {
		return nil, fmt.Errorf("%w: bad %s coordinates", errGeometry, typ)
	}
	return g, nil
}

// decodePosition decodes [x, y, ...] (a third or later number is dropped).
func decodePosition(raw []byte) (orb.Point, bool) {
	var p orb.Point
	n := 0
	ok := decodeArray(raw, func(v []byte) bool {
		f, ok := decodeFloat(v)
		if n < 2 {
			p[n] = f
		}
		n++
		return ok
	})
	return p, ok && n >= 2
}

func decodePositions(raw []byte) ([]orb.Point, bool) {
	return decodeList(raw, decodePosition)
}

func decodeRings(raw []byte) (orb.Polygon, bool) {
	rings, ok := decodeList(raw, func(raw []byte) (orb.Ring, bool) { return decodePositions(raw) })
	return orb.Polygon(rings), ok
}

// decodeList decodes the array raw with elem; false when raw is not an
// array or an element does not decode.
func decodeList[T any](raw []byte, elem func(raw []byte) (T, bool)) ([]T, bool) {
	out := make([]T, 0, countElements(raw))
	ok := decodeArray(raw, func(v []byte) bool {
		x, ok := elem(v)
		out = append(out, x)
		return ok
	})
	return out, ok
}

// decodeArray calls elem on each element of the array raw; false when raw
// is not an array or elem returns false.
func decodeArray(raw []byte, elem func(raw []byte) bool) bool {
	if !isArray(raw) {
		return false
	}
	a := newArrayReader(raw)
	for a.next() {
		if !elem(a.val) {
			return false
		}
	}
	return a.err == nil
}
