package geocatalog

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// The map-tile operations of an item, a collection mosaic and a search
// mosaic: tiles, TileJSON and WMTS documents, OGC tilesets.

// Tile addresses one map tile. TileMatrixSetID, Scale and Format are
// optional: each one left empty is left out of the path and the service
// default applies (WebMercatorQuad, 1 = 256 px, PNG or the data's format).
type Tile struct {
	// TileMatrixSetID is e.g. "WebMercatorQuad".
	TileMatrixSetID string
	// Z, X and Y are the zoom level, column and row.
	Z, X, Y int
	// Scale is the size multiplier ("@2x" gives 512 px tiles).
	Scale int
	// Format is the image format.
	Format ImageFormat
}

// GetTileOptions are the optional parameters of GetTile. MosaicParams
// apply to collection and search mosaics and CollectionFilter to
// collection mosaics: set for another target, they are refused with an
// *InvalidArgumentError.
type GetTileOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	TileParams
}

// TileURLOptions are the optional parameters of TileURL: those of GetTile.
type TileURLOptions GetTileOptions

// GetTileResponse is the result of GetTile: the tile image, streamed.
type GetTileResponse struct {
	Image
}

// tilePath is {base}/tiles[/{tms}]/{z}/{x}/{y}[@{scale}x][.{format}].
func (t *dataTarget) tilePath(tile Tile) pathFunc {
	return func(op, b string) (string, error) {
		seg, err := tileSegments(op, tile)
		if err != nil {
			return "", err
		}
		if t.d.preGA() { // the earlier layout has only the full form
			tile.Scale = max(tile.Scale, 1)
			if tile.Format == "" {
				tile.Format = FormatPNG
			}
		}
		p := b + seg
		if tile.Scale > 0 {
			p += "@" + strconv.Itoa(tile.Scale) + "x"
		}
		if tile.Format != "" {
			p += "." + url.PathEscape(string(tile.Format))
		}
		return p, nil
	}
}

func (t *dataTarget) tileCall(name string, tile Tile, o *GetTileOptions) dataCall {
	o = orZero(o)
	return t.call(name, http.MethodGet, t.tilePath(tile), nil, &o.RenderParams, &o.DatasetParams, &o.MosaicParams, &o.CollectionFilter, &o.TileParams)
}

// TileURL returns the URL of a map tile, for a map client that fetches it
// itself with a bearer token.
func (t *dataTarget) TileURL(tile Tile, options *TileURLOptions) (string, error) {
	return t.tileCall("TileURL", tile, (*GetTileOptions)(options)).url()
}

// GetTile fetches a map tile. A tile with no data is a 404
// (IsNotFound).
func (t *dataTarget) GetTile(ctx context.Context, tile Tile, options *GetTileOptions) (GetTileResponse, error) {
	img, err := t.tileCall("GetTile", tile, options).image(ctx)
	return GetTileResponse{Image: img}, err
}

// GetTileJSONOptions are the optional parameters of GetTileJSON (for
// MosaicParams and CollectionFilter, see GetTileOptions).
type GetTileJSONOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	TileJSONParams
}

// TileJSONURLOptions are the optional parameters of TileJSONURL: those of
// GetTileJSON.
type TileJSONURLOptions GetTileJSONOptions

// GetWMTSCapabilitiesOptions are the optional parameters of
// GetWMTSCapabilities: those of GetTileJSON.
type GetWMTSCapabilitiesOptions GetTileJSONOptions

// WMTSCapabilitiesURLOptions are the optional parameters of
// WMTSCapabilitiesURL: those of GetTileJSON.
type WMTSCapabilitiesURLOptions GetTileJSONOptions

// GetTileJSONResponse is the result of GetTileJSON.
type GetTileJSONResponse struct {
	TileJSON
}

// GetWMTSCapabilitiesResponse is the result of GetWMTSCapabilities.
type GetWMTSCapabilitiesResponse struct {
	// XML is the OGC WMTS capabilities document.
	XML []byte
}

// tmsDocCall prepares a per-TMS document (tilejson.json,
// WMTSCapabilities.xml): {base}[/{tms}]/{doc}.
func (t *dataTarget) tmsDocCall(name, doc string, o *GetTileJSONOptions) dataCall {
	o = orZero(o)
	path := func(_, b string) (string, error) {
		if o.TileMatrixSetID != "" {
			b += "/" + url.PathEscape(o.TileMatrixSetID)
		}
		return b + "/" + doc, nil
	}
	return t.call(name, http.MethodGet, path, nil, &o.RenderParams, &o.DatasetParams, &o.MosaicParams, &o.CollectionFilter, &o.TileJSONParams)
}

// TileJSONURL returns the URL of the TileJSON document: what a map client
// such as MapLibre needs to display the layer.
func (t *dataTarget) TileJSONURL(options *TileJSONURLOptions) (string, error) {
	return t.tmsDocCall("TileJSONURL", "tilejson.json", (*GetTileJSONOptions)(options)).url()
}

// GetTileJSON fetches the TileJSON document.
func (t *dataTarget) GetTileJSON(ctx context.Context, options *GetTileJSONOptions) (GetTileJSONResponse, error) {
	var resp GetTileJSONResponse
	err := t.tmsDocCall("GetTileJSON", "tilejson.json", options).decode(ctx, &resp.TileJSON)
	return resp, err
}

// WMTSCapabilitiesURL returns the URL of the OGC WMTS capabilities.
func (t *dataTarget) WMTSCapabilitiesURL(options *WMTSCapabilitiesURLOptions) (string, error) {
	return t.tmsDocCall("WMTSCapabilitiesURL", "WMTSCapabilities.xml", (*GetTileJSONOptions)(options)).url()
}

// GetWMTSCapabilities fetches the OGC WMTS capabilities XML.
func (t *dataTarget) GetWMTSCapabilities(ctx context.Context, options *GetWMTSCapabilitiesOptions) (GetWMTSCapabilitiesResponse, error) {
	b, err := t.tmsDocCall("GetWMTSCapabilities", "WMTSCapabilities.xml", (*GetTileJSONOptions)(options)).document(ctx, "application/xml")
	return GetWMTSCapabilitiesResponse{XML: b}, err
}

// ListTileSetsOptions are the optional parameters of ListTileSets
// (CollectionFilter: collection mosaics only).
type ListTileSetsOptions struct {
	DatasetParams
	CollectionFilter
}

// GetTileSetOptions are the optional parameters of GetTileSet: those of
// ListTileSets.
type GetTileSetOptions ListTileSetsOptions

// ListTileSetsResponse is the result of ListTileSets.
type ListTileSetsResponse struct {
	TileSetList
}

// GetTileSetResponse is the result of GetTileSet.
type GetTileSetResponse struct {
	TileSet
}

func (t *dataTarget) tileSetCall(name, sub string, o *ListTileSetsOptions) dataCall {
	o = orZero(o)
	return t.call(name, http.MethodGet, t.sub(sub, true), nil, &o.DatasetParams, &o.CollectionFilter)
}

// ListTileSets returns the OGC tilesets available (GA api-version only).
func (t *dataTarget) ListTileSets(ctx context.Context, options *ListTileSetsOptions) (ListTileSetsResponse, error) {
	var resp ListTileSetsResponse
	err := t.tileSetCall("ListTileSets", "tiles", options).decode(ctx, &resp.TileSetList)
	return resp, err
}

// GetTileSet returns the OGC tileset metadata in one tile matrix set (GA
// api-version only).
func (t *dataTarget) GetTileSet(ctx context.Context, tileMatrixSetID string, options *GetTileSetOptions) (GetTileSetResponse, error) {
	var resp GetTileSetResponse
	if tileMatrixSetID == "" {
		return resp, invalid(t.op("GetTileSet"), "tileMatrixSetID", "must not be empty")
	}
	err := t.tileSetCall("GetTileSet", "tiles/"+url.PathEscape(tileMatrixSetID), (*ListTileSetsOptions)(options)).decode(ctx, &resp.TileSet)
	return resp, err
}
