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

// CollectionAssetResponse is the collection returned by the collection asset
// methods.
type CollectionAssetResponse struct {
	stac.Collection
}

// CollectionAssetOptions are the optional parameters of the collection asset
// methods.
type CollectionAssetOptions struct{}

// CreateCollectionAsset uploads a collection-level asset (for example a
// thumbnail) into managed storage (POST .../assets, multipart form with the
// asset metadata as "data", which must have a "key", and the content as
// "file").
func (s *STACClient) CreateCollectionAsset(ctx context.Context, collectionID string, asset map[string]any, file CollectionAssetFile, _ *CollectionAssetOptions) (CollectionAssetResponse, error) {
	return s.sendCollectionAsset(ctx, "CreateCollectionAsset", http.MethodPost, collectionID, "", asset, file)
}

// ReplaceCollectionAsset replaces a collection-level asset (PUT .../assets/{id}).
func (s *STACClient) ReplaceCollectionAsset(ctx context.Context, collectionID, assetID string, asset map[string]any, file CollectionAssetFile, _ *CollectionAssetOptions) (CollectionAssetResponse, error) {
	if err := checkID("ReplaceCollectionAsset", "assetID", assetID); err != nil {
		return CollectionAssetResponse{}, err
	}
	return s.sendCollectionAsset(ctx, "ReplaceCollectionAsset", http.MethodPut, collectionID, assetID, asset, file)
}

func (s *STACClient) sendCollectionAsset(ctx context.Context, op, method, collectionID, assetID string, asset map[string]any, file CollectionAssetFile) (CollectionAssetResponse, error) {
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return CollectionAssetResponse{}, err
	}
	key, _ := asset["key"].(string)
	if key == "" {
		if assetID == "" {
			return CollectionAssetResponse{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: `needs a "key"`}
		}
		cp := make(map[string]any, len(asset)+1)
		for k, v := range asset {
			cp[k] = v
		}
		cp["key"] = assetID
		asset, key = cp, assetID
	}
	if assetID != "" && key != assetID {
		return CollectionAssetResponse{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: `"key" differs from assetID`}
	}
	if err := checkID(op, "asset.key", key); err != nil {
		return CollectionAssetResponse{}, err
	}
	if file.Body == nil {
		return CollectionAssetResponse{}, &InvalidArgumentError{Op: op, Param: "file.Body", Reason: "must not be nil"}
	}
	data, err := json.Marshal(asset)
	if err != nil {
		return CollectionAssetResponse{}, &InvalidArgumentError{Op: op, Param: "asset", Reason: "does not encode", Err: err}
	}
	path := collectionPath(collectionID) + "/assets"
	if assetID != "" {
		path += "/" + pathSegment(assetID)
	}
	req, err := s.c.newRequest(ctx, method, path, nil)
	if err != nil {
		return CollectionAssetResponse{}, err
	}
	name := file.Filename
	if name == "" {
		name = "file"
	}
	if err := runtime.SetMultipartFormData(req, map[string]any{
		"data": string(data),
		"file": streaming.MultipartContent{Body: file.Body, Filename: name, ContentType: file.ContentType},
	}); err != nil {
		return CollectionAssetResponse{}, err
	}
	return s.collectionAnswer(req, http.StatusOK, http.StatusCreated)
}

func (s *STACClient) collectionAnswer(req *policyRequest, ok ...int) (CollectionAssetResponse, error) {
	resp, err := s.c.do(req, ok...)
	if err != nil {
		return CollectionAssetResponse{}, err
	}
	b, err := runtime.Payload(resp)
	if err != nil {
		return CollectionAssetResponse{}, err
	}
	var out CollectionAssetResponse
	if len(b) > 0 {
		err = out.Collection.UnmarshalJSON(b)
	}
	return out, err
}

// DeleteCollectionAsset deletes a collection-level asset (the service
// answers 200 with the collection, or 204).
func (s *STACClient) DeleteCollectionAsset(ctx context.Context, collectionID, assetID string, _ *CollectionAssetOptions) (CollectionAssetResponse, error) {
	if err := checkIDs("DeleteCollectionAsset", "collectionID", collectionID, "assetID", assetID); err != nil {
		return CollectionAssetResponse{}, err
	}
	req, err := s.c.newRequest(ctx, http.MethodDelete, collectionPath(collectionID)+"/assets/"+pathSegment(assetID), nil)
	if err != nil {
		return CollectionAssetResponse{}, err
	}
	return s.collectionAnswer(req, http.StatusOK, http.StatusNoContent)
}

// GetThumbnailResponse is the result of GetCollectionThumbnail.
type GetThumbnailResponse struct {
	// Body streams the image; the caller closes it. Nil when the
	// collection has no thumbnail (204).
	Body io.ReadCloser
	// ContentType is the image's media type.
	ContentType string
}

// GetCollectionThumbnail gets the thumbnail image of a collection
// (GET .../thumbnail), streamed.
func (s *STACClient) GetCollectionThumbnail(ctx context.Context, collectionID string, _ *CollectionAssetOptions) (GetThumbnailResponse, error) {
	if err := checkID("GetCollectionThumbnail", "collectionID", collectionID); err != nil {
		return GetThumbnailResponse{}, err
	}
	req, err := s.c.newRequest(ctx, http.MethodGet, collectionPath(collectionID)+"/thumbnail", nil)
	if err != nil {
		return GetThumbnailResponse{}, err
	}
	req.Raw().Header.Set("Accept", "image/*, application/octet-stream")
	runtime.SkipBodyDownload(req)
	resp, err := s.c.do(req, http.StatusOK, http.StatusNoContent)
	if err != nil {
		return GetThumbnailResponse{}, err
	}
	if resp.StatusCode == http.StatusNoContent {
		drainClose(resp.Body)
		return GetThumbnailResponse{}, nil
	}
	return GetThumbnailResponse{Body: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}
