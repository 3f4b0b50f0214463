package store

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// item is one stored item document and the fixed-size part of it that
// search reads on every candidate: times as Unix nanoseconds, the geometry's
// bound and, for the usual one-ring polygon, its points. Properties and
// other geometries are read from the document when a query needs them.
// Records are immutable once indexed; a replace makes a new record and
// marks the old dead.
type item struct {
	coll, id string
	doc      []byte

	// dtNs is the sort datetime (datetime, else start_datetime); startNs and
	// endNs the item's time range (both dtNs for an instant), in Unix
	// nanoseconds clamped to the int64 range (flagClamped when one was).
	dtNs, startNs, endNs int64

	bound orb.Bound // of the geometry (or the bbox when geometry is null)
	// ring is the outer ring when the geometry is one polygon without holes
	// (most items), so exact tests need no decoding; nil otherwise.
	ring orb.LineString

	// propsOff is the offset of the properties object in doc (0 for none).
	propsOff uint32

	flags itemFlags
}

type itemFlags uint8

const (
	flagHasDT    itemFlags = 1 << iota // datetime or start_datetime is set
	flagDTProp                         // the datetime property itself is set
	flagHasGeo                         // geometry (or bbox) is set
	flagRect                           // the geometry is exactly its bound
	flagClamped                        // a time lies outside 1678-2262
	flagDupProps                       // a property name repeats
	flagDead                           // replaced or deleted
)

func (it *item) has(f itemFlags) bool { return it.flags&f != 0 }
func (it *item) hasDT() bool          { return it.has(flagHasDT) }
func (it *item) dead() bool           { return it.has(flagDead) }

// parsedItem is what newItem reads of a document beyond the stored record.
type parsedItem struct {
	dt, start, end time.Time
	geo            *geomOperand
}

// newItem indexes an item document. It rejects documents that are not JSON
// objects and geometries or datetimes that cannot be read.
func newItem(coll, id string, doc []byte) (*item, error) {
	if !json.Valid(doc) {
		return nil, fmt.Errorf("store: item %q is not valid JSON", id)
	}
	it := &item{coll: coll, id: id, doc: doc}
	p, err := it.parse()
	if err != nil {
		return nil, err
	}
	it.dtNs, it.startNs, it.endNs = unixNano(p.dt), unixNano(p.start), unixNano(p.end)
	for _, t := range [...]time.Time{p.dt, p.start, p.end} {
		if t.Before(minNanoTime) || t.After(maxNanoTime) {
			it.flags |= flagClamped
		}
	}
	if g := p.geo; g != nil {
		it.flags |= flagHasGeo
		it.bound = g.bound
		if g.rect {
			it.flags |= flagRect
		}
		if poly, ok := g.g.(orb.Polygon); ok && len(poly) == 1 {
			it.ring = orb.LineString(slices.Clone(poly[0]))
		}
	}
	return it, nil
}

// parse reads the document: the properties' offsets and datetime flags are
// set on it, the times and the geometry returned.
func (it *item) parse() (parsedItem, error) {
	var out parsedItem
	doc, id := it.doc, it.id
	var geomRaw, bboxRaw []byte
	off := 0
	err := eachMemberAt(doc, func(k []byte, v0, v1 int) error {
		switch string(k) {
		case `"geometry"`:
			geomRaw = doc[v0:v1]
		case `"bbox"`:
			bboxRaw = doc[v0:v1]
		case `"properties"`:
			off = v0
			it.propsOff = uint32(v0)
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("store: item %q is not a JSON object", id)
	}
	if off > 0 && doc[off] != '{' {
		it.propsOff = 0
	}
	if it.propsOff > 0 {
		ps, err := scanProps(it.propsRaw())
		if err != nil {
			return out, fmt.Errorf("store: item %q: bad properties: %w", id, err)
		}
		if ps.repeats() {
			it.flags |= flagDupProps
		}
	}
	if len(geomRaw) > 0 && string(geomRaw) != "null" {
		g, err := parseGeometry("geometry", geomRaw)
		if err != nil {
			return out, fmt.Errorf("store: item %q: %w", id, err)
		}
		out.geo = newGeomOperand(g)
	} else if len(bboxRaw) > 0 {
		var bb []float64
		if json.Unmarshal(bboxRaw, &bb) == nil && (len(bb) == 4 || len(bb) == 6) {
			minX, minY, maxX, maxY := bboxCorners(bb)
			out.geo = newGeomOperand(bboxGeometry(minX, minY, maxX, maxY))
		}
	}
	str := func(key string) (string, bool) {
		v, _ := it.prop(key)
		s, ok := v.(string)
		return s, ok
	}
	if s, ok := str("datetime"); ok {
		if out.dt, err = parseTime(s); err != nil {
			return out, fmt.Errorf("store: item %q: datetime %q is not RFC 3339", id, s)
		}
		it.flags |= flagHasDT | flagDTProp
		out.start, out.end = out.dt, out.dt
	}
	if s, ok := str("start_datetime"); ok {
		if out.start, err = parseTime(s); err != nil {
			return out, fmt.Errorf("store: item %q: start_datetime %q is not RFC 3339", id, s)
		}
		if !it.hasDT() {
			out.dt, out.end = out.start, out.start
			it.flags |= flagHasDT
		}
	}
	if s, ok := str("end_datetime"); ok {
		if out.end, err = parseTime(s); err != nil {
			return out, fmt.Errorf("store: item %q: end_datetime %q is not RFC 3339", id, s)
		}
	}
	return out, nil
}

// propsRaw starts at the item's properties object (and runs to the end of
// the document: the member scanners stop at the object's end); nil when it
// has none.
func (it *item) propsRaw() []byte {
	if it.propsOff == 0 {
		return nil
	}
	return it.doc[it.propsOff:]
}

// prop returns a property decoded (numbers as float64), as
// encoding/json would: the last member of a repeated name.
func (it *item) prop(key string) (any, bool) {
	raw := it.propsRaw()
	if raw == nil {
		return nil, false
	}
	return propOf(raw, key, it.has(flagDupProps))
}

// times returns the item's sort datetime and time range exactly.
func (it *item) times() (dt, start, end time.Time) {
	if !it.has(flagClamped) {
		return nsTime(it.dtNs), nsTime(it.startNs), nsTime(it.endNs)
	}
	cp := *it
	p, _ := cp.parse() // parsed once at insert: cannot fail
	return p.dt, p.start, p.end
}

func nsTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// geom returns the item's geometry prepared for tests, nil for none. It is
// decoded from the document: only the bound and the one-ring polygon are kept.
func (it *item) geom() *geomOperand {
	if !it.has(flagHasGeo) {
		return nil
	}
	if it.ring != nil {
		return newGeomOperand(orb.Polygon{orb.Ring(it.ring)})
	}
	cp := *it
	p, _ := cp.parse()
	return p.geo
}

// unixNano is t in Unix nanoseconds, clamped to the int64 range (years
// 1678 to 2262 are exact).
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(minNanoTime):
		return math.MinInt64 + 1
	case t.After(maxNanoTime):
		return math.MaxInt64 - 1
	}
	return t.UnixNano()
}

var (
	minNanoTime = time.Unix(0, math.MinInt64+1)
	maxNanoTime = time.Unix(0, math.MaxInt64-1)
)

// nsInterval is a closed interval in Unix nanoseconds; open ends are the
// extreme int64 values.
type nsInterval struct{ start, end int64 }

func toNsInterval(iv *TimeInterval) nsInterval {
	out := nsInterval{start: math.MinInt64, end: math.MaxInt64}
	if !iv.Start.IsZero() {
		out.start = unixNano(iv.Start)
	}
	if !iv.End.IsZero() {
		out.end = unixNano(iv.End)
	}
	return out
}

// defaultCmp is the default order: datetime descending (items without a
// datetime last), then id, then collection ascending.
func defaultCmp(a, b *item) int {
	if a.hasDT() != b.hasDT() {
		if a.hasDT() {
			return -1
		}
		return 1
	}
	if a.dtNs != b.dtNs {
		if a.dtNs > b.dtNs {
			return -1
		}
		return 1
	}
	if a.hasDT() && (a.has(flagClamped) || b.has(flagClamped)) { // before 1678, after 2262
		da, _, _ := a.times()
		db, _, _ := b.times()
		if c := db.Compare(da); c != 0 {
			return c
		}
	}
	if a.id != b.id {
		if a.id < b.id {
			return -1
		}
		return 1
	}
	if a.coll != b.coll {
		if a.coll < b.coll {
			return -1
		}
		return 1
	}
	return 0
}
