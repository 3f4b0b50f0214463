package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// CollectionTileOptions are the optional parameters of a collection mosaic tile.
type CollectionTileOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	TileParams
}

func (o *CollectionTileOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.CollectionFilter.encode, o.TileParams.encode)
}

// CollectionTileJSONOptions are the optional parameters of a collection
// mosaic's TileJSON and WMTS capabilities documents.
type CollectionTileJSONOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	TileJSONParams
}

// CollectionWMTSOptions are the optional parameters of a collection
// mosaic's WMTS capabilities.
type CollectionWMTSOptions = CollectionTileJSONOptions

func (o *CollectionTileJSONOptions) query() (url.Values, string) {
	if o == nil {
		return url.Values{}, ""
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.CollectionFilter.encode, o.TileJSONParams.encode), o.TileMatrixSetID
}

// CollectionPointOptions are the optional parameters of a collection mosaic point query.
type CollectionPointOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	// CoordCRS is the CRS of longitude/latitude ("coord_crs").
	CoordCRS string
}

func (o *CollectionPointOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.CollectionFilter.encode)
	addString(q, "coord_crs", o.CoordCRS)
	return q
}

// CollectionAssetsOptions are the optional parameters of the "which items
// cover this point / tile / bbox" queries of a collection mosaic.
type CollectionAssetsOptions struct {
	DatasetParams
	MosaicParams
	CollectionFilter
	// CoordCRS is the CRS of the point or bbox coordinates ("coord_crs").
	CoordCRS string
}

func (o *CollectionAssetsOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	q := queryOf(o.DatasetParams.encode, o.MosaicParams.encode, o.CollectionFilter.encode)
	addString(q, "coord_crs", o.CoordCRS)
	return q
}

// CollectionCropOptions are the optional parameters of a collection mosaic
// bbox or feature crop.
type CollectionCropOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	OutputParams
}

func (o *CollectionCropOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.RenderParams.encode, o.DatasetParams.encode, o.MosaicParams.encode, o.CollectionFilter.encode, o.OutputParams.encode)
}

// CollectionTileSetOptions are the optional parameters of a collection
// mosaic's tileset list and metadata.
type CollectionTileSetOptions struct {
	DatasetParams
	CollectionFilter
}

func (o *CollectionTileSetOptions) query() url.Values {
	if o == nil {
		return url.Values{}
	}
	return queryOf(o.DatasetParams.encode, o.CollectionFilter.encode)
}

// CollectionTileURL returns the URL of a map tile of a collection mosaic.
func (d *DataClient) CollectionTileURL(collectionID string, tile Tile, opts *CollectionTileOptions) (string, error) {
	p, err := d.tilePath("CollectionTileURL", collectionTarget(collectionID), tile)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetCollectionTile fetches a map tile of a collection mosaic.
func (d *DataClient) GetCollectionTile(ctx context.Context, collectionID string, tile Tile, opts *CollectionTileOptions) (*ImageResponse, error) {
	p, err := d.tilePath("GetCollectionTile", collectionTarget(collectionID), tile)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// CollectionTileJSONURL returns the URL of a collection mosaic's TileJSON
// document (hand it to MapLibre).
func (d *DataClient) CollectionTileJSONURL(collectionID string, opts *CollectionTileJSONOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("CollectionTileJSONURL", collectionTarget(collectionID), tms, "tilejson.json")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetCollectionTileJSON fetches a collection mosaic's TileJSON document.
func (d *DataClient) GetCollectionTileJSON(ctx context.Context, collectionID string, opts *CollectionTileJSONOptions) (*TileJSON, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetCollectionTileJSON", collectionTarget(collectionID), tms, "tilejson.json")
	if err != nil {
		return nil, err
	}
	var out TileJSON
	return &out, d.fetchJSON(ctx, http.MethodGet, p, q, nil, &out)
}

// CollectionWMTSCapabilitiesURL returns the URL of a collection mosaic's
// OGC WMTS capabilities.
func (d *DataClient) CollectionWMTSCapabilitiesURL(collectionID string, opts *CollectionWMTSOptions) (string, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("CollectionWMTSCapabilitiesURL", collectionTarget(collectionID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return "", err
	}
	return d.buildURL(p, q)
}

// GetCollectionWMTSCapabilities fetches a collection mosaic's OGC WMTS
// capabilities XML.
func (d *DataClient) GetCollectionWMTSCapabilities(ctx context.Context, collectionID string, opts *CollectionWMTSOptions) ([]byte, error) {
	q, tms := opts.query()
	p, err := d.tmsDocPath("GetCollectionWMTSCapabilities", collectionTarget(collectionID), tms, "WMTSCapabilities.xml")
	if err != nil {
		return nil, err
	}
	b, _, err := d.fetchBytes(ctx, p, q, "application/xml")
	return b, err
}

// GetCollectionPoint returns every band's value of a collection mosaic at a location.
func (d *DataClient) GetCollectionPoint(ctx context.Context, collectionID string, longitude, latitude float64, opts *CollectionPointOptions) (*Point, error) {
	p, err := d.pointPath("GetCollectionPoint", collectionTarget(collectionID), longitude, latitude, false)
	if err != nil {
		return nil, err
	}
	var out Point
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetCollectionPointAssets lists the items (and their assets) of a
// collection mosaic that cover a location.
func (d *DataClient) GetCollectionPointAssets(ctx context.Context, collectionID string, longitude, latitude float64, opts *CollectionAssetsOptions) ([]MosaicItem, error) {
	p, err := d.pointPath("GetCollectionPointAssets", collectionTarget(collectionID), longitude, latitude, true)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetCollectionTileAssets lists the items of a collection mosaic that
// cover a tile (Scale and Format of tile are ignored).
func (d *DataClient) GetCollectionTileAssets(ctx context.Context, collectionID string, tile Tile, opts *CollectionAssetsOptions) ([]MosaicItem, error) {
	p, err := d.tileAssetsPath("GetCollectionTileAssets", collectionTarget(collectionID), tile)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetCollectionBBoxAssets lists the items of a collection mosaic that
// intersect a bbox.
func (d *DataClient) GetCollectionBBoxAssets(ctx context.Context, collectionID string, bbox BBox, opts *CollectionAssetsOptions) ([]MosaicItem, error) {
	p, err := d.bboxPath("GetCollectionBBoxAssets", collectionTarget(collectionID), bbox, CropSize{}, true)
	if err != nil {
		return nil, err
	}
	var out []MosaicItem
	return out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// CollectionBBoxCropURL returns the URL of an image of a collection mosaic
// cropped to bbox.
func (d *DataClient) CollectionBBoxCropURL(collectionID string, bbox BBox, size CropSize, opts *CollectionCropOptions) (string, error) {
	p, err := d.bboxPath("CollectionBBoxCropURL", collectionTarget(collectionID), bbox, size, false)
	if err != nil {
		return "", err
	}
	return d.buildURL(p, opts.query())
}

// GetCollectionBBoxCrop fetches an image of a collection mosaic cropped to bbox.
func (d *DataClient) GetCollectionBBoxCrop(ctx context.Context, collectionID string, bbox BBox, size CropSize, opts *CollectionCropOptions) (*ImageResponse, error) {
	p, err := d.bboxPath("GetCollectionBBoxCrop", collectionTarget(collectionID), bbox, size, false)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodGet, p, opts.query(), nil)
}

// CropCollectionFeature fetches an image of a collection mosaic cropped to
// a GeoJSON feature (POST).
func (d *DataClient) CropCollectionFeature(ctx context.Context, collectionID string, feature *Feature, size CropSize, opts *CollectionCropOptions) (*ImageResponse, error) {
	body, err := featureBody("CropCollectionFeature", feature)
	if err != nil {
		return nil, err
	}
	p, err := d.featurePath("CropCollectionFeature", collectionTarget(collectionID), size)
	if err != nil {
		return nil, err
	}
	return d.fetchImage(ctx, http.MethodPost, p, opts.query(), body)
}

// GetCollectionInfo returns the search that backs a collection mosaic.
func (d *DataClient) GetCollectionInfo(ctx context.Context, collectionID string) (*SearchInfo, error) {
	p, err := d.subPath("GetCollectionInfo", collectionTarget(collectionID), "info", true)
	if err != nil {
		return nil, err
	}
	var out SearchInfo
	return &out, d.fetchJSON(ctx, http.MethodGet, p, nil, nil, &out)
}

// ListCollectionTileSets returns the OGC tilesets of a collection mosaic.
func (d *DataClient) ListCollectionTileSets(ctx context.Context, collectionID string, opts *CollectionTileSetOptions) (*TileSetList, error) {
	p, err := d.subPath("ListCollectionTileSets", collectionTarget(collectionID), "tiles", true)
	if err != nil {
		return nil, err
	}
	var out TileSetList
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}

// GetCollectionTileSet returns the OGC tileset metadata of a collection
// mosaic in one tile matrix set.
func (d *DataClient) GetCollectionTileSet(ctx context.Context, collectionID, tileMatrixSetID string, opts *CollectionTileSetOptions) (*TileSet, error) {
	if tileMatrixSetID == "" {
		return nil, &InvalidArgumentError{Op: "GetCollectionTileSet", Param: "tileMatrixSetID", Reason: "must not be empty"}
	}
	p, err := d.subPath("GetCollectionTileSet", collectionTarget(collectionID), "tiles/"+url.PathEscape(tileMatrixSetID), true)
	if err != nil {
		return nil, err
	}
	var out TileSet
	return &out, d.fetchJSON(ctx, http.MethodGet, p, opts.query(), nil, &out)
}
