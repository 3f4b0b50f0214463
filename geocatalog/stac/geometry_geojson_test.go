package stac_test

import (
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestGeometryGeoJSON checks the GeoJSON encoding of each orb geometry type
// against its RFC 7946 text, and that decoding gives the geometry back.
func TestGeometryGeoJSON(t *testing.T) {
	ring := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}
	for _, tc := range []struct {
		g    orb.Geometry
		want string
		back orb.Geometry // nil: g itself
	}{
		{orb.Point{1.5, -2}, `{"type":"Point","coordinates":[1.5,-2]}`, nil},
		{orb.MultiPoint{{1, 2}, {3, 4}}, `{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}`, nil},
		{orb.LineString{{1, 2}, {3, 1e-7}}, `{"type":"LineString","coordinates":[[1,2],[3,1e-7]]}`, nil},
		{orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, `{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}`, nil},
		{orb.Polygon{ring}, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, nil},
		{ring, `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, orb.Polygon{ring}},
		{orb.MultiPolygon{{ring}, {ring}}, `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]]]]}`, nil},
		{orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{2, 1}}, `{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,1],[0,1],[0,0]]]}`,
			orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{2, 1}}.ToPolygon()},
		{orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}},
			`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}`, nil},
	} {
		g, err := stac.NewGeometry(tc.g)
		if err != nil || string(g) != tc.want {
			t.Errorf("NewGeometry(%#v) = %s, %v, want %s", tc.g, g, err, tc.want)
			continue
		}
		back, err := g.Orb()
		want := tc.back
		if want == nil {
			want = tc.g
		}
		if err != nil || !reflect.DeepEqual(back, want) {
			t.Errorf("Orb(%s) = %#v, %v, want %#v", g, back, err, want)
		}
	}
}

// TestGeometryGeoJSONDecode checks decoding details: extra dimensions are
// dropped, members may come in any order, and bad input is an error.
func TestGeometryGeoJSONDecode(t *testing.T) {
	g, err := stac.Geometry(` { "coordinates" : [1, 2, 30], "bbox": [1,2,1,2], "type" : "Point" } `).Orb()
	if err != nil || g != (orb.Point{1, 2}) {
		t.Errorf("3D point: %#v, %v", g, err)
	}
	for _, bad := range []string{
		`{"type":"Point"}`,
		`{"type":"Point","coordinates":null}`,
		`{"type":"Point","coordinates":[1]}`,
		`{"type":"Point","coordinates":["1",2]}`,
		`{"type":"LineString","coordinates":[1,2]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1]]]}`,
		`{"type":"MultiPolygon","coordinates":[[0,0]]}`,
		`{"type":"GeometryCollection"}`,
		`{"type":"GeometryCollection","geometries":[{"type":"Point"}]}`,
		`{"type":"Blob","coordinates":[]}`,
		`{"type":"Point","coordinates":[1,2]`,
		`[1,2]`,
	} {
		if g, err := stac.Geometry(bad).Orb(); err == nil {
			t.Errorf("Orb(%s) = %#v, want an error", bad, g)
		}
	}
}
