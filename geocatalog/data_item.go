package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// The operations of single items only: previews, statistics, raster info,
// bounds and the list of readable assets.

// GetPreviewOptions are the optional parameters of GetPreview.
type GetPreviewOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	// Format is the image format; when set it goes in the path (preview.png).
	Format ImageFormat
}

// PreviewURLOptions are the optional parameters of PreviewURL: those of
// GetPreview.
type PreviewURLOptions GetPreviewOptions

// GetPreviewResponse is the result of GetPreview: the image, streamed.
type GetPreviewResponse struct {
	Image
}

func (c *ItemDataClient) previewCall(name string, o *GetPreviewOptions) dataCall {
	o = orZero(o)
	sub := "preview"
	if o.Format != "" {
		sub += "." + url.PathEscape(string(o.Format))
	}
	return c.call(name, http.MethodGet, c.sub(sub, false), nil, &o.RenderParams, &o.DatasetParams, &o.OutputParams)
}

// PreviewURL returns the URL of a preview image of the whole item.
func (c *ItemDataClient) PreviewURL(options *PreviewURLOptions) (string, error) {
	return c.previewCall("PreviewURL", (*GetPreviewOptions)(options)).url()
}

// GetPreview fetches a preview image of the whole item.
func (c *ItemDataClient) GetPreview(ctx context.Context, options *GetPreviewOptions) (GetPreviewResponse, error) {
	img, err := c.previewCall("GetPreview", options).image(ctx)
	return GetPreviewResponse{Image: img}, err
}

// GetStatisticsOptions are the optional parameters of GetStatistics.
type GetStatisticsOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	StatisticsParams
}

// GetFeatureStatisticsOptions are the optional parameters of
// GetFeatureStatistics: those of GetStatistics.
type GetFeatureStatisticsOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	StatisticsParams
}

// GetStatisticsResponse is the result of GetStatistics.
type GetStatisticsResponse struct {
	Statistics
}

// GetFeatureStatisticsResponse is the result of GetFeatureStatistics.
type GetFeatureStatisticsResponse struct {
	StatisticsFeature
}

func (c *ItemDataClient) statisticsCall(name, method string, body any, o *GetStatisticsOptions) dataCall {
	o = orZero(o)
	return c.call(name, method, c.sub("statistics", false), body, &o.RenderParams, &o.DatasetParams, &o.OutputParams, &o.StatisticsParams)
}

// GetStatistics returns the statistics of every band of the item (assets
// merged; band names like "image_b1").
func (c *ItemDataClient) GetStatistics(ctx context.Context, options *GetStatisticsOptions) (GetStatisticsResponse, error) {
	var resp GetStatisticsResponse
	err := c.statisticsCall("GetStatistics", http.MethodGet, nil, options).decode(ctx, &resp.Statistics)
	return resp, err
}

// GetFeatureStatistics returns the statistics of the item's pixels inside
// a GeoJSON feature (POST). A geometry in WGS84 (no CoordCRS, or WGS84) that
// is malformed or out of range is an *InvalidArgumentError wrapping a
// *stac.ValidationError, and nothing is sent; in another CoordCRS it is not
// range-checked.
func (c *ItemDataClient) GetFeatureStatistics(ctx context.Context, feature *Feature, options *GetFeatureStatisticsOptions) (GetFeatureStatisticsResponse, error) {
	var resp GetFeatureStatisticsResponse
	body, err := featureBody(c.op("GetFeatureStatistics"), feature, orZero(options).CoordCRS)
	if err == nil {
		err = c.statisticsCall("GetFeatureStatistics", http.MethodPost, body, (*GetStatisticsOptions)(options)).decode(ctx, &resp.StatisticsFeature)
	}
	return resp, err
}

// GetAssetStatisticsOptions are the optional parameters of
// GetAssetStatistics. Of RenderParams, the asset and band selection,
// NoData, Unscale, Reproject and Resampling apply.
type GetAssetStatisticsOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	StatisticsParams
	// AssetExpressions are per-asset band math, each "asset|expression"
	// ("asset_expression", repeated).
	AssetExpressions []string
}

// GetAssetStatisticsResponse is the result of GetAssetStatistics.
type GetAssetStatisticsResponse struct {
	AssetStatistics
}

// GetAssetStatistics returns the statistics of every band of every asset
// of the item, keyed by asset.
func (c *ItemDataClient) GetAssetStatistics(ctx context.Context, options *GetAssetStatisticsOptions) (GetAssetStatisticsResponse, error) {
	o := orZero(options)
	var resp GetAssetStatisticsResponse
	err := c.call("GetAssetStatistics", http.MethodGet, c.sub("asset_statistics", false), nil, &o.RenderParams, &o.DatasetParams,
		&o.OutputParams, &o.StatisticsParams, stringsParam{"asset_expression", o.AssetExpressions}).decode(ctx, &resp.AssetStatistics)
	return resp, err
}

// GetInfoOptions are the optional parameters of GetInfo.
type GetInfoOptions struct {
	DatasetParams
	// Assets limits the answer to these assets ("assets", repeated).
	Assets []string
}

// GetInfoGeoJSONOptions are the optional parameters of GetInfoGeoJSON:
// those of GetInfo.
type GetInfoGeoJSONOptions struct {
	DatasetParams
	// Assets limits the answer to these assets ("assets", repeated).
	Assets []string
}

// GetInfoResponse is the result of GetInfo.
type GetInfoResponse struct {
	ItemInfo
}

// GetInfoGeoJSONResponse is the result of GetInfoGeoJSON.
type GetInfoGeoJSONResponse struct {
	InfoFeature
}

func (c *ItemDataClient) infoCall(name, sub string, o *GetInfoOptions) dataCall {
	o = orZero(o)
	return c.call(name, http.MethodGet, c.sub(sub, false), nil, &o.DatasetParams, stringsParam{"assets", o.Assets})
}

// GetInfo returns the raster metadata of the item's assets, keyed by asset.
func (c *ItemDataClient) GetInfo(ctx context.Context, options *GetInfoOptions) (GetInfoResponse, error) {
	var resp GetInfoResponse
	err := c.infoCall("GetInfo", "info", options).decode(ctx, &resp.ItemInfo)
	return resp, err
}

// GetInfoGeoJSON returns the raster metadata of the item's assets as a
// GeoJSON Feature of the item's footprint.
func (c *ItemDataClient) GetInfoGeoJSON(ctx context.Context, options *GetInfoGeoJSONOptions) (GetInfoGeoJSONResponse, error) {
	var resp GetInfoGeoJSONResponse
	err := c.infoCall("GetInfoGeoJSON", "info.geojson", (*GetInfoOptions)(options)).decode(ctx, &resp.InfoFeature)
	return resp, err
}

// GetBoundsOptions are the optional parameters of GetBounds.
type GetBoundsOptions struct {
	DatasetParams
}

// GetBoundsResponse is the result of GetBounds.
type GetBoundsResponse struct {
	Bounds
}

// GetBounds returns the bounds of the item.
func (c *ItemDataClient) GetBounds(ctx context.Context, options *GetBoundsOptions) (GetBoundsResponse, error) {
	o := orZero(options)
	var resp GetBoundsResponse
	err := c.call("GetBounds", http.MethodGet, c.sub("bounds", false), nil, &o.DatasetParams).decode(ctx, &resp.Bounds)
	return resp, err
}

// ListAssetsOptions are the optional parameters of ListAssets.
type ListAssetsOptions struct {
	DatasetParams
}

// ListAssetsResponse is the result of ListAssets.
type ListAssetsResponse struct {
	// Assets are the keys of the item's assets the tiler can read.
	Assets []string
}

// ListAssets returns the keys of the item's assets the tiler can read.
func (c *ItemDataClient) ListAssets(ctx context.Context, options *ListAssetsOptions) (ListAssetsResponse, error) {
	o := orZero(options)
	var resp ListAssetsResponse
	err := c.call("ListAssets", http.MethodGet, c.sub("assets", false), nil, &o.DatasetParams).decode(ctx, &resp.Assets)
	return resp, err
}
