package geocatalog

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// BeginCreateItemsJSONOptions are the optional parameters of
// BeginCreateItemsJSON.
type BeginCreateItemsJSONOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken; the other
	// arguments are then ignored.
	ResumeToken string
}

// CreateItemsJSONResponse is the result of BeginCreateItemsJSON.
type CreateItemsJSONResponse struct {
	OperationResult
}

// BeginCreateItemsJSON is BeginCreateItems (BeginCreateItem for a single
// item) for items the caller has validated and encoded already, such as a
// write pipeline that encodes each item once to hash and size it: each
// element is the JSON object of one item whose "collection" is collectionID
// (or absent). The request body is made of these bytes as they are; they
// are not validated or encoded again, only checked to be JSON objects of at
// most 1 MB. See BeginCreateItem about retries.
func (s *STACClient) BeginCreateItemsJSON(ctx context.Context, collectionID string, items []json.RawMessage, options *BeginCreateItemsJSONOptions) (*runtime.Poller[CreateItemsJSONResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[CreateItemsJSONResponse](s.c, options.ResumeToken)
	}
	const op = "BeginCreateItemsJSON"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, &InvalidArgumentError{Op: op, Param: "items", Reason: "must not be empty"}
	}
	size := 64
	for i, it := range items {
		it = bytes.TrimSpace(it)
		if len(it) < 2 || it[0] != '{' || it[len(it)-1] != '}' {
			return nil, &InvalidArgumentError{Op: op, Param: fmt.Sprintf("items[%d]", i), Reason: "is not a JSON object"}
		}
		if len(it) > maxItemJSON {
			return nil, &InvalidArgumentError{Op: op, Param: fmt.Sprintf("items[%d]", i), Reason: fmt.Sprintf("item JSON is %d bytes, more than the 1 MB the service accepts", len(it))}
		}
		size += len(it) + 1
	}
	if len(items) == 1 {
		return sendItemWrite[CreateItemsJSONResponse](ctx, s.c, http.MethodPost, itemsPath(collectionID), items[0], "")
	}
	buf := make([]byte, 0, size)
	buf = append(buf, `{"type":"FeatureCollection","features":[`...)
	for i, it := range items {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, it...)
	}
	buf = append(buf, "]}"...)
	return sendItemWrite[CreateItemsJSONResponse](ctx, s.c, http.MethodPost, itemsPath(collectionID), buf, "")
}
