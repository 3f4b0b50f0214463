package store

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
)

// Planar geometry predicates on orb types, in longitude/latitude degrees as
// the STAC API does (no geodesic edges). Boundaries are closed: touching
// counts as intersecting.

// shapes is a geometry broken into its primitives, with their bounds.
type shapes struct {
	points []orb.Point
	lines  []lineShape
	polys  []polyShape
}

type lineShape struct {
	pts   orb.LineString
	bound orb.Bound
}

type polyShape struct {
	rings []lineShape // rings[0] is the outer ring, then holes
	bound orb.Bound
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
		s.lines = append(s.lines, lineShape{pts: l, bound: l.Bound()})
	}
}

func (s *shapes) addPoly(p orb.Polygon) {
	if len(p) == 0 || len(p[0]) == 0 {
		return
	}
	ps := polyShape{rings: make([]lineShape, 0, len(p))}
	for _, r := range p {
		if len(r) > 0 {
			ps.rings = append(ps.rings, lineShape{pts: orb.LineString(r), bound: r.Bound()})
		}
	}
	ps.bound = ps.rings[0].bound
	s.polys = append(s.polys, ps)
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
		for _, p := range l.pts {
			if !finite(p) {
				return errors.New("coordinates must be finite numbers")
			}
		}
	}
	for _, poly := range s.polys {
		for _, r := range poly.rings {
			if len(r.pts) < 4 {
				return errors.New("a polygon ring needs at least 4 positions")
			}
			for _, p := range r.pts {
				if !finite(p) {
					return errors.New("coordinates must be finite numbers")
				}
			}
		}
	}
	return nil
}

// geomOperand is a geometry prepared for repeated tests.
type geomOperand struct {
	g     orb.Geometry
	bound orb.Bound
	shp   *shapes
	rect  bool // g is exactly its bound
}

func newGeomOperand(g orb.Geometry) *geomOperand {
	b := g.Bound()
	return &geomOperand{g: g, bound: b, shp: shapesOf(g), rect: isRectangle(g, b)}
}

// meets reports whether the operands intersect, skipping the exact test when
// one is a rectangle and the other's bound lies inside it or is a rectangle.
func (a *geomOperand) meets(b *geomOperand) bool {
	if a == nil || b == nil || !boundsMeet(a.bound, b.bound) {
		return false
	}
	if (a.rect && (b.rect || boundWithin(b.bound, a.bound))) || (b.rect && boundWithin(a.bound, b.bound)) {
		return true
	}
	return shapesIntersect(a.shp, b.shp)
}

func boundWithin(a, b orb.Bound) bool {
	return a.Min[0] >= b.Min[0] && a.Max[0] <= b.Max[0] && a.Min[1] >= b.Min[1] && a.Max[1] <= b.Max[1]
}

func boundsMeet(a, b orb.Bound) bool {
	return a.Min[0] <= b.Max[0] && b.Min[0] <= a.Max[0] && a.Min[1] <= b.Max[1] && b.Min[1] <= a.Max[1]
}

func boundContains(b orb.Bound, p orb.Point) bool {
	return b.Min[0] <= p[0] && p[0] <= b.Max[0] && b.Min[1] <= p[1] && p[1] <= b.Max[1]
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
	for i := range a.lines {
		if lineMeets(&a.lines[i], b) {
			return true
		}
	}
	for i := range b.lines {
		for j := range a.polys {
			if linePolygonMeet(&b.lines[i], &a.polys[j]) {
				return true
			}
		}
	}
	for i := range a.polys {
		for j := range b.polys {
			if polygonsMeet(&a.polys[i], &b.polys[j]) {
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
		if !boundContains(l.bound, p) {
			continue
		}
		for i := 1; i < len(l.pts); i++ {
			if onSegment(p, l.pts[i-1], l.pts[i]) {
				return true
			}
		}
	}
	for i := range s.polys {
		if pointInPolygon(p, &s.polys[i]) {
			return true
		}
	}
	return false
}

// lineMeets: line l against the lines and polygons of s (points are done).
func lineMeets(l *lineShape, s *shapes) bool {
	for i := range s.lines {
		if linesMeet(l, &s.lines[i]) {
			return true
		}
	}
	for i := range s.polys {
		if linePolygonMeet(l, &s.polys[i]) {
			return true
		}
	}
	return false
}

func linesMeet(a, b *lineShape) bool {
	if !boundsMeet(a.bound, b.bound) {
		return false
	}
	for i := 1; i < len(a.pts); i++ {
		for j := 1; j < len(b.pts); j++ {
			if segmentsMeet(a.pts[i-1], a.pts[i], b.pts[j-1], b.pts[j]) {
				return true
			}
		}
	}
	return false
}

func linePolygonMeet(l *lineShape, poly *polyShape) bool {
	if !boundsMeet(l.bound, poly.bound) {
		return false
	}
	for i := range poly.rings {
		if linesMeet(l, &poly.rings[i]) {
			return true
		}
	}
	return pointInPolygon(l.pts[0], poly)
}

// polygonsMeet: boundaries cross, or (no crossing) one lies inside the other,
// which a vertex of some ring then shows.
func polygonsMeet(a, b *polyShape) bool {
	if !boundsMeet(a.bound, b.bound) {
		return false
	}
	// Vertex tests first: they settle the common case of one polygon inside
	// the other cheaply.
	for _, r := range a.rings {
		if pointInPolygon(r.pts[0], b) {
			return true
		}
	}
	for _, r := range b.rings {
		if pointInPolygon(r.pts[0], a) {
			return true
		}
	}
	for i := range a.rings {
		for j := range b.rings {
			if linesMeet(&a.rings[i], &b.rings[j]) {
				return true
			}
		}
	}
	return false
}

// pointInPolygon: p is in the closed polygon (on any boundary counts; inside
// a hole does not).
func pointInPolygon(p orb.Point, poly *polyShape) bool {
	if !boundContains(poly.bound, p) {
		return false
	}
	in, on := pointInRing(p, poly.rings[0].pts)
	if on {
		return true
	}
	if !in {
		return false
	}
	for _, hole := range poly.rings[1:] {
		if !boundContains(hole.bound, p) {
			continue
		}
		in, on := pointInRing(p, hole.pts)
		if on {
			return true
		}
		if in {
			return false
		}
	}
	return true
}

// pointInRing returns whether p is strictly inside the closed ring r, and
// whether it is on r.
func pointInRing(p orb.Point, r orb.LineString) (inside, onBoundary bool) {
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
	lineWithin := func(l orb.LineString) bool {
		for i := 1; i < len(l); i++ {
			p, q := l[i-1], l[i]
			if !pointMeets(p, sb) || !pointMeets(q, sb) || !pointMeets(orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}, sb) {
				return false
			}
			for _, poly := range sb.polys {
				for _, r := range poly.rings {
					for j := 1; j < len(r.pts); j++ {
						if segmentsCross(p, q, r.pts[j-1], r.pts[j]) {
							return false
						}
					}
				}
			}
		}
		return true
	}
	for _, l := range sa.lines {
		if !lineWithin(l.pts) {
			return false
		}
	}
	for i := range sa.polys {
		poly := &sa.polys[i]
		for _, r := range poly.rings {
			if !lineWithin(r.pts) {
				return false
			}
		}
		// A boundary of b strictly inside poly leaves part of poly outside b.
		for _, q := range sb.polys {
			for _, r := range q.rings {
				for _, v := range r.pts {
					if strictlyInside(v, poly) {
						return false
					}
				}
			}
		}
	}
	return len(sa.points)+len(sa.lines)+len(sa.polys) > 0
}

// strictlyInside: p is in poly and on none of its boundaries.
func strictlyInside(p orb.Point, poly *polyShape) bool {
	in, on := pointInRing(p, poly.rings[0].pts)
	if !in || on {
		return false
	}
	for _, h := range poly.rings[1:] {
		in, on := pointInRing(p, h.pts)
		if in || on {
			return false
		}
	}
	return true
}
