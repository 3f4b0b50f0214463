package store

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
)

// Planar geometry predicates on orb types, in longitude/latitude degrees as
// the STAC API does (no geodesic edges). Boundaries are closed: touching
// counts as intersecting.

// shapes is a geometry broken into its primitives.
type shapes struct {
	points []orb.Point
	lines  []orb.LineString
	polys  []orb.Polygon
}

func flatten(g orb.Geometry, s *shapes) {
	switch g := g.(type) {
	case orb.Point:
		s.points = append(s.points, g)
	case orb.MultiPoint:
		s.points = append(s.points, g...)
	case orb.LineString:
		s.addLine(g)
	case orb.MultiLineString:
		for _, l := range g {
			s.addLine(l)
		}
	case orb.Ring:
		s.addPoly(orb.Polygon{g})
	case orb.Polygon:
		s.addPoly(g)
	case orb.MultiPolygon:
		for _, p := range g {
			s.addPoly(p)
		}
	case orb.Collection:
		for _, x := range g {
			flatten(x, s)
		}
	case orb.Bound:
		s.addPoly(g.ToPolygon())
	}
}

func (s *shapes) addLine(l orb.LineString) {
	switch len(l) {
	case 0:
	case 1:
		s.points = append(s.points, l[0])
	default:
		s.lines = append(s.lines, l)
	}
}

func (s *shapes) addPoly(p orb.Polygon) {
	if len(p) == 0 || len(p[0]) == 0 {
		return
	}
	s.polys = append(s.polys, p)
}

func shapesOf(g orb.Geometry) *shapes {
	s := &shapes{}
	flatten(g, s)
	return s
}

// bboxGeometry is a west, south, east, north box; west > east crosses the
// antimeridian and gives two boxes.
func bboxGeometry(minX, minY, maxX, maxY float64) orb.Geometry {
	if minX > maxX {
		return orb.MultiPolygon{
			orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{180, maxY}}.ToPolygon(),
			orb.Bound{Min: orb.Point{-180, minY}, Max: orb.Point{maxX, maxY}}.ToPolygon(),
		}
	}
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}.ToPolygon()
}

// checkGeometry rejects non-finite coordinates, lines with fewer than two
// points and rings with fewer than four.
func checkGeometry(g orb.Geometry) error {
	s := shapesOf(g)
	finite := func(p orb.Point) bool {
		return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
	}
	for _, p := range s.points {
		if !finite(p) {
			return errors.New("coordinates must be finite numbers")
		}
	}
	for _, l := range s.lines {
		for _, p := range l {
			if !finite(p) {
				return errors.New("coordinates must be finite numbers")
			}
		}
	}
	for _, poly := range s.polys {
		for _, r := range poly {
			if len(r) < 4 {
				return errors.New("a polygon ring needs at least 4 positions")
			}
			for _, p := range r {
				if !finite(p) {
					return errors.New("coordinates must be finite numbers")
				}
			}
		}
	}
	return nil
}

// intersects reports whether two geometries share at least one point.
func intersects(a, b orb.Geometry) bool {
	if a == nil || b == nil || !boundsMeet(a.Bound(), b.Bound()) {
		return false
	}
	return shapesIntersect(shapesOf(a), shapesOf(b))
}

func boundsMeet(a, b orb.Bound) bool {
	return a.Min[0] <= b.Max[0] && b.Min[0] <= a.Max[0] && a.Min[1] <= b.Max[1] && b.Min[1] <= a.Max[1]
}

func shapesIntersect(a, b *shapes) bool {
	for _, p := range a.points {
		if pointMeets(p, b) {
			return true
		}
	}
	for _, p := range b.points {
		if pointMeets(p, a) {
			return true
		}
	}
	for _, l := range a.lines {
		if lineMeets(l, b) {
			return true
		}
	}
	for _, l := range b.lines {
		for _, poly := range a.polys {
			if linePolygonMeet(l, poly) {
				return true
			}
		}
	}
	for _, p := range a.polys {
		for _, q := range b.polys {
			if polygonsMeet(p, q) {
				return true
			}
		}
	}
	return false
}

// pointMeets: point p against every primitive of s.
func pointMeets(p orb.Point, s *shapes) bool {
	for _, q := range s.points {
		if p == q {
			return true
		}
	}
	for _, l := range s.lines {
		for i := 1; i < len(l); i++ {
			if onSegment(p, l[i-1], l[i]) {
				return true
			}
		}
	}
	for _, poly := range s.polys {
		if pointInPolygon(p, poly) {
			return true
		}
	}
	return false
}

// lineMeets: line l against the lines and polygons of s (points are done).
func lineMeets(l orb.LineString, s *shapes) bool {
	for _, m := range s.lines {
		if linesMeet(l, m) {
			return true
		}
	}
	for _, poly := range s.polys {
		if linePolygonMeet(l, poly) {
			return true
		}
	}
	return false
}

func linesMeet(a, b orb.LineString) bool {
	if !boundsMeet(a.Bound(), b.Bound()) {
		return false
	}
	for i := 1; i < len(a); i++ {
		for j := 1; j < len(b); j++ {
			if segmentsMeet(a[i-1], a[i], b[j-1], b[j]) {
				return true
			}
		}
	}
	return false
}

func linePolygonMeet(l orb.LineString, poly orb.Polygon) bool {
	if !boundsMeet(l.Bound(), poly.Bound()) {
		return false
	}
	for _, r := range poly {
		if linesMeet(l, orb.LineString(r)) {
			return true
		}
	}
	return pointInPolygon(l[0], poly)
}

// polygonsMeet: boundaries cross, or (no crossing) one lies inside the other,
// which a vertex of some ring then shows.
func polygonsMeet(a, b orb.Polygon) bool {
	if !boundsMeet(a.Bound(), b.Bound()) {
		return false
	}
	for _, ra := range a {
		for _, rb := range b {
			if linesMeet(orb.LineString(ra), orb.LineString(rb)) {
				return true
			}
		}
	}
	for _, r := range a {
		if len(r) > 0 && pointInPolygon(r[0], b) {
			return true
		}
	}
	for _, r := range b {
		if len(r) > 0 && pointInPolygon(r[0], a) {
			return true
		}
	}
	return false
}

// pointInPolygon: p is in the closed polygon (on any boundary counts; inside
// a hole does not).
func pointInPolygon(p orb.Point, poly orb.Polygon) bool {
	if len(poly) == 0 {
		return false
	}
	in, on := pointInRing(p, poly[0])
	if on {
		return true
	}
	if !in {
		return false
	}
	for _, hole := range poly[1:] {
		in, on := pointInRing(p, hole)
		if on {
			return true
		}
		if in {
			return false
		}
	}
	return true
}

// pointInRing returns whether p is strictly inside r, and whether it is on r.
func pointInRing(p orb.Point, r orb.Ring) (inside, onBoundary bool) {
	n := len(r)
	if n == 0 {
		return false, false
	}
	for i := 0; i < n; i++ {
		a, b := r[i], r[(i+1)%n]
		if onSegment(p, a, b) {
			return false, true
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if p[0] < x {
				inside = !inside
			}
		}
	}
	return inside, false
}

// orient is the sign of the cross product (b-a) x (c-a).
func orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment: p lies on the closed segment ab.
func onSegment(p, a, b orb.Point) bool {
	if orient(a, b, p) != 0 {
		return false
	}
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// segmentsMeet: closed segments p1p2 and p3p4 share a point.
func segmentsMeet(p1, p2, p3, p4 orb.Point) bool {
	d1, d2 := orient(p3, p4, p1), orient(p3, p4, p2)
	d3, d4 := orient(p1, p2, p3), orient(p1, p2, p4)
	if d1*d2 < 0 && d3*d4 < 0 {
		return true
	}
	return (d1 == 0 && onSegment(p1, p3, p4)) || (d2 == 0 && onSegment(p2, p3, p4)) ||
		(d3 == 0 && onSegment(p3, p1, p2)) || (d4 == 0 && onSegment(p4, p1, p2))
}

// segmentsCross: the segments cross at a point interior to both.
func segmentsCross(p1, p2, p3, p4 orb.Point) bool {
	return orient(p3, p4, p1)*orient(p3, p4, p2) < 0 && orient(p1, p2, p3)*orient(p1, p2, p4) < 0
}

// within reports whether every point of a lies in b (a planar approximation
// good for polygons, lines and points: vertices and segment midpoints of a
// are in b, no segment of a crosses b's boundary, and no boundary of b lies
// strictly inside a polygon of a).
func within(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return false
	}
	ba, bb := a.Bound(), b.Bound()
	if ba.Min[0] < bb.Min[0] || ba.Min[1] < bb.Min[1] || ba.Max[0] > bb.Max[0] || ba.Max[1] > bb.Max[1] {
		return false
	}
	sa, sb := shapesOf(a), shapesOf(b)
	for _, p := range sa.points {
		if !pointMeets(p, sb) {
			return false
		}
	}
	segs := func(l []orb.Point, f func(p, q orb.Point) bool) bool {
		for i := 1; i < len(l); i++ {
			if !f(l[i-1], l[i]) {
				return false
			}
		}
		return true
	}
	segWithin := func(p, q orb.Point) bool {
		if !pointMeets(p, sb) || !pointMeets(q, sb) || !pointMeets(orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}, sb) {
			return false
		}
		for _, poly := range sb.polys {
			for _, r := range poly {
				for i := 1; i < len(r); i++ {
					if segmentsCross(p, q, r[i-1], r[i]) {
						return false
					}
				}
			}
		}
		return true
	}
	for _, l := range sa.lines {
		if !segs(l, segWithin) {
			return false
		}
	}
	for _, poly := range sa.polys {
		for _, r := range poly {
			if !segs(r, segWithin) {
				return false
			}
		}
		for _, q := range sb.polys {
			for _, r := range q {
				for _, v := range r {
					if in, on := pointInRing(v, poly[0]); in && !on && pointInPolygon(v, poly) {
						onHole := false
						for _, h := range poly[1:] {
							if _, o := pointInRing(v, h); o {
								onHole = true
							}
						}
						if !onHole {
							return false
						}
					}
				}
			}
		}
	}
	return len(sa.points)+len(sa.lines)+len(sa.polys) > 0
}
