package geocatalog

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// maxItemsLimit is the largest page size of GET .../items.
const maxItemsLimit = 10000

func itemsPath(collectionID string) string { return collectionPath(collectionID) + "/items" }
func itemPath(collectionID, itemID string) string {
	return itemsPath(collectionID) + "/" + pathSegment(itemID)
}

// ListItemsOptions are the optional parameters of NewListItemsPager and
// ListItems.
type ListItemsOptions struct {
	// Limit is the page size, 1..10000; zero means the service default (10).
	Limit int
	// BBox keeps items intersecting [minx, miny, maxx, maxy] (or 6 numbers
	// with elevations). Sent comma-separated.
	BBox []float64
	// Datetime keeps items in an instant or interval; see stac.DatetimeInstant,
	// stac.DatetimeInterval, stac.DatetimeFrom, stac.DatetimeUntil.
	Datetime string
	// MaxItems stops paging after this many items; zero means all.
	MaxItems int
}

// ListItemsResponse is one page of NewListItemsPager.
type ListItemsResponse struct {
	stac.ItemCollection
	req stacRequest
}

func (p *ListItemsResponse) collection() *stac.ItemCollection { return &p.ItemCollection }
func (p *ListItemsResponse) request() stacRequest             { return p.req }
func (p *ListItemsResponse) setRequest(r stacRequest)         { p.req = r }

// NewListItemsPager pages the items of a collection (GET
// /stac/collections/{id}/items), following next links rebased onto the
// client's endpoint. Invalid options make the first NextPage return an
// *InvalidArgumentError without sending a request.
func (s *STACClient) NewListItemsPager(collectionID string, options *ListItemsOptions) *runtime.Pager[ListItemsResponse] {
	var opts ListItemsOptions
	if options != nil {
		opts = *options
	}
	first, err := s.listItemsRequest(collectionID, opts)
	return newSTACPager[ListItemsResponse](s.c, first, opts.MaxItems, err)
}

// ListItems is the iter.Seq2 form of NewListItemsPager: the same request,
// next links, cycle guard and MaxItems (one sequencer, stacSeq, drives
// both), but every response body is decoded as it arrives and each item is
// yielded as soon as it is decoded, so neither pages nor earlier items are
// held. The sequence ends after the first error; breaking out of the loop
// stops paging.
func (s *STACClient) ListItems(ctx context.Context, collectionID string, options *ListItemsOptions) iter.Seq2[*stac.Item, error] {
	var opts ListItemsOptions
	if options != nil {
		opts = *options
	}
	first, err := s.listItemsRequest(collectionID, opts)
	return streamItems(ctx, newSTACSeq(s.c, first, opts.MaxItems, err))
}

func (s *STACClient) listItemsRequest(collectionID string, opts ListItemsOptions) (stacRequest, error) {
	const op = "NewListItemsPager"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return stacRequest{}, err
	}
	if opts.Limit < 0 || opts.Limit > maxItemsLimit {
		return stacRequest{}, &InvalidArgumentError{Op: op, Param: "Limit", Reason: "must be between 1 and 10000 (0 for the default)"}
	}
	if opts.MaxItems < 0 {
		return stacRequest{}, &InvalidArgumentError{Op: op, Param: "MaxItems", Reason: "must not be negative"}
	}
	q := url.Values{}
	limit := opts.Limit
	if opts.MaxItems > 0 && (limit == 0 || limit > opts.MaxItems) {
		limit = opts.MaxItems
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	if opts.BBox != nil {
		if err := checkBBox(op, "BBox", opts.BBox); err != nil {
			return stacRequest{}, err
		}
		q.Set("bbox", formatBBox(opts.BBox))
	}
	if opts.Datetime != "" {
		if _, _, err := stac.ParseDatetime(opts.Datetime); err != nil {
			return stacRequest{}, &InvalidArgumentError{Op: op, Param: "Datetime", Err: err}
		}
		q.Set("datetime", opts.Datetime)
	}
	req, err := s.c.newRequest(context.Background(), http.MethodGet, itemsPath(collectionID), q)
	if err != nil {
		return stacRequest{}, err
	}
	return stacRequest{method: http.MethodGet, url: req.Raw().URL.String()}, nil
}

// checkBBox checks a STAC bbox: 4 or 6 finite numbers, latitudes within
// ±90, longitudes within ±180 and south <= north (west > east is allowed:
// antimeridian); see stac.ValidateBBox.
func checkBBox(op, param string, b []float64) error {
	if err := stac.ValidateBBox(b); err != nil {
		return &InvalidArgumentError{Op: op, Param: param, Err: err}
	}
	return nil
}

func formatBBox(b []float64) string {
	parts := make([]string, len(b))
	for i, v := range b {
		parts[i] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// GetItemOptions are the optional parameters of GetItem, reserved for future use.
type GetItemOptions struct{}

// GetItemResponse is the result of GetItem.
type GetItemResponse struct {
	stac.Item
}

// GetItem gets one item (GET /stac/collections/{c}/items/{id}).
func (s *STACClient) GetItem(ctx context.Context, collectionID, itemID string, options *GetItemOptions) (GetItemResponse, error) {
	if err := checkIDs("GetItem", "collectionID", collectionID, "itemID", itemID); err != nil {
		return GetItemResponse{}, err
	}
	req, err := s.c.newRequest(ctx, http.MethodGet, itemPath(collectionID, itemID), nil)
	if err != nil {
		return GetItemResponse{}, err
	}
	resp, err := s.c.do(req, http.StatusOK)
	if err != nil {
		return GetItemResponse{}, err
	}
	b, err := readPayload(resp)
	if err != nil {
		return GetItemResponse{}, err
	}
	var out GetItemResponse
	err = out.Item.UnmarshalJSON(b)
	return out, err
}

// CreateItemResponse is the result of BeginCreateItem.
type CreateItemResponse struct {
	OperationResult
}

// CreateItemsResponse is the result of BeginCreateItems.
type CreateItemsResponse struct {
	OperationResult
}

// ReplaceItemResponse is the result of BeginReplaceItem.
type ReplaceItemResponse struct {
	OperationResult
}

// UpdateItemResponse is the result of BeginUpdateItem.
type UpdateItemResponse struct {
	OperationResult
}

// DeleteItemResponse is the result of BeginDeleteItem.
type DeleteItemResponse struct {
	OperationResult
}

// BeginCreateItemOptions are the optional parameters of BeginCreateItem.
type BeginCreateItemOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken; the other
	// arguments are then ignored.
	ResumeToken string
}

// BeginCreateItemsOptions are the optional parameters of BeginCreateItems.
type BeginCreateItemsOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken; the other
	// arguments are then ignored.
	ResumeToken string
}

// BeginCreateItem creates one item (POST /stac/collections/{c}/items, a
// long-running operation whose assets are copied into managed storage).
// The item is validated first; its "collection" is set to collectionID in
// the request (the caller's item is not modified).
//
// An item that exists already makes the operation fail with
// ItemAlreadyExistsInCollection (IsConflict). Because azcore retries POSTs
// after 408/429/5xx and dropped connections, a create the service accepted
// before the failure can come back as ItemAlreadyExistsInCollection: callers
// that need idempotence compare the stored item (e.g. by content hash) and
// treat an equal one as created.
func (s *STACClient) BeginCreateItem(ctx context.Context, collectionID string, item *stac.Item, options *BeginCreateItemOptions) (*runtime.Poller[CreateItemResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[CreateItemResponse](s.c, options.ResumeToken)
	}
	if err := checkID("BeginCreateItem", "collectionID", collectionID); err != nil {
		return nil, err
	}
	body, err := checkItemForWrite("BeginCreateItem", "item", collectionID, item)
	if err != nil {
		return nil, err
	}
	return sendItemWrite[CreateItemResponse](ctx, s.c, http.MethodPost, itemsPath(collectionID), body, "")
}

// BeginCreateItems creates items in one request, as an ItemCollection
// (POST /stac/collections/{c}/items). Every item is validated first; ids
// must be unique. The operation fails (an *OperationError, e.g.
// ErrorsInBatchOperation) when any item fails; Operation.AdditionalInformation
// has the counters. Use bulk ingestion for more than a few hundred items.
// See BeginCreateItem about retries.
func (s *STACClient) BeginCreateItems(ctx context.Context, collectionID string, items []*stac.Item, options *BeginCreateItemsOptions) (*runtime.Poller[CreateItemsResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[CreateItemsResponse](s.c, options.ResumeToken)
	}
	const op = "BeginCreateItems"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, &InvalidArgumentError{Op: op, Param: "items", Reason: "must not be empty"}
	}
	seen := make(map[string]int, len(items))
	var buf []byte
	buf = append(buf, `{"type":"FeatureCollection","features":[`...)
	for i, it := range items {
		param := fmt.Sprintf("items[%d]", i)
		b, err := checkItemForWrite(op, param, collectionID, it)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[it.ID]; dup {
			return nil, &InvalidArgumentError{Op: op, Param: param, Reason: fmt.Sprintf("id %q repeats items[%d]", it.ID, j)}
		}
		seen[it.ID] = i
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, b...)
	}
	buf = append(buf, "]}"...)
	return sendItemWrite[CreateItemsResponse](ctx, s.c, http.MethodPost, itemsPath(collectionID), buf, "")
}

// sendItemWrite sends an item write and returns the poller of its
// operation.
func sendItemWrite[T any](ctx context.Context, c *Client, method, path string, body []byte, contentType string) (*runtime.Poller[T], error) {
	req, err := c.newRequest(ctx, method, path, nil)
	if err != nil {
		return nil, err
	}
	if body != nil {
		if err := setRawBody(req, body, contentType); err != nil {
			return nil, err
		}
	}
	return beginLRO[T](c, req)
}

// BeginReplaceItemOptions are the optional parameters of BeginReplaceItem.
type BeginReplaceItemOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginReplaceItem replaces an item (PUT /stac/collections/{c}/items/{id},
// a long-running operation). item.ID must equal itemID.
func (s *STACClient) BeginReplaceItem(ctx context.Context, collectionID, itemID string, item *stac.Item, options *BeginReplaceItemOptions) (*runtime.Poller[ReplaceItemResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[ReplaceItemResponse](s.c, options.ResumeToken)
	}
	const op = "BeginReplaceItem"
	if err := checkIDs(op, "collectionID", collectionID, "itemID", itemID); err != nil {
		return nil, err
	}
	if item != nil && item.ID != itemID {
		return nil, &InvalidArgumentError{Op: op, Param: "item", Reason: fmt.Sprintf("item.ID %q differs from itemID %q", item.ID, itemID)}
	}
	body, err := checkItemForWrite(op, "item", collectionID, item)
	if err != nil {
		return nil, err
	}
	return sendItemWrite[ReplaceItemResponse](ctx, s.c, http.MethodPut, itemPath(collectionID, itemID), body, "")
}

// BeginUpdateItemOptions are the optional parameters of BeginUpdateItem.
type BeginUpdateItemOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginUpdateItem merge-patches an item (PATCH, application/merge-patch+json,
// a long-running operation). patch is any value that encodes to a JSON
// object (a map, a struct, json.RawMessage); members set to null are
// removed. An "id" member, if any, must equal itemID.
func (s *STACClient) BeginUpdateItem(ctx context.Context, collectionID, itemID string, patch any, options *BeginUpdateItemOptions) (*runtime.Poller[UpdateItemResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[UpdateItemResponse](s.c, options.ResumeToken)
	}
	const op = "BeginUpdateItem"
	if err := checkIDs(op, "collectionID", collectionID, "itemID", itemID); err != nil {
		return nil, err
	}
	if patch == nil {
		return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "must not be nil"}
	}
	body, err := json.Marshal(patch)
	if err != nil {
		return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "does not encode", Err: err}
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(body, &members); err != nil || members == nil {
		return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "must encode to a JSON object"}
	}
	if raw, ok := members["id"]; ok {
		var id string
		if json.Unmarshal(raw, &id) != nil || id != itemID {
			return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "its id differs from itemID"}
		}
	}
	if raw, ok := members["collection"]; ok {
		var c string
		if json.Unmarshal(raw, &c) != nil || c != collectionID {
			return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "its collection differs from collectionID"}
		}
	}
	if len(body) > maxItemJSON {
		return nil, &InvalidArgumentError{Op: op, Param: "patch", Reason: "larger than 1 MB"}
	}
	return sendItemWrite[UpdateItemResponse](ctx, s.c, http.MethodPatch, itemPath(collectionID, itemID), body, "application/merge-patch+json")
}

// BeginDeleteItemOptions are the optional parameters of BeginDeleteItem.
type BeginDeleteItemOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginDeleteItem deletes an item (DELETE, a long-running operation).
func (s *STACClient) BeginDeleteItem(ctx context.Context, collectionID, itemID string, options *BeginDeleteItemOptions) (*runtime.Poller[DeleteItemResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[DeleteItemResponse](s.c, options.ResumeToken)
	}
	if err := checkIDs("BeginDeleteItem", "collectionID", collectionID, "itemID", itemID); err != nil {
		return nil, err
	}
	return sendItemWrite[DeleteItemResponse](ctx, s.c, http.MethodDelete, itemPath(collectionID, itemID), nil, "")
}
