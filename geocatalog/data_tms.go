package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// ListTileMatrixSetsOptions are the optional parameters of
// ListTileMatrixSets, reserved for future use.
type ListTileMatrixSetsOptions struct{}

// ListTileMatrixSetsResponse is the result of ListTileMatrixSets.
type ListTileMatrixSetsResponse struct {
	// IDs are the ids of the tile matrix sets the tiler knows.
	IDs []string
}

// ListTileMatrixSets returns the ids of the tile matrix sets the tiler knows.
func (d *DataClient) ListTileMatrixSets(ctx context.Context, options *ListTileMatrixSetsOptions) (ListTileMatrixSetsResponse, error) {
	var resp ListTileMatrixSetsResponse
	err := d.newCall(http.MethodGet, "/data/tile-matrix-sets", nil, nil).decode(ctx, &resp.IDs)
	return resp, err
}

// GetTileMatrixSetOptions are the optional parameters of GetTileMatrixSet,
// reserved for future use.
type GetTileMatrixSetOptions struct{}

// GetTileMatrixSetResponse is the result of GetTileMatrixSet.
type GetTileMatrixSetResponse struct {
	TileMatrixSet
}

// GetTileMatrixSet returns the definition of a tile matrix set.
func (d *DataClient) GetTileMatrixSet(ctx context.Context, tileMatrixSetID string, options *GetTileMatrixSetOptions) (GetTileMatrixSetResponse, error) {
	var resp GetTileMatrixSetResponse
	if tileMatrixSetID == "" {
		return resp, invalid("Data.GetTileMatrixSet", "tileMatrixSetID", "must not be empty")
	}
	err := d.newCall(http.MethodGet, "/data/tile-matrix-sets/"+url.PathEscape(tileMatrixSetID), nil, nil).decode(ctx, &resp.TileMatrixSet)
	return resp, err
}
