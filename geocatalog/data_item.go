package geocatalog

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// Feature is a GeoJSON Feature sent as the body of crops and statistics.
type Feature struct {
	// Type is "Feature" (filled in when empty).
	Type string `json:"type"`
	// Geometry is a GeoJSON geometry in WGS84 (or the options' CoordCRS).
	Geometry json.RawMessage `json:"geometry"`
	// Properties are passed through.
	Properties map[string]any `json:"properties"`
}

func featureBody(op string, f *Feature) (*Feature, error) {
	if f == nil || len(f.Geometry) == 0 {
		return nil, &InvalidArgumentError{Op: op, Param: "feature", Reason: "a feature with a geometry is required"}
	}
	out := *f
	if out.Type == "" {
		out.Type = "Feature"
	}
	if out.Properties == nil {
		out.Properties = map[string]any{}
	}
	return &out, nil
}

// ItemTileOptions are the optional parameters of an item tile.
type ItemTileOptions struct {
	RenderParams
	DatasetParams
	TileParams
}

func (o *ItemTileOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.TileParams.encode)
}

// ItemTileJSONOptions are the optional parameters of an item's TileJSON
// and WMTS capabilities documents.
type ItemTileJSONOptions struct {
	RenderParams
	DatasetParams
	TileJSONParams
}

// ItemWMTSOptions are the optional parameters of an item's WMTS capabilities.
type ItemWMTSOptions = ItemTileJSONOptions

func (o *ItemTileJSONOptions) query() (url.Values, string) {
	if o == nil {
		return url.Values{}, ""
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.TileJSONParams.encode), o.TileMatrixSetID
}

// ItemPointOptions are the optional parameters of an item point query.
type ItemPointOptions struct {
	RenderParams
	DatasetParams
	// CoordCRS is the CRS of longitude/latitude ("coord_crs"; default WGS84).
	CoordCRS string
}

func (o *ItemPointOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.RenderParams.encode, o.DatasetParams.encode)
	addString(q, "coord_crs", o.CoordCRS)
	return q
}

// ItemPreviewOptions are the optional parameters of an item preview.
type ItemPreviewOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	// Format is the image format; when set it goes in the path (preview.png).
	Format ImageFormat
}

func (o *ItemPreviewOptions) query() (url.Values, ImageFormat) {
	if o == nil {
		return url.Values{}, ""
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.OutputParams.encode), o.Format
}

// ItemCropOptions are the optional parameters of an item bbox or feature crop.
type ItemCropOptions struct {
	RenderParams
	DatasetParams
	OutputParams
}

func (o *ItemCropOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.OutputParams.encode)
}

// ItemStatisticsOptions are the optional parameters of item statistics
// (GET over the whole item, or POST over a feature).
type ItemStatisticsOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	StatisticsParams
}

func (o *ItemStatisticsOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.OutputParams.encode, o.StatisticsParams.encode)
}

// ItemAssetStatisticsOptions are the optional parameters of per-asset
// statistics. Of RenderParams, the asset and band selection, NoData,
// Unscale, Reproject and Resampling apply.
type ItemAssetStatisticsOptions struct {
	RenderParams
	DatasetParams
	OutputParams
	StatisticsParams
	// AssetExpressions are per-asset band math, each "asset|expression"
	// ("asset_expression", repeated).
	AssetExpressions []string
}

func (o *ItemAssetStatisticsOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.OutputParams.encode, o.StatisticsParams.encode)
	addStrings(q, "asset_expression", o.AssetExpressions)
	return q
}

// ItemInfoOptions are the optional parameters of item info.
type ItemInfoOptions struct {
	DatasetParams
	// Assets limits the answer to these assets ("assets", repeated).
	Assets []string
}

func (o *ItemInfoOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.DatasetParams.encode)
	addStrings(q, "assets", o.Assets)
	return q
}

// ItemMetadataOptions are the optional parameters of item bounds, available
// assets and tilesets.
type ItemMetadataOptions struct {
	DatasetParams
}

func (o *ItemMetadataOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.DatasetParams.encode)
}

// ItemTileURL returns the URL of a map tile of an item.
func (d *DataClient) ItemTileURL(collectionID, itemID string, tile Tile, opts *ItemTileOptions) (string, error) {
	p, err := d.tilePath("ItemTileURL", itemTarget(collectionID, itemID), tile)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetItemTile fetches a map tile of an item.
func (d *DataClient) GetItemTile(ctx context.Context, collectionID, itemID string, tile Tile, opts *ItemTileOptions) (*ImageResponse, error) {
	p, err := d.tilePath("GetItemTile", itemTarget(collectionID, itemID), tile)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// ItemTileJSONURL returns the URL of an item's TileJSON document: what a
// map client such as MapLibre needs to display the item.
func (d *DataClient) ItemTileJSONURL(collectionID, itemID string, opts *ItemTileJSONOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("ItemTileJSONURL", itemTarget(collectionID, itemID), tms, "tilejson.json")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetItemTileJSON fetches an item's TileJSON document.
func (d *DataClient) GetItemTileJSON(ctx context.Context, collectionID, itemID string, opts *ItemTileJSONOptions) (*TileJSON, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetItemTileJSON", itemTarget(collectionID, itemID), tms, "tilejson.json")
	if err != nil {
		return nil, err
	}
	var out TileJSON
	return &out, d.fetchJSON(ctx, http.MethodGet, p, q, nil, &out)
}

// ItemWMTSCapabilitiesURL returns the URL of an item's OGC WMTS capabilities.
func (d *DataClient) ItemWMTSCapabilitiesURL(collectionID, itemID string, opts *ItemWMTSOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("ItemWMTSCapabilitiesURL", itemTarget(collectionID, itemID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetItemWMTSCapabilities fetches an item's OGC WMTS capabilities XML.
func (d *DataClient) GetItemWMTSCapabilities(ctx context.Context, collectionID, itemID string, opts *ItemWMTSOptions) ([]byte, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetItemWMTSCapabilities", itemTarget(collectionID, itemID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return nil, err
	}
	b, _, err := d.fetchBytes(ctx, p, q, "application/xml")
	return b, err
}

// GetItemPoint returns every band's value of an item at a location.
func (d *DataClient) GetItemPoint(ctx context.Context, collectionID, itemID string, longitude, latitude float64, opts *ItemPointOptions) (*Point, error) {
	p, err := d.pointPath("GetItemPoint", itemTarget(collectionID, itemID), longitude, latitude, false)
	if err != nil {
		return nil, err
	}
	var out Point
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

func (d *DataClient) previewPath(op, collectionID, itemID string, format ImageFormat) (string, error) {
	sub := "preview"
	if format != "" {
		sub += "." + url.PathEscape(string(format))
	}
	return d.subPath(op, itemTarget(collectionID, itemID), sub, false)
}

// ItemPreviewURL returns the URL of a preview image of a whole item.
func (d *DataClient) ItemPreviewURL(collectionID, itemID string, opts *ItemPreviewOptions) (string, error) {
	q, f := opts.query()
	p, err := d.previewPath("ItemPreviewURL", collectionID, itemID, f)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetItemPreview fetches a preview image of a whole item.
func (d *DataClient) GetItemPreview(ctx context.Context, collectionID, itemID string, opts *ItemPreviewOptions) (*ImageResponse, error) {
	q, f := opts.query()
	p, err := d.previewPath("GetItemPreview", collectionID, itemID, f)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, q, nil)
}

// ItemBBoxCropURL returns the URL of an image of an item cropped to bbox.
func (d *DataClient) ItemBBoxCropURL(collectionID, itemID string, bbox BBox, size CropSize, opts *ItemCropOptions) (string, error) {
	p, err := d.bboxPath("ItemBBoxCropURL", itemTarget(collectionID, itemID), bbox, size, false)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetItemBBoxCrop fetches an image of an item cropped to bbox.
func (d *DataClient) GetItemBBoxCrop(ctx context.Context, collectionID, itemID string, bbox BBox, size CropSize, opts *ItemCropOptions) (*ImageResponse, error) {
	p, err := d.bboxPath("GetItemBBoxCrop", itemTarget(collectionID, itemID), bbox, size, false)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// CropItemFeature fetches an image of an item cropped to a GeoJSON feature
// (POST). With size zero the route without dimensions or format is used.
func (d *DataClient) CropItemFeature(ctx context.Context, collectionID, itemID string, feature *Feature, size CropSize, opts *ItemCropOptions) (*ImageResponse, error) {
	body, err := featureBody("CropItemFeature", feature)
	if err != nil {
		return nil, err
	}
	p, err := d.featurePath("CropItemFeature", itemTarget(collectionID, itemID), size)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodPost, p, opts.query(), body)
}

// GetItemStatistics returns the statistics of every band of an item
// (assets merged; band names like "image_b1").
func (d *DataClient) GetItemStatistics(ctx context.Context, collectionID, itemID string, opts *ItemStatisticsOptions) (Statistics, error) {
	p, err := d.subPath("GetItemStatistics", itemTarget(collectionID, itemID), "statistics", false)
	if err != nil {
		return nil, err
	}
	var out Statistics
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetItemFeatureStatistics returns the statistics of an item's pixels
// inside a GeoJSON feature (POST).
func (d *DataClient) GetItemFeatureStatistics(ctx context.Context, collectionID, itemID string, feature *Feature, opts *ItemStatisticsOptions) (*StatisticsFeature, error) {
	body, err := featureBody("GetItemFeatureStatistics", feature)
	if err != nil {
		return nil, err
	}
	p, err := d.subPath("GetItemFeatureStatistics", itemTarget(collectionID, itemID), "statistics", false)
	if err != nil {
		return nil, err
	}
	var out StatisticsFeature
	return &out, d.fetchJSON(ctx, http.MethodPost, p, opts.query(), body, &out)
}

// GetItemAssetStatistics returns the statistics of every band of every
// asset of an item, keyed by asset.
func (d *DataClient) GetItemAssetStatistics(ctx context.Context, collectionID, itemID string, opts *ItemAssetStatisticsOptions) (AssetStatistics, error) {
	p, err := d.subPath("GetItemAssetStatistics", itemTarget(collectionID, itemID), "asset_statistics", false)
	if err != nil {
		return nil, err
	}
	var out AssetStatistics
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// ListItemAssets returns the keys of the item's assets the tiler can read.
func (d *DataClient) ListItemAssets(ctx context.Context, collectionID, itemID string, opts *ItemMetadataOptions) ([]string, error) {
	p, err := d.subPath("ListItemAssets", itemTarget(collectionID, itemID), "assets", false)
	if err != nil {
		return nil, err
	}
	var out []string
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetItemInfo returns the raster metadata of an item's assets, keyed by asset.
func (d *DataClient) GetItemInfo(ctx context.Context, collectionID, itemID string, opts *ItemInfoOptions) (ItemInfo, error) {
	p, err := d.subPath("GetItemInfo", itemTarget(collectionID, itemID), "info", false)
	if err != nil {
		return nil, err
	}
	var out ItemInfo
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetItemInfoGeoJSON returns the raster metadata of an item's assets as a
// GeoJSON Feature of the item's footprint.
func (d *DataClient) GetItemInfoGeoJSON(ctx context.Context, collectionID, itemID string, opts *ItemInfoOptions) (*InfoFeature, error) {
	p, err := d.subPath("GetItemInfoGeoJSON", itemTarget(collectionID, itemID), "info.geojson", false)
	if err != nil {
		return nil, err
	}
	var out InfoFeature
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetItemBounds returns the bounds of an item.
func (d *DataClient) GetItemBounds(ctx context.Context, collectionID, itemID string, opts *ItemMetadataOptions) (*Bounds, error) {
	p, err := d.subPath("GetItemBounds", itemTarget(collectionID, itemID), "bounds", false)
	if err != nil {
		return nil, err
	}
	var out Bounds
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// ListItemTileSets returns the OGC tilesets available for an item (GA only).
func (d *DataClient) ListItemTileSets(ctx context.Context, collectionID, itemID string, opts *ItemMetadataOptions) (*TileSetList, error) {
	p, err := d.subPath("ListItemTileSets", itemTarget(collectionID, itemID), "tiles", true)
	if err != nil {
		return nil, err
	}
	var out TileSetList
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetItemTileSet returns the OGC tileset metadata of an item in one tile
// matrix set (GA only).
func (d *DataClient) GetItemTileSet(ctx context.Context, collectionID, itemID, tileMatrixSetID string, opts *ItemMetadataOptions) (*TileSet, error) {
	if tileMatrixSetID == "" {
		return nil, &InvalidArgumentError{Op: "GetItemTileSet", Param: "tileMatrixSetID", Reason: "must not be empty"}
	}
	p, err := d.subPath("GetItemTileSet", itemTarget(collectionID, itemID), "tiles/"+url.PathEscape(tileMatrixSetID), true)
	if err != nil {
		return nil, err
	}
	var out TileSet
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}
