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

	props map[string]any // decoded once, numbers as float64

	dead bool // replaced or deleted; dropped at the next index compaction
}

type itemJSON struct {
	Geometry   json.RawMessage `json:"geometry"`
	BBox       []float64       `json:"bbox"`
	Properties map[string]any  `json:"properties"`
}

// newItem indexes an item document. It rejects documents that are not JSON
// objects and geometries or datetimes that cannot be read.
func newItem(coll, id string, doc []byte) (*item, error) {
	var d itemJSON
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("store: item %q is not a JSON object: %w", id, err)
	}
	it := &item{coll: coll, id: id, doc: doc, props: d.Properties}
	if len(d.Geometry) > 0 && string(d.Geometry) != "null" {
		g, err := parseGeometry("geometry", d.Geometry)
		if err != nil {
			return nil, fmt.Errorf("store: item %q: %w", id, err)
		}
		it.geo = newGeomOperand(g)
	} else if len(d.BBox) == 4 || len(d.BBox) == 6 {
		minX, minY, maxX, maxY := bboxCorners(d.BBox)
		it.geo = newGeomOperand(bboxGeometry(minX, minY, maxX, maxY))
	}
	var err error
	if s, ok := d.Properties["datetime"].(string); ok {
		if it.dt, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("store: item %q: datetime %q is not RFC 3339", id, s)
		}
		it.hasDT, it.start, it.end = true, it.dt, it.dt
	}
	if s, ok := d.Properties["start_datetime"].(string); ok {
		if it.start, err = parseTime(s); err != nil {
			return nil, fmt.Errorf("store: item %q: start_datetime %q is not RFC 3339", id, s)
		}
		if !it.hasDT {
			it.dt, it.hasDT = it.start, true
			it.end = it.start
		}
	}
	if s, ok := d.Properties["end_datetime"].(string); ok {
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

// overlaps reports whether the item's time range meets iv (closed).
func (it *item) overlaps(iv nsInterval) bool {
	return it.hasDT && it.startNs <= iv.end && it.endNs >= iv.start
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
