package geocatalog

import (
	"context"
	"net/http"
)

// The operations of collection and search mosaics only: which items cover
// a point, a tile or a bbox, and the search behind the mosaic.

// mosaicTarget is a collection or search mosaic: the operations every
// target has, and those of mosaics.
type mosaicTarget struct {
	dataTarget
}

// GetPointAssetsOptions are the optional parameters of GetPointAssets
// (CollectionFilter: collection mosaics only).
type GetPointAssetsOptions struct {
	DatasetParams
	MosaicParams
	CollectionFilter
	// CoordCRS is the CRS of the point or bbox coordinates ("coord_crs").
	CoordCRS string
}

// GetTileAssetsOptions are the optional parameters of GetTileAssets: those
// of GetPointAssets.
type GetTileAssetsOptions GetPointAssetsOptions

// GetBBoxAssetsOptions are the optional parameters of GetBBoxAssets: those
// of GetPointAssets.
type GetBBoxAssetsOptions GetPointAssetsOptions

// GetPointAssetsResponse is the result of GetPointAssets.
type GetPointAssetsResponse struct {
	// Items are the items (and their assets) that cover the point.
	Items []MosaicItem
}

// GetTileAssetsResponse is the result of GetTileAssets.
type GetTileAssetsResponse struct {
	// Items are the items (and their assets) that cover the tile.
	Items []MosaicItem
}

// GetBBoxAssetsResponse is the result of GetBBoxAssets.
type GetBBoxAssetsResponse struct {
	// Items are the items (and their assets) that intersect the bbox.
	Items []MosaicItem
}

// assets lists the items of the mosaic under path.
func (m *mosaicTarget) assets(ctx context.Context, name string, path pathFunc, o *GetPointAssetsOptions) ([]MosaicItem, error) {
	o = orZero(o)
	var items []MosaicItem
	err := m.call(name, http.MethodGet, path, nil, &o.DatasetParams, &o.MosaicParams, &o.CollectionFilter, stringParam{"coord_crs", o.CoordCRS}).decode(ctx, &items)
	return items, err
}

// GetPointAssets lists the items (and their assets) of the mosaic that
// cover a location. A WGS84 location (no CoordCRS, or WGS84) out of range
// is an *InvalidArgumentError, and nothing is sent; in another CoordCRS it
// is not range-checked.
func (m *mosaicTarget) GetPointAssets(ctx context.Context, longitude, latitude float64, options *GetPointAssetsOptions) (GetPointAssetsResponse, error) {
	items, err := m.assets(ctx, "GetPointAssets", m.pointPath(longitude, latitude, orZero(options).CoordCRS, true), options)
	return GetPointAssetsResponse{Items: items}, err
}

// GetTileAssets lists the items of the mosaic that cover a tile (Scale and
// Format of tile are ignored).
func (m *mosaicTarget) GetTileAssets(ctx context.Context, tile Tile, options *GetTileAssetsOptions) (GetTileAssetsResponse, error) {
	tile.Scale = 0 // not part of the route
	path := func(op, b string) (string, error) {
		seg, err := tileSegments(op, tile)
		return b + seg + "/assets", err
	}
	items, err := m.assets(ctx, "GetTileAssets", path, (*GetPointAssetsOptions)(options))
	return GetTileAssetsResponse{Items: items}, err
}

// GetBBoxAssets lists the items of the mosaic that intersect a bbox (GA
// api-version only). A WGS84 bbox (no CoordCRS, or WGS84) out of range is
// an *InvalidArgumentError wrapping a *stac.ValidationError, and nothing is
// sent; in another CoordCRS it is not range-checked.
func (m *mosaicTarget) GetBBoxAssets(ctx context.Context, bbox BBox, options *GetBBoxAssetsOptions) (GetBBoxAssetsResponse, error) {
	items, err := m.assets(ctx, "GetBBoxAssets", m.bboxPath(bbox, orZero(options).CoordCRS, CropSize{}, true), (*GetPointAssetsOptions)(options))
	return GetBBoxAssetsResponse{Items: items}, err
}

// GetSearchInfoOptions are the optional parameters of GetSearchInfo,
// reserved for future use.
type GetSearchInfoOptions struct{}

// GetSearchInfoResponse is the result of GetSearchInfo.
type GetSearchInfoResponse struct {
	SearchInfo
}

// GetSearchInfo returns the search behind the mosaic: the registered
// search, or the one that backs a collection mosaic.
func (m *mosaicTarget) GetSearchInfo(ctx context.Context, options *GetSearchInfoOptions) (GetSearchInfoResponse, error) {
	var resp GetSearchInfoResponse
	err := m.call("GetSearchInfo", http.MethodGet, m.sub("info", false), nil).decode(ctx, &resp.SearchInfo)
	return resp, err
}
