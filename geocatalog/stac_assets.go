package geocatalog

import (
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// CollectionAssetFile is the file of a collection asset.
type CollectionAssetFile struct {
	// Body is the file content; it is read once.
	Body io.ReadSeekCloser
	// Filename is sent as the part's file name (default "file").
	Filename string
	// ContentType is the part's content type (default
	// application/octet-stream).
	ContentType string
}

// CreateCollectionAssetOptions are the optional parameters of
// CreateCollectionAsset, reserved for future use.
type CreateCollectionAssetOptions struct{}

// CreateCollectionAssetResponse is the result of CreateCollectionAsset: the
// collection with its new asset.
type CreateCollectionAssetResponse struct {
	stac.Collection
}

// CreateCollectionAsset uploads a collection-level asset (for example a
// thumbnail) into managed storage (POST .../assets, multipart form with the
// asset metadata as "data", which must have a "key", and the content as
// "file").
func (s *STACClient) CreateCollectionAsset(ctx context.Context, collectionID string, asset map[string]any, file CollectionAssetFile, options *CreateCollectionAssetOptions) (CreateCollectionAssetResponse, error) {
	col, err := s.sendCollectionAsset(ctx, "CreateCollectionAsset", http.MethodPost, collectionID, "", asset, file)
	return CreateCollectionAssetResponse{Collection: col}, err
}

// ReplaceCollectionAssetOptions are the optional parameters of
// ReplaceCollectionAsset, reserved for future use.
type ReplaceCollectionAssetOptions struct{}

// ReplaceCollectionAssetResponse is the result of ReplaceCollectionAsset:
// the collection with the replaced asset.
type ReplaceCollectionAssetResponse struct {
	stac.Collection
}

// ReplaceCollectionAsset replaces a collection-level asset (PUT .../assets/{id}).
func (s *STACClient) ReplaceCollectionAsset(ctx context.Context, collectionID, assetID string, asset map[string]any, file CollectionAssetFile, options *ReplaceCollectionAssetOptions) (ReplaceCollectionAssetResponse, error) {
	if err := checkID("ReplaceCollectionAsset", "assetID", assetID); err != nil {
		return ReplaceCollectionAssetResponse{}, err
	}
	col, err := s.sendCollectionAsset(ctx, "ReplaceCollectionAsset", http.MethodPut, collectionID, assetID, asset, file)
	return ReplaceCollectionAssetResponse{Collection: col}, err
}

func (s *STACClient) sendCollectionAsset(ctx context.Context, op, method, collectionID, assetID string, asset map[string]any, file CollectionAssetFile) (stac.Collection, error) {
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return stac.Collection{}, err
	}
	key, _ := asset["key"].(string)
	if key == "" {
		if assetID == "" {
			return stac.Collection{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: `needs a "key"`}
		}
		cp := make(map[string]any, len(asset)+1)
		for k, v := range asset {
			cp[k] = v
		}
		cp["key"] = assetID
		asset, key = cp, assetID
	}
	if assetID != "" && key != assetID {
		return stac.Collection{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: `"key" differs from assetID`}
	}
	if err := checkID(op, "asset.key", key); err != nil {
		return stac.Collection{}, err
	}
	if file.Body == nil {
		return stac.Collection{}, &InvalidArgumentError{Op: op, Param: "file.Body", Reason: "must not be nil"}
	}
	data, err := json.Marshal(asset)
	if err != nil {
		return stac.Collection{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: "does not encode", Err: err}
	}
	path := collectionPath(collectionID) + "/assets"
	if assetID != "" {
		path += "/" + pathSegment(assetID)
	}
	req, err := s.c.newRequest(ctx, method, path, nil)
	if err != nil {
		return stac.Collection{}, err
	}
	name := file.Filename
	if name == "" {
		name = "file"
	}
	if err := runtime.SetMultipartFormData(req, map[string]any{
		"data": string(data),
		"file": streaming.MultipartContent{Body: file.Body, Filename: name, ContentType: file.ContentType},
	}); err != nil {
		return stac.Collection{}, err
	}
	return s.collectionAnswer(req, http.StatusOK, http.StatusCreated)
}

func (s *STACClient) collectionAnswer(req *policyRequest, ok ...int) (stac.Collection, error) {
	resp, err := s.c.do(req, ok...)
	if err != nil {
		return stac.Collection{}, err
	}
	b, err := readPayload(resp)
	if err != nil {
		return stac.Collection{}, err
	}
	var out stac.Collection
	if len(b) > 0 {
		err = out.UnmarshalJSON(b)
	}
	return out, err
}

// DeleteCollectionAssetOptions are the optional parameters of
// DeleteCollectionAsset, reserved for future use.
type DeleteCollectionAssetOptions struct{}

// DeleteCollectionAssetResponse is the result of DeleteCollectionAsset: the
// collection without the asset (empty when the service answered 204).
type DeleteCollectionAssetResponse struct {
	stac.Collection
}

// DeleteCollectionAsset deletes a collection-level asset (the service
// answers 200 with the collection, or 204).
func (s *STACClient) DeleteCollectionAsset(ctx context.Context, collectionID, assetID string, options *DeleteCollectionAssetOptions) (DeleteCollectionAssetResponse, error) {
	if err := checkIDs("DeleteCollectionAsset", "collectionID", collectionID, "assetID", assetID); err != nil {
		return DeleteCollectionAssetResponse{}, err
	}
	req, err := s.c.newRequest(ctx, http.MethodDelete, collectionPath(collectionID)+"/assets/"+pathSegment(assetID), nil)
	if err != nil {
		return DeleteCollectionAssetResponse{}, err
	}
	col, err := s.collectionAnswer(req, http.StatusOK, http.StatusNoContent)
	return DeleteCollectionAssetResponse{Collection: col}, err
}

// GetCollectionThumbnailOptions are the optional parameters of
// GetCollectionThumbnail, reserved for future use.
type GetCollectionThumbnailOptions struct{}

// GetCollectionThumbnailResponse is the result of GetCollectionThumbnail.
type GetCollectionThumbnailResponse struct {
	// Body streams the image; the caller closes it. Nil when the
	// collection has no thumbnail (204).
	Body io.ReadCloser
	// ContentType is the image's media type.
	ContentType string
}

// GetCollectionThumbnail gets the thumbnail image of a collection
// (GET .../thumbnail), streamed.
func (s *STACClient) GetCollectionThumbnail(ctx context.Context, collectionID string, options *GetCollectionThumbnailOptions) (GetCollectionThumbnailResponse, error) {
	if err := checkID("GetCollectionThumbnail", "collectionID", collectionID); err != nil {
		return GetCollectionThumbnailResponse{}, err
	}
	req, err := s.c.newRequest(ctx, http.MethodGet, collectionPath(collectionID)+"/thumbnail", nil)
	if err != nil {
		return GetCollectionThumbnailResponse{}, err
	}
	req.Raw().Header.Set("Accept", "image/*, application/octet-stream")
	streamBody(req)
	resp, err := s.c.do(req, http.StatusOK, http.StatusNoContent)
	if err != nil {
		return GetCollectionThumbnailResponse{}, err
	}
	if resp.StatusCode == http.StatusNoContent {
		drainClose(resp.Body)
		return GetCollectionThumbnailResponse{}, nil
	}
	return GetCollectionThumbnailResponse{Body: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}
