package stac

import (
	"encoding/json"
	"errors"

	"github.com/geocatalog-partner/sdk-go/internal/jsonscan"
	"github.com/paulmach/orb"
)

// Geometry is a GeoJSON geometry object kept as raw JSON, exactly as it was
// read. A nil or "null" Geometry is the JSON null geometry.
//
// Use [Geometry.Orb] to work with it as an [orb.Geometry] and [NewGeometry]
// to build one from an orb geometry.
type Geometry json.RawMessage

// NewGeometry encodes g as a GeoJSON geometry. A nil g gives the null geometry.
func NewGeometry(g orb.Geometry) (Geometry, error) {
	if g == nil {
		return Geometry("null"), nil
	}
	b, err := appendGeometry(nil, g)
	if err != nil {
		return nil, err
	}
	return Geometry(b), nil
}

// MustGeometry is like [NewGeometry] but panics on error. It is meant for
// literals in tests and examples.
func MustGeometry(g orb.Geometry) Geometry {
	geom, err := NewGeometry(g)
	if err != nil {
		panic(err)
	}
	return geom
}

// IsNull reports whether g is the null geometry (nil, empty or "null").
func (g Geometry) IsNull() bool {
	return len(g) == 0 || isNull(trimSpace(g))
}

// Type returns the GeoJSON "type" member of g ("Polygon", ...), or "" for the
// null geometry or when it has none.
func (g Geometry) Type() string {
	if g.IsNull() {
		return ""
	}
	r := newObjectReader(g)
	for r.next() {
		if string(r.key) == "type" {
			s, _ := decodeString(r.val)
			return s
		}
	}
	return ""
}

// ErrNullGeometry is returned by [Geometry.Orb] for the null geometry.
var ErrNullGeometry = errors.New("stac: null geometry")

// Orb decodes g into an [orb.Geometry]: an orb.Point, MultiPoint,
// LineString, MultiLineString, Polygon, MultiPolygon or Collection. It
// returns [ErrNullGeometry] for the null geometry.
func (g Geometry) Orb() (orb.Geometry, error) {
	if g.IsNull() {
		return nil, ErrNullGeometry
	}
	return decodeGeometry(g, 0)
}

// Bound returns the envelope of g.
func (g Geometry) Bound() (orb.Bound, error) {
	o, err := g.Orb()
	if err != nil {
		return orb.Bound{}, err
	}
	return o.Bound(), nil
}

// Clone returns a deep copy of g.
func (g Geometry) Clone() Geometry {
	if g == nil {
		return nil
	}
	return append(Geometry(nil), g...)
}

// MarshalJSON writes g as it is; the nil Geometry is written as null.
func (g Geometry) MarshalJSON() ([]byte, error) {
	if len(g) == 0 {
		return []byte("null"), nil
	}
	return g, nil
}

// UnmarshalJSON keeps a copy of data.
func (g *Geometry) UnmarshalJSON(data []byte) error {
	*g = append(Geometry(nil), data...)
	return nil
}

func trimSpace(b []byte) []byte {
	i, j := 0, len(b)
	for i < j && jsonscan.IsSpace(b[i]) {
		i++
	}
	for j > i && jsonscan.IsSpace(b[j-1]) {
		j--
	}
	return b[i:j]
}
