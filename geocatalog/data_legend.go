package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// LegendOptions are the optional parameters of legends. Height and Width
// apply to the colormap legend image only.
type LegendOptions struct {
	// Height and Width are the size of the legend image in pixels.
	Height, Width int
	// TrimStart and TrimEnd drop that many entries from the start and end of
	// the colormap ("trim_start", "trim_end").
	TrimStart, TrimEnd int
}

func (o *LegendOptions) query(image bool) url.Values {
	q := url.Values{}
	if o == nil {
		return q
	}
	if image {
		addInt(q, "height", o.Height)
		addInt(q, "width", o.Width)
	}
	addInt(q, "trim_start", o.TrimStart)
	addInt(q, "trim_end", o.TrimEnd)
	return q
}

func legendPath(op, kind, name string) (string, error) {
	if name == "" {
		return "", &InvalidArgumentError{Op: op, Param: "name", Reason: "must not be empty"}
	}
	return "/data/legend/" + kind + "/" + url.PathEscape(name), nil
}

// ColormapLegendURL returns the URL of the PNG legend of a named colormap.
func (d *DataClient) ColormapLegendURL(colormapName string, opts *LegendOptions) (string, error) {
	p, err := legendPath("ColormapLegendURL", "colormap", colormapName)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query(true))
}

// GetColormapLegend fetches the PNG legend of a named colormap.
func (d *DataClient) GetColormapLegend(ctx context.Context, colormapName string, opts *LegendOptions) (*ImageResponse, error) {
	p, err := legendPath("GetColormapLegend", "colormap", colormapName)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(true), nil)
}

// GetIntervalLegend returns the value intervals and colours of an interval classmap.
func (d *DataClient) GetIntervalLegend(ctx context.Context, classmapName string, opts *LegendOptions) (IntervalLegend, error) {
	p, err := legendPath("GetIntervalLegend", "interval", classmapName)
	if err != nil {
		return nil, err
	}
	var out IntervalLegend
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(false), nil, &out)
}

// GetClassmapLegend returns the class values and colours of a classmap.
func (d *DataClient) GetClassmapLegend(ctx context.Context, classmapName string, opts *LegendOptions) (ClassmapLegend, error) {
	p, err := legendPath("GetClassmapLegend", "classmap", classmapName)
	if err != nil {
		return nil, err
	}
	var out ClassmapLegend
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(false), nil, &out)
}

// ListTileMatrixSets returns the ids of the tile matrix sets the tiler knows.
func (d *DataClient) ListTileMatrixSets(ctx context.Context) ([]string, error) {
	var out []string
	return out, d.fetchJSON(ctx, http.MethodGet, "/data/tile-matrix-sets", nil, nil, &out)
}

// GetTileMatrixSet returns the definition of a tile matrix set.
func (d *DataClient) GetTileMatrixSet(ctx context.Context, tileMatrixSetID string) (*TileMatrixSet, error) {
	if tileMatrixSetID == "" {
		return nil, &InvalidArgumentError{Op: "GetTileMatrixSet", Param: "tileMatrixSetID", Reason: "must not be empty"}
	}
	var out TileMatrixSet
	return &out, d.fetchJSON(ctx, http.MethodGet, "/data/tile-matrix-sets/"+url.PathEscape(tileMatrixSetID), nil, nil, &out)
}
