package geocatalog

import (
	"context"
	"net/http"
)

// GetPointOptions are the optional parameters of GetPoint (for
// MosaicParams and CollectionFilter, see GetTileOptions).
type GetPointOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	// CoordCRS is the CRS of longitude/latitude ("coord_crs"; default WGS84).
	CoordCRS string
}

// GetPointResponse is the result of GetPoint.
type GetPointResponse struct {
	Point
}

// pointPath is {base}/point/{lon},{lat}[/assets]; the earlier search layout
// only has {base}/{lon},{lat}/assets. A location in WGS84 (crs) is
// range-checked first.
func (t *dataTarget) pointPath(lon, lat float64, crs string, assets bool) pathFunc {
	return func(op, b string) (string, error) {
		if err := checkDataPoint(op, crs, lon, lat); err != nil {
			return "", err
		}
		coords := formatFloat(lon) + "," + formatFloat(lat)
		if t.d.preGA() && t.kind == targetSearch {
			if !assets {
				return "", t.d.notInVersion(op)
			}
			return b + "/" + coords + "/assets", nil
		}
		p := b + "/point/" + coords
		if assets {
			p += "/assets"
		}
		return p, nil
	}
}

// GetPoint returns every band's value at a location. A location without
// data is a 404 (IsNotFound). A WGS84 location (no CoordCRS, or WGS84) out
// of range is an *InvalidArgumentError, and nothing is sent; in another
// CoordCRS it is not range-checked.
func (t *dataTarget) GetPoint(ctx context.Context, longitude, latitude float64, options *GetPointOptions) (GetPointResponse, error) {
	o := orZero(options)
	var resp GetPointResponse
	err := t.call("GetPoint", http.MethodGet, t.pointPath(longitude, latitude, o.CoordCRS, false), nil,
		&o.RenderParams, &o.DatasetParams, &o.MosaicParams, &o.CollectionFilter, stringParam{"coord_crs", o.CoordCRS}).decode(ctx, &resp.Point)
	return resp, err
}
