package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// SearchTileOptions are the optional parameters of a search mosaic tile.
type SearchTileOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	TileParams
}

func (o *SearchTileOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.TileParams.encode)
}

// SearchTileJSONOptions are the optional parameters of a search
// mosaic's TileJSON and WMTS capabilities documents.
type SearchTileJSONOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	TileJSONParams
}

// SearchWMTSOptions are the optional parameters of a search
// mosaic's WMTS capabilities.
type SearchWMTSOptions = SearchTileJSONOptions

func (o *SearchTileJSONOptions) query() (url.Values, string) {
	if o == nil {
		return url.Values{}, ""
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.TileJSONParams.encode), o.TileMatrixSetID
}

// SearchPointOptions are the optional parameters of a search mosaic point query.
type SearchPointOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	// CoordCRS is the CRS of longitude/latitude ("coord_crs").
	CoordCRS string
}

func (o *SearchPointOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode)
	addString(q, "coord_crs", o.CoordCRS)
	return q
}

// SearchAssetsOptions are the optional parameters of the "which items
// cover this point / tile / bbox" queries of a search mosaic.
type SearchAssetsOptions struct {
	DatasetParams
	MosaicParams
	// CoordCRS is the CRS of the point or bbox coordinates ("coord_crs").
	CoordCRS string
}

func (o *SearchAssetsOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.DatasetParams.encode, o.MosaicParams.encode)
	addString(q, "coord_crs", o.CoordCRS)
	return q
}

// SearchCropOptions are the optional parameters of a search mosaic
// bbox or feature crop.
type SearchCropOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	OutputParams
}

func (o *SearchCropOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.OutputParams.encode)
}

// SearchTileSetOptions are the optional parameters of a search
// mosaic's tileset list and metadata.
type SearchTileSetOptions struct {
	DatasetParams
}

func (o *SearchTileSetOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.DatasetParams.encode)
}

// SearchTileURL returns the URL of a map tile of a search mosaic.
func (d *DataClient) SearchTileURL(searchID string, tile Tile, opts *SearchTileOptions) (string, error) {
	p, err := d.tilePath("SearchTileURL", searchTarget(searchID), tile)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetSearchTile fetches a map tile of a search mosaic.
func (d *DataClient) GetSearchTile(ctx context.Context, searchID string, tile Tile, opts *SearchTileOptions) (*ImageResponse, error) {
	p, err := d.tilePath("GetSearchTile", searchTarget(searchID), tile)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// SearchTileJSONURL returns the URL of a search mosaic's TileJSON
// document (hand it to MapLibre).
func (d *DataClient) SearchTileJSONURL(searchID string, opts *SearchTileJSONOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("SearchTileJSONURL", searchTarget(searchID), tms, "tilejson.json")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetSearchTileJSON fetches a search mosaic's TileJSON document.
func (d *DataClient) GetSearchTileJSON(ctx context.Context, searchID string, opts *SearchTileJSONOptions) (*TileJSON, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetSearchTileJSON", searchTarget(searchID), tms, "tilejson.json")
	if err != nil {
		return nil, err
	}
	var out TileJSON
	return &out, d.fetchJSON(ctx, http.MethodGet, p, q, nil, &out)
}

// SearchWMTSCapabilitiesURL returns the URL of a search mosaic's
// OGC WMTS capabilities.
func (d *DataClient) SearchWMTSCapabilitiesURL(searchID string, opts *SearchWMTSOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("SearchWMTSCapabilitiesURL", searchTarget(searchID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetSearchWMTSCapabilities fetches a search mosaic's OGC WMTS
// capabilities XML.
func (d *DataClient) GetSearchWMTSCapabilities(ctx context.Context, searchID string, opts *SearchWMTSOptions) ([]byte, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetSearchWMTSCapabilities", searchTarget(searchID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return nil, err
	}
	b, _, err := d.fetchBytes(ctx, p, q, "application/xml")
	return b, err
}

// GetSearchPoint returns every band's value of a search mosaic at a location.
func (d *DataClient) GetSearchPoint(ctx context.Context, searchID string, longitude, latitude float64, opts *SearchPointOptions) (*Point, error) {
	p, err := d.pointPath("GetSearchPoint", searchTarget(searchID), longitude, latitude, false)
	if err != nil {
		return nil, err
	}
	var out Point
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetSearchPointAssets lists the items (and their assets) of a
// search mosaic that cover a location.
func (d *DataClient) GetSearchPointAssets(ctx context.Context, searchID string, longitude, latitude float64, opts *SearchAssetsOptions) ([]MosaicItem, error) {
	p, err := d.pointPath("GetSearchPointAssets", searchTarget(searchID), longitude, latitude, true)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetSearchTileAssets lists the items of a search mosaic that
// cover a tile (Scale and Format of tile are ignored).
func (d *DataClient) GetSearchTileAssets(ctx context.Context, searchID string, tile Tile, opts *SearchAssetsOptions) ([]MosaicItem, error) {
	p, err := d.tileAssetsPath("GetSearchTileAssets", searchTarget(searchID), tile)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetSearchBBoxAssets lists the items of a search mosaic that
// intersect a bbox.
func (d *DataClient) GetSearchBBoxAssets(ctx context.Context, searchID string, bbox BBox, opts *SearchAssetsOptions) ([]MosaicItem, error) {
	p, err := d.bboxPath("GetSearchBBoxAssets", searchTarget(searchID), bbox, CropSize{}, true)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// SearchBBoxCropURL returns the URL of an image of a search mosaic
// cropped to bbox.
func (d *DataClient) SearchBBoxCropURL(searchID string, bbox BBox, size CropSize, opts *SearchCropOptions) (string, error) {
	p, err := d.bboxPath("SearchBBoxCropURL", searchTarget(searchID), bbox, size, false)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetSearchBBoxCrop fetches an image of a search mosaic cropped to bbox.
func (d *DataClient) GetSearchBBoxCrop(ctx context.Context, searchID string, bbox BBox, size CropSize, opts *SearchCropOptions) (*ImageResponse, error) {
	p, err := d.bboxPath("GetSearchBBoxCrop", searchTarget(searchID), bbox, size, false)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// CropSearchFeature fetches an image of a search mosaic cropped to
// a GeoJSON feature (POST).
func (d *DataClient) CropSearchFeature(ctx context.Context, searchID string, feature *Feature, size CropSize, opts *SearchCropOptions) (*ImageResponse, error) {
	body, err := featureBody("CropSearchFeature", feature)
	if err != nil {
		return nil, err
	}
	p, err := d.featurePath("CropSearchFeature", searchTarget(searchID), size)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodPost, p, opts.query(), body)
}

// GetSearchInfo returns a registered search.
func (d *DataClient) GetSearchInfo(ctx context.Context, searchID string) (*SearchInfo, error) {
	p, err := d.subPath("GetSearchInfo", searchTarget(searchID), "info", false)
	if err != nil {
		return nil, err
	}
	var out SearchInfo
	return &out, d.fetchJSON(ctx, http.MethodGet, p, nil, nil, &out)
}

// ListSearchTileSets returns the OGC tilesets of a search mosaic.
func (d *DataClient) ListSearchTileSets(ctx context.Context, searchID string, opts *SearchTileSetOptions) (*TileSetList, error) {
	p, err := d.subPath("ListSearchTileSets", searchTarget(searchID), "tiles", true)
	if err != nil {
		return nil, err
	}
	var out TileSetList
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetSearchTileSet returns the OGC tileset metadata of a search
// mosaic in one tile matrix set.
func (d *DataClient) GetSearchTileSet(ctx context.Context, searchID, tileMatrixSetID string, opts *SearchTileSetOptions) (*TileSet, error) {
	if tileMatrixSetID == "" {
		return nil, &InvalidArgumentError{Op: "GetSearchTileSet", Param: "tileMatrixSetID", Reason: "must not be empty"}
	}
	p, err := d.subPath("GetSearchTileSet", searchTarget(searchID), "tiles/"+url.PathEscape(tileMatrixSetID), true)
	if err != nil {
		return nil, err
	}
	var out TileSet
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// RegisterSearch registers a STAC search as a mosaic and returns its id,
// to use with the Search* methods. The same search gives the same id.
func (d *DataClient) RegisterSearch(ctx context.Context, search *RegisterSearchRequest) (*RegisterSearchResponse, error) {
	if search == nil {
		search = &RegisterSearchRequest{}
	}
	var out RegisterSearchResponse
	if err := d.fetchJSON(ctx, http.MethodPost, "/data/mosaic/register", nil, search, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
