package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// LegendTrimParams trim the entries of a legend.
type LegendTrimParams struct {
	// TrimStart and TrimEnd drop that many entries from the start and end of
	// the colormap ("trim_start", "trim_end").
	TrimStart, TrimEnd int
}

func (p *LegendTrimParams) encode(q url.Values) {
	addInt(q, "trim_start", p.TrimStart)
	addInt(q, "trim_end", p.TrimEnd)
}

// legendPath is /data/legend/{kind}/{name}.
func legendPath(op, kind, param, name string) (string, error) {
	if name == "" {
		return "", invalid(op, param, "must not be empty")
	}
	return "/data/legend/" + kind + "/" + url.PathEscape(name), nil
}

// GetColormapLegendOptions are the optional parameters of GetColormapLegend.
type GetColormapLegendOptions struct {
	// Height and Width are the size of the legend image in pixels.
	Height, Width int
	LegendTrimParams
}

// ColormapLegendURLOptions are the optional parameters of
// ColormapLegendURL: those of GetColormapLegend.
type ColormapLegendURLOptions GetColormapLegendOptions

// GetColormapLegendResponse is the result of GetColormapLegend: the PNG
// image, streamed.
type GetColormapLegendResponse struct {
	Image
}

func (d *DataClient) colormapLegendCall(name, colormapName string, o *GetColormapLegendOptions) dataCall {
	o = orZero(o)
	p, err := legendPath("Data."+name, "colormap", "colormapName", colormapName)
	return d.newCall(http.MethodGet, p, err, nil, intParam{"height", o.Height}, intParam{"width", o.Width}, &o.LegendTrimParams)
}

// ColormapLegendURL returns the URL of the PNG legend of a named colormap.
func (d *DataClient) ColormapLegendURL(colormapName string, options *ColormapLegendURLOptions) (string, error) {
	return d.colormapLegendCall("ColormapLegendURL", colormapName, (*GetColormapLegendOptions)(options)).url()
}

// GetColormapLegend fetches the PNG legend of a named colormap.
func (d *DataClient) GetColormapLegend(ctx context.Context, colormapName string, options *GetColormapLegendOptions) (GetColormapLegendResponse, error) {
	img, err := d.colormapLegendCall("GetColormapLegend", colormapName, options).image(ctx)
	return GetColormapLegendResponse{Image: img}, err
}

// GetIntervalLegendOptions are the optional parameters of GetIntervalLegend.
type GetIntervalLegendOptions struct {
	LegendTrimParams
}

// GetIntervalLegendResponse is the result of GetIntervalLegend.
type GetIntervalLegendResponse struct {
	IntervalLegend
}

// GetIntervalLegend returns the value intervals and colours of an interval classmap.
func (d *DataClient) GetIntervalLegend(ctx context.Context, classmapName string, options *GetIntervalLegendOptions) (GetIntervalLegendResponse, error) {
	var resp GetIntervalLegendResponse
	err := d.legendCall("GetIntervalLegend", "interval", classmapName, &orZero(options).LegendTrimParams).decode(ctx, &resp.IntervalLegend)
	return resp, err
}

// GetClassmapLegendOptions are the optional parameters of
// GetClassmapLegend: those of GetIntervalLegend.
type GetClassmapLegendOptions struct {
	LegendTrimParams
}

// GetClassmapLegendResponse is the result of GetClassmapLegend.
type GetClassmapLegendResponse struct {
	ClassmapLegend
}

// GetClassmapLegend returns the class values and colours of a classmap.
func (d *DataClient) GetClassmapLegend(ctx context.Context, classmapName string, options *GetClassmapLegendOptions) (GetClassmapLegendResponse, error) {
	var resp GetClassmapLegendResponse
	err := d.legendCall("GetClassmapLegend", "classmap", classmapName, &orZero(options).LegendTrimParams).decode(ctx, &resp.ClassmapLegend)
	return resp, err
}

// legendCall prepares the JSON legend of a classmap.
func (d *DataClient) legendCall(name, kind, classmapName string, trim *LegendTrimParams) dataCall {
	p, err := legendPath("Data."+name, kind, "classmapName", classmapName)
	return d.newCall(http.MethodGet, p, err, nil, trim)
}
