package stac

// ValidateBBox checks a bounding box as STAC and the search API define it:
// 4 numbers [west, south, east, north] or 6 with elevations, all finite,
// longitudes in [-180, 180], latitudes in [-90, 90], south <= north, and
// minimum elevation <= maximum. west > east is legal: the box crosses the
// antimeridian. The error is a *ValidationError of kind "bbox".
func ValidateBBox(b []float64) error {
	var ps problems
	checkBBox(&ps, "bbox", b)
	return ps.err("bbox", "")
}

// ValidateGeometry checks a GeoJSON geometry (a search's intersects, an
// item's geometry): a known type with well-formed coordinates, closed
// polygon rings, longitudes in [-180, 180] and latitudes in [-90, 90]. A
// null geometry is an error here. The error is a *ValidationError of kind
// "geometry".
func ValidateGeometry(g Geometry) error {
	var ps problems
	if g.IsNull() {
		ps.add("geometry", "must be a GeoJSON geometry, not null")
	} else {
		checkGeometry(&ps, "geometry", g, false)
	}
	return ps.err("geometry", "")
}
