package geocatalog

import (
	"fmt"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// The coordinates a Data method sends (a point, a bbox, a feature's
// geometry) are range-checked before sending when they are longitudes and
// latitudes: when the caller names no CRS (the service's default, WGS84) or
// names WGS84. Coordinates in another CRS (CoordCRS, "coord_crs": projected
// metres, for example) are sent unchecked: their ranges are the CRS's.

// isWGS84 reports whether coordinates in crs (empty: the default) are
// longitudes and latitudes: the spellings of WGS84 the service takes for
// coord_crs.
func isWGS84(crs string) bool {
	switch strings.ToLower(strings.TrimSpace(crs)) {
	case "", "epsg:4326", "ogc:crs84", "crs84",
		"http://www.opengis.net/def/crs/epsg/0/4326", "https://www.opengis.net/def/crs/epsg/0/4326",
		"http://www.opengis.net/def/crs/ogc/1.3/crs84", "https://www.opengis.net/def/crs/ogc/1.3/crs84",
		"urn:ogc:def:crs:epsg::4326", "urn:ogc:def:crs:ogc:1.3:crs84":
		return true
	}
	return false
}

// checkDataPoint refuses a WGS84 location out of range (or not finite).
func checkDataPoint(op, crs string, lon, lat float64) error {
	if !isWGS84(crs) {
		return nil
	}
	if !(lon >= -180 && lon <= 180) {
		return invalid(op, "longitude", fmt.Sprintf("%v is outside [-180, 180] (WGS84; set CoordCRS for coordinates in another CRS)", lon))
	}
	if !(lat >= -90 && lat <= 90) {
		return invalid(op, "latitude", fmt.Sprintf("%v is outside [-90, 90] (WGS84; set CoordCRS for coordinates in another CRS)", lat))
	}
	return nil
}

// checkDataBBox refuses a WGS84 bbox out of range (see stac.ValidateBBox; a
// bbox across the antimeridian, west > east, is legal).
func checkDataBBox(op, crs string, bb BBox) error {
	if !isWGS84(crs) {
		return nil
	}
	return checkBBox(op, "bbox", []float64{bb.MinX, bb.MinY, bb.MaxX, bb.MaxY})
}

// checkDataGeometry refuses a WGS84 GeoJSON geometry that is malformed or
// out of range (see stac.ValidateGeometry).
func checkDataGeometry(op, param, crs string, g []byte) error {
	if !isWGS84(crs) {
		return nil
	}
	if err := stac.ValidateGeometry(stac.Geometry(g)); err != nil {
		return &InvalidArgumentError{Op: op, Param: param, Err: err}
	}
	return nil
}
