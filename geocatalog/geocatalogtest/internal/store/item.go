package store

import (
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// item is one stored item document and what search needs of it. Records are
// immutable once indexed; a replace makes a new record and marks the old dead.
type item struct {
	coll, id string
	doc      []byte

	// dt is the sort datetime: datetime, else start_datetime; hasDT false if neither.
	dt    time.Time
	hasDT bool
	// start and end are the item's time range (both dt for an instant).
	start, end time.Time
	// The same three as Unix nanoseconds (clamped), for fast comparisons.
	dtNs, startNs, endNs int64

	geo *geomOperand // nil when the item has no geometry

	props props // scalars decoded once (numbers as float64), arrays and objects raw

	dead bool // replaced or deleted; dropped at the next index compaction
}

// newItem indexes an item document. It rejects documents that are not JSON
// objects and geometries or datetimes that cannot be read.
func newItem(coll, id string, doc []byte) (*item, error) {
	if !json.Valid(doc) {
		return nil, fmt.Errorf("store: item %q is not valid JSON", id)
	}
	var geomRaw, bboxRaw, propsRaw []byte
	err := eachMember(doc, func(k, v []byte) error {
		switch string(k) {
		case `"geometry"`:
			geomRaw = v
		case `"bbox"`:
			bboxRaw = v
		case `"properties"`:
			propsRaw = v
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: item %q is not a JSON object", id)
	}
	it := &item{coll: coll, id: id, doc: doc}
	if len(propsRaw) > 0 && propsRaw[0] == '{' {
		if it.props, err = scanProps(propsRaw); err != nil {
			return nil, fmt.Errorf("store: item %q: bad properties: %w", id, err)
		}
	}
	if len(geomRaw) > 0 && string(geomRaw) != "null" {
		g, err := parseGeometry("geometry", geomRaw)
		if err != nil {
			return nil, fmt.Errorf("store: item %q: %w", id, err)
		}
		it.geo = newGeomOperand(g)
	} else if len(bboxRaw) > 0 {
		var bb []float64
		if json.Unmarshal(bboxRaw, &bb) == nil && (len(bb) == 4 || len(bb) == 6) {
			minX, minY, maxX, maxY := bboxCorners(bb)
			it.geo = newGeomOperand(bboxGeometry(minX, minY, maxX, maxY))
		}
	}
	str := func(key string) (string, bool) {
		v, _ := it.props.get(key)
		s, ok := v.(string)
		return s, ok
	}
	if s, ok := str("datetime"); ok {
		if it.dt, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("store: item %q: datetime %q is not RFC 3339", id, s)
		}
		it.hasDT, it.start, it.end = true, it.dt, it.dt
	}
	if s, ok := str("start_datetime"); ok {
		if it.start, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("store: item %q: start_datetime %q is not RFC 3339", id, s)
		}
		if !it.hasDT {
			it.dt, it.hasDT = it.start, true
			it.end = it.start
		}
	}
	if s, ok := str("end_datetime"); ok {
		if it.end, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("store: item %q: end_datetime %q is not RFC 3339", id, s)
		}
	}
	it.dtNs, it.startNs, it.endNs = unixNano(it.dt), unixNano(it.start), unixNano(it.end)
	return it, nil
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
	if a.hasDT != b.hasDT {
		if a.hasDT {
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
	if c := b.dt.Compare(a.dt); c != 0 { // clamped nanoseconds (before 1678, after 2262)
		return c
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
