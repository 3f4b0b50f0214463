package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"
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

	geom  orb.Geometry // nil when the item has no geometry
	bound orb.Bound
	shp   *shapes // geom's primitives
	rect  bool    // geom is exactly its bound

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
		it.geom, it.bound = g, g.Bound()
	} else if len(d.BBox) == 4 || len(d.BBox) == 6 {
		minX, minY, maxX, maxY := bboxCorners(d.BBox)
		g := bboxGeometry(minX, minY, maxX, maxY)
		it.geom, it.bound = g, g.Bound()
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
	if it.geom != nil {
		it.shp, it.rect = shapesOf(it.geom), isRectangle(it.geom, it.bound)
	}
	return it, nil
}

// overlapsInterval reports whether the item's time range meets iv (closed).
func (it *item) overlapsInterval(iv *TimeInterval) bool {
	if !it.hasDT {
		return false
	}
	if !iv.End.IsZero() && it.start.After(iv.End) {
		return false
	}
	if !iv.Start.IsZero() && it.end.Before(iv.Start) {
		return false
	}
	return true
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
	if c := b.dt.Compare(a.dt); c != 0 {
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
