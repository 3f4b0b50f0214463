package geocatalog

import (
	"fmt"
	"io"
)

// DataClient is the client of the data (tiler) API under /data. It has the
// operations that belong to no single item or mosaic (search registration,
// legends, tile matrix sets) and hands out one sub-client per thing the
// tiler renders:
//
//   - Item(collectionID, itemID): one STAC item ([ItemDataClient]);
//   - Collection(collectionID): the mosaic of a collection's items
//     ([CollectionMosaicClient]);
//   - Search(searchID): the mosaic of a registered search
//     ([SearchMosaicClient]; RegisterSearch gives the id).
//
// The three share the operations the tiler offers for all of them (tiles,
// TileJSON, WMTS, point values, crops, tilesets): the same methods, with
// the same options, that differ only in the path they address.
//
// Every image endpoint comes two ways: a ...URL method that builds the URL
// (for map clients that fetch tiles themselves; the URL carries the
// api-version and no credential, so the caller must send a bearer token or
// go through a proxy that does), and a Get... method that fetches the image
// and streams it with its content type.
//
// Paths follow the client's api-version: the GA layout of 2026-04-15
// (/data/mosaic/collections/..., /data/mosaic/searches/...) by default, and
// the earlier layout (/data/collections/..., /data/mosaic/{searchId}/...)
// with APIVersion2025Preview. Operations that the earlier layout lacks
// return an *InvalidArgumentError under that version, before any request.
type DataClient struct {
	c *Client
}

// Data returns the client of the data (tiler) API.
func (c *Client) Data() *DataClient { return &DataClient{c: c} }

// ItemDataClient renders one STAC item: the shared tiler operations
// (GetTile, GetTileJSON, GetPoint, GetBBoxCrop, ...) and the item-only ones
// (previews, statistics, raster info, bounds, assets). Get one with
// DataClient.Item.
type ItemDataClient struct {
	dataTarget
}

// CollectionMosaicClient renders the mosaic of a collection's items (GA
// api-version only): the shared tiler operations and the mosaic ones (the
// items under a point, tile or bbox, the search behind the mosaic). Its
// options may narrow the mosaic with a CollectionFilter. Get one with
// DataClient.Collection.
type CollectionMosaicClient struct {
	mosaicTarget
}

// SearchMosaicClient renders the mosaic of a registered search: the shared
// tiler operations and the mosaic ones. Get one with DataClient.Search.
type SearchMosaicClient struct {
	mosaicTarget
}

// Item returns the client of one item's tiler operations. The ids are
// checked by each operation (an empty one is an *InvalidArgumentError).
func (d *DataClient) Item(collectionID, itemID string) *ItemDataClient {
	return &ItemDataClient{dataTarget{d: d, kind: targetItem, collection: collectionID, item: itemID}}
}

// Collection returns the client of a collection mosaic.
func (d *DataClient) Collection(collectionID string) *CollectionMosaicClient {
	return &CollectionMosaicClient{mosaicTarget{dataTarget{d: d, kind: targetCollection, collection: collectionID}}}
}

// Search returns the client of a registered search's mosaic; searchID is
// RegisterSearchResponse.SearchID.
func (d *DataClient) Search(searchID string) *SearchMosaicClient {
	return &SearchMosaicClient{mosaicTarget{dataTarget{d: d, kind: targetSearch, search: searchID}}}
}

// Image is an image (or other binary document) streamed from the service,
// the model of every image response. The caller must close Body.
type Image struct {
	// Body streams the response body.
	Body io.ReadCloser
	// ContentType is the media type the service sent, e.g. "image/png".
	ContentType string
}

// preGA reports whether the client speaks an api-version older than the GA
// 2026-04-15, whose tiler paths differ.
func (d *DataClient) preGA() bool {
	v := d.c.apiVersion
	return len(v) >= 10 && v[:10] < "2026-04-15"
}

// invalid is the error of an argument refused before any request.
func invalid(op, param, reason string) error {
	return &InvalidArgumentError{Op: op, Param: param, Reason: reason}
}

// notInVersion refuses an operation the client's api-version lacks.
func (d *DataClient) notInVersion(op string) error {
	return invalid(op, "api-version", fmt.Sprintf("the operation does not exist in api-version %s", d.c.apiVersion))
}

// orZero returns p, or a new zero T when p is nil: nil options are the
// defaults.
func orZero[T any](p *T) *T {
	if p == nil {
		return new(T)
	}
	return p
}
