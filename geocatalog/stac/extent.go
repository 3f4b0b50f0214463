package stac

import (
	"encoding/json"
	"time"
)

// Extent is the spatial and temporal extent of a [Collection].
type Extent struct {
	Spatial  SpatialExtent  // "spatial"
	Temporal TemporalExtent // "temporal"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage

	noSpatial, noTemporal bool
}

// SpatialExtent lists bounding boxes: the first covers everything, the others
// are sub-extents.
type SpatialExtent struct {
	BBox [][]float64 // "bbox"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// TemporalExtent lists time intervals; a nil bound is open (JSON null).
type TemporalExtent struct {
	Interval [][2]*time.Time // "interval"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage

	read [][2]readTime
}

// NewExtent returns an extent of one bounding box and one interval; nil
// bounds are open.
func NewExtent(bbox []float64, start, end *time.Time) Extent {
	return Extent{
		Spatial:  SpatialExtent{BBox: [][]float64{bbox}},
		Temporal: TemporalExtent{Interval: [][2]*time.Time{{cloneTime(start), cloneTime(end)}}},
	}
}

// Clone returns a deep copy of e.
func (e Extent) Clone() Extent {
	c := e
	c.Extra = cloneExtra(e.Extra)
	c.Spatial.Extra = cloneExtra(e.Spatial.Extra)
	if e.Spatial.BBox != nil {
		c.Spatial.BBox = make([][]float64, len(e.Spatial.BBox))
		for i, b := range e.Spatial.BBox {
			c.Spatial.BBox[i] = append([]float64(nil), b...)
		}
	}
	c.Temporal.Extra = cloneExtra(e.Temporal.Extra)
	if e.Temporal.Interval != nil {
		c.Temporal.Interval = make([][2]*time.Time, len(e.Temporal.Interval))
		for i, iv := range e.Temporal.Interval {
			c.Temporal.Interval[i] = [2]*time.Time{cloneTime(iv[0]), cloneTime(iv[1])}
		}
	}
	c.Temporal.read = append([][2]readTime(nil), e.Temporal.read...)
	return c
}

func (e Extent) isZero() bool {
	return e.Spatial.isZero() && e.Temporal.isZero() && e.Extra == nil
}

func (s SpatialExtent) isZero() bool  { return s.BBox == nil && s.Extra == nil }
func (t TemporalExtent) isZero() bool { return t.Interval == nil && t.Extra == nil }

// MarshalJSON encodes the extent.
func (e Extent) MarshalJSON() ([]byte, error) { return e.appendJSON(nil) }

func (e Extent) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	_, xs := e.Extra["spatial"]
	writeSpatial := !e.Spatial.isZero() || (!xs && !e.noSpatial)
	if writeSpatial {
		w.value("spatial", e.Spatial)
	}
	_, xt := e.Extra["temporal"]
	writeTemporal := !e.Temporal.isZero() || (!xt && !e.noTemporal)
	if writeTemporal {
		w.value("temporal", e.Temporal)
	}
	w.extra(e.Extra, func(k string) bool {
		return (k == "spatial" && writeSpatial) || (k == "temporal" && writeTemporal)
	})
	return w.end()
}

// UnmarshalJSON decodes the extent.
func (e *Extent) UnmarshalJSON(data []byte) error { return e.decode(data, rawKeeper{}) }

func (e *Extent) decode(data []byte, k rawKeeper) error {
	*e = Extent{noSpatial: true, noTemporal: true}
	r := newObjectReader(data)
	for r.next() {
		switch string(r.key) {
		case "spatial":
			if isObject(r.val) {
				if err := e.Spatial.decode(r.val, k); err != nil {
					return err
				}
				e.noSpatial = false
				continue
			}
		case "temporal":
			if isObject(r.val) {
				if err := e.Temporal.decode(r.val, k); err != nil {
					return err
				}
				e.noTemporal = false
				continue
			}
		}
		k.putExtra(&e.Extra, r.key, r.val)
	}
	return r.err
}

// MarshalJSON encodes the spatial extent.
func (s SpatialExtent) MarshalJSON() ([]byte, error) { return s.appendJSON(nil) }

func (s SpatialExtent) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	if s.BBox != nil {
		w.key("bbox")
		w.b = append(w.b, '[')
		for i, bb := range s.BBox {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			var err error
			w.b, err = appendFloats(w.b, bb)
			w.setErr(err)
		}
		w.b = append(w.b, ']')
	}
	w.extra(s.Extra, func(k string) bool { return k == "bbox" && s.BBox != nil })
	return w.end()
}

// UnmarshalJSON decodes the spatial extent.
func (s *SpatialExtent) UnmarshalJSON(data []byte) error { return s.decode(data, rawKeeper{}) }

func (s *SpatialExtent) decode(data []byte, k rawKeeper) error {
	*s = SpatialExtent{}
	r := newObjectReader(data)
	for r.next() {
		if string(r.key) == "bbox" {
			if v, ok := decodeBBoxes(r.val); ok {
				s.BBox = v
				continue
			}
		}
		k.putExtra(&s.Extra, r.key, r.val)
	}
	return r.err
}

func decodeBBoxes(raw []byte) ([][]float64, bool) {
	if !isArray(raw) {
		return nil, false
	}
	out := [][]float64{}
	r := newArrayReader(raw)
	for r.next() {
		v, ok := decodeFloats(r.val)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, r.err == nil
}

// MarshalJSON encodes the temporal extent.
func (t TemporalExtent) MarshalJSON() ([]byte, error) { return t.appendJSON(nil) }

func (t TemporalExtent) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	if t.Interval != nil {
		w.key("interval")
		w.b = append(w.b, '[')
		for i, iv := range t.Interval {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, '[')
			for j, bound := range iv {
				if j > 0 {
					w.b = append(w.b, ',')
				}
				if bound == nil {
					w.b = append(w.b, "null"...)
					continue
				}
				var rt readTime
				if i < len(t.read) {
					rt = t.read[i][j]
				}
				w.b = appendString(w.b, rt.format(*bound))
			}
			w.b = append(w.b, ']')
		}
		w.b = append(w.b, ']')
	}
	w.extra(t.Extra, func(k string) bool { return k == "interval" && t.Interval != nil })
	return w.end()
}

// UnmarshalJSON decodes the temporal extent.
func (t *TemporalExtent) UnmarshalJSON(data []byte) error { return t.decode(data, rawKeeper{}) }

func (t *TemporalExtent) decode(data []byte, k rawKeeper) error {
	*t = TemporalExtent{}
	r := newObjectReader(data)
	for r.next() {
		if string(r.key) == "interval" {
			if iv, read, ok := decodeIntervals(r.val); ok {
				t.Interval, t.read = iv, read
				continue
			}
		}
		k.putExtra(&t.Extra, r.key, r.val)
	}
	return r.err
}

func decodeIntervals(raw []byte) ([][2]*time.Time, [][2]readTime, bool) {
	if !isArray(raw) {
		return nil, nil, false
	}
	out := [][2]*time.Time{}
	var read [][2]readTime
	r := newArrayReader(raw)
	for r.next() {
		var iv [2]*time.Time
		var rt [2]readTime
		n := 0
		br := newArrayReader(r.val)
		for br.next() {
			if n >= 2 {
				return nil, nil, false
			}
			if !isNull(br.val) {
				s, ok := decodeString(br.val)
				if !ok {
					return nil, nil, false
				}
				tm, err := ParseTime(s)
				if err != nil {
					return nil, nil, false
				}
				iv[n] = &tm
				rt[n] = readTime{text: s, t: tm}
			}
			n++
		}
		if br.err != nil || n != 2 {
			return nil, nil, false
		}
		out = append(out, iv)
		read = append(read, rt)
	}
	return out, read, r.err == nil
}
