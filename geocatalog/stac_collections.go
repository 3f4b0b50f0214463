package geocatalog

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

func collectionPath(id string) string { return "/stac/collections/" + pathSegment(id) }

// ListCollectionsOptions are the optional parameters of
// NewListCollectionsPager.
type ListCollectionsOptions struct {
	// Sign asks for signed asset hrefs.
	Sign *SignOption
}

// ListCollectionsResponse is one page of NewListCollectionsPager.
type ListCollectionsResponse struct {
	stac.CollectionList
}

func (p *ListCollectionsResponse) empty() bool { return len(p.Collections) == 0 }
func (p *ListCollectionsResponse) nextLink() string {
	if l := p.NextLink(); l != nil && (l.Method == "" || strings.EqualFold(l.Method, http.MethodGet)) {
		return l.Href
	}
	return ""
}

// NewListCollectionsPager pages the catalog's collections (GET
// /stac/collections). A catalog holds at most 100 collections and the
// service answers them in one page today; a links[rel=next] GET link, when
// the service gives one, is followed (rebased onto the client's endpoint,
// never twice). Invalid options make the first NextPage return an
// *InvalidArgumentError without sending a request.
func (s *STACClient) NewListCollectionsPager(options *ListCollectionsOptions) *runtime.Pager[ListCollectionsResponse] {
	var opts ListCollectionsOptions
	if options != nil {
		opts = *options
	}
	q, err := s.c.signQuery("NewListCollectionsPager", opts.Sign, nil)
	return newNextLinkPager[ListCollectionsResponse](s.c, "/stac/collections", q, err)
}

// GetCollectionOptions are the optional parameters of GetCollection.
type GetCollectionOptions struct {
	// Sign asks for signed asset hrefs.
	Sign *SignOption
}

// GetCollectionResponse is the result of GetCollection.
type GetCollectionResponse struct {
	stac.Collection
}

// GetCollection gets one collection (GET /stac/collections/{id}).
func (s *STACClient) GetCollection(ctx context.Context, collectionID string, options *GetCollectionOptions) (GetCollectionResponse, error) {
	if err := checkID("GetCollection", "collectionID", collectionID); err != nil {
		return GetCollectionResponse{}, err
	}
	var opts GetCollectionOptions
	if options != nil {
		opts = *options
	}
	q, err := s.c.signQuery("GetCollection", opts.Sign, nil)
	if err != nil {
		return GetCollectionResponse{}, err
	}
	var out GetCollectionResponse
	err = s.c.getJSON(ctx, collectionPath(collectionID), q, &out.Collection)
	return out, err
}

// decodeCollectionBody decodes the collection of a synchronous collection
// write answer, if the body holds one.
func decodeCollectionBody(b []byte, dst **stac.Collection) error {
	var probe struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}
	if json.Unmarshal(b, &probe) != nil || probe.ID == "" {
		return nil
	}
	var col stac.Collection
	if err := col.UnmarshalJSON(b); err != nil {
		return err
	}
	*dst = &col
	return nil
}

// CreateCollectionResponse is the result of BeginCreateCollection.
type CreateCollectionResponse struct {
	CollectionOperationResult
}

// ReplaceCollectionResponse is the result of BeginReplaceCollection.
type ReplaceCollectionResponse struct {
	CollectionOperationResult
}

// DeleteCollectionResponse is the result of BeginDeleteCollection.
type DeleteCollectionResponse struct {
	OperationResult
}

// BeginCreateCollectionOptions are the optional parameters of BeginCreateCollection.
type BeginCreateCollectionOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken; the other
	// arguments are then ignored.
	ResumeToken string
}

// BeginCreateCollection creates a collection (POST /stac/collections, a
// long-running operation). The collection is validated first; an invalid
// one gives an *InvalidArgumentError and no request. A collection that
// already exists gives a 409 (IsConflict). After a delete, wait 45 s before
// re-creating the same id.
func (s *STACClient) BeginCreateCollection(ctx context.Context, collection *stac.Collection, options *BeginCreateCollectionOptions) (*runtime.Poller[CreateCollectionResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[CreateCollectionResponse](s.c, options.ResumeToken)
	}
	if err := checkCollectionForWrite("BeginCreateCollection", "collection", collection); err != nil {
		return nil, err
	}
	req, err := s.c.newRequest(ctx, http.MethodPost, "/stac/collections", nil)
	if err != nil {
		return nil, err
	}
	if err := setJSONBody(req, collection, ""); err != nil {
		return nil, err
	}
	return beginLRO[CreateCollectionResponse](s.c, req)
}

// BeginReplaceCollectionOptions are the optional parameters of BeginReplaceCollection.
type BeginReplaceCollectionOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginReplaceCollection creates or replaces a collection (PUT
// /stac/collections/{id}). collection.ID must equal collectionID.
func (s *STACClient) BeginReplaceCollection(ctx context.Context, collectionID string, collection *stac.Collection, options *BeginReplaceCollectionOptions) (*runtime.Poller[ReplaceCollectionResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[ReplaceCollectionResponse](s.c, options.ResumeToken)
	}
	if err := checkID("BeginReplaceCollection", "collectionID", collectionID); err != nil {
		return nil, err
	}
	if err := checkCollectionForWrite("BeginReplaceCollection", "collection", collection); err != nil {
		return nil, err
	}
	if collection.ID != collectionID {
		return nil, &InvalidArgumentError{Op: "BeginReplaceCollection", Param: "collection", Reason: "collection.ID differs from collectionID"}
	}
	req, err := s.c.newRequest(ctx, http.MethodPut, collectionPath(collectionID), nil)
	if err != nil {
		return nil, err
	}
	if err := setJSONBody(req, collection, ""); err != nil {
		return nil, err
	}
	return beginLRO[ReplaceCollectionResponse](s.c, req)
}

// BeginDeleteCollectionOptions are the optional parameters of BeginDeleteCollection.
type BeginDeleteCollectionOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginDeleteCollection deletes a collection with all its items and assets
// (DELETE /stac/collections/{id}, a long-running operation).
func (s *STACClient) BeginDeleteCollection(ctx context.Context, collectionID string, options *BeginDeleteCollectionOptions) (*runtime.Poller[DeleteCollectionResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[DeleteCollectionResponse](s.c, options.ResumeToken)
	}
	if err := checkID("BeginDeleteCollection", "collectionID", collectionID); err != nil {
		return nil, err
	}
	req, err := s.c.newRequest(ctx, http.MethodDelete, collectionPath(collectionID), nil)
	if err != nil {
		return nil, err
	}
	return beginLRO[DeleteCollectionResponse](s.c, req)
}
