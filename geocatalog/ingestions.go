package geocatalog

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// ImportTypeStaticCatalog is the only ingestion import type: a static STAC
// catalog read over HTTP.
const ImportTypeStaticCatalog = "StaticCatalog"

// Ingestion is an ingestion definition of a collection
// (/inma/collections/{collectionId}/ingestions/{id}).
type Ingestion struct {
	ID                 string     `json:"id,omitempty"`
	ImportType         string     `json:"importType"`
	DisplayName        string     `json:"displayName,omitempty"`
	SourceCatalogURL   string     `json:"sourceCatalogUrl"`
	SkipExistingItems  bool       `json:"skipExistingItems"`
	KeepOriginalAssets bool       `json:"keepOriginalAssets"`
	CreationTime       *time.Time `json:"creationTime,omitempty"`
	// Status is Ready or Deleting.
	Status string `json:"status,omitempty"`
}

// ListIngestionsResponse is one page of NewListIngestionsPager.
type ListIngestionsResponse struct {
	Value    []Ingestion `json:"value"`
	NextLink string      `json:"nextLink,omitempty"`
}

func (p *ListIngestionsResponse) nextLink() string { return p.NextLink }
func (p *ListIngestionsResponse) empty() bool      { return len(p.Value) == 0 }

// ListIngestionsOptions are the optional parameters of NewListIngestionsPager.
type ListIngestionsOptions struct{ PageOptions }

// NewListIngestionsPager lists the ingestions of a collection.
func (ic *IngestionClient) NewListIngestionsPager(collectionID string, options *ListIngestionsOptions) *runtime.Pager[ListIngestionsResponse] {
	var opts ListIngestionsOptions
	if options != nil {
		opts = *options
	}
	err := checkID("NewListIngestionsPager", "collectionID", collectionID)
	if err == nil {
		err = opts.check("NewListIngestionsPager")
	}
	return newNextLinkPager[ListIngestionsResponse](ic.c, ingestionsPath(collectionID), opts.query(nil), err)
}

func ingestionsPath(collectionID string) string {
	return "/inma/collections/" + pathSegment(collectionID) + "/ingestions"
}

// GetIngestionOptions are the optional parameters of GetIngestion, reserved for future use.
type GetIngestionOptions struct{}

// GetIngestionResponse is the result of GetIngestion.
type GetIngestionResponse struct {
	Ingestion
}

// GetIngestion gets one ingestion definition.
func (ic *IngestionClient) GetIngestion(ctx context.Context, collectionID, ingestionID string, options *GetIngestionOptions) (GetIngestionResponse, error) {
	if err := checkIDs("GetIngestion", "collectionID", collectionID, "ingestionID", ingestionID); err != nil {
		return GetIngestionResponse{}, err
	}
	var out GetIngestionResponse
	err := ic.c.getJSON(ctx, ingestionsPath(collectionID)+"/"+pathSegment(ingestionID), nil, &out.Ingestion)
	return out, err
}

// CreateIngestionOptions are the optional parameters of CreateIngestion, reserved for future use.
type CreateIngestionOptions struct{}

// CreateIngestionResponse is the result of CreateIngestion.
type CreateIngestionResponse struct {
	Ingestion
}

// CreateIngestion defines an ingestion of a static catalog into a
// collection (201). ImportType defaults to StaticCatalog; SourceCatalogURL
// must be an absolute http(s) URL the GeoCatalog can read. Start it with
// CreateRun.
func (ic *IngestionClient) CreateIngestion(ctx context.Context, collectionID string, ingestion Ingestion, options *CreateIngestionOptions) (CreateIngestionResponse, error) {
	if err := checkID("CreateIngestion", "collectionID", collectionID); err != nil {
		return CreateIngestionResponse{}, err
	}
	if ingestion.ImportType == "" {
		ingestion.ImportType = ImportTypeStaticCatalog
	}
	if err := checkCatalogURL("CreateIngestion", ingestion.SourceCatalogURL); err != nil {
		return CreateIngestionResponse{}, err
	}
	body := ingestion
	body.ID, body.CreationTime, body.Status = "", nil, ""
	var out CreateIngestionResponse
	_, err := ic.c.sendJSON(ctx, http.MethodPost, ingestionsPath(collectionID), nil, body, "", &out.Ingestion, http.StatusCreated, http.StatusOK)
	return out, err
}

func checkCatalogURL(op, s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &InvalidArgumentError{Op: op, Param: "SourceCatalogURL", Reason: "must be an absolute http(s) URL"}
	}
	return nil
}

// IngestionUpdate is a merge patch of an ingestion: nil fields are left
// unchanged.
type IngestionUpdate struct {
	DisplayName        *string `json:"displayName,omitempty"`
	SourceCatalogURL   *string `json:"sourceCatalogUrl,omitempty"`
	SkipExistingItems  *bool   `json:"skipExistingItems,omitempty"`
	KeepOriginalAssets *bool   `json:"keepOriginalAssets,omitempty"`
}

// UpdateIngestionOptions are the optional parameters of UpdateIngestion, reserved for future use.
type UpdateIngestionOptions struct{}

// UpdateIngestionResponse is the result of UpdateIngestion.
type UpdateIngestionResponse struct {
	Ingestion
}

// UpdateIngestion merge-patches an ingestion (PATCH, application/merge-patch+json).
func (ic *IngestionClient) UpdateIngestion(ctx context.Context, collectionID, ingestionID string, update IngestionUpdate, options *UpdateIngestionOptions) (UpdateIngestionResponse, error) {
	if err := checkIDs("UpdateIngestion", "collectionID", collectionID, "ingestionID", ingestionID); err != nil {
		return UpdateIngestionResponse{}, err
	}
	if update.SourceCatalogURL != nil {
		if err := checkCatalogURL("UpdateIngestion", *update.SourceCatalogURL); err != nil {
			return UpdateIngestionResponse{}, err
		}
	}
	var out UpdateIngestionResponse
	_, err := ic.c.sendJSON(ctx, http.MethodPatch, ingestionsPath(collectionID)+"/"+pathSegment(ingestionID), nil, update, "application/merge-patch+json", &out.Ingestion, http.StatusOK)
	return out, err
}

// DeleteIngestionResponse is the result of BeginDeleteIngestion.
type DeleteIngestionResponse struct {
	OperationResult
}

// BeginDeleteIngestionOptions are the optional parameters of BeginDeleteIngestion.
type BeginDeleteIngestionOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken; the other
	// arguments are then ignored.
	ResumeToken string
}

// BeginDeleteIngestion deletes an ingestion and all its runs (a long-running
// operation; no run may be in progress).
func (ic *IngestionClient) BeginDeleteIngestion(ctx context.Context, collectionID, ingestionID string, options *BeginDeleteIngestionOptions) (*runtime.Poller[DeleteIngestionResponse], error) {
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[DeleteIngestionResponse](ic.c, options.ResumeToken)
	}
	if err := checkIDs("BeginDeleteIngestion", "collectionID", collectionID, "ingestionID", ingestionID); err != nil {
		return nil, err
	}
	req, err := ic.c.newRequest(ctx, http.MethodDelete, ingestionsPath(collectionID)+"/"+pathSegment(ingestionID), nil)
	if err != nil {
		return nil, err
	}
	return beginLRO[DeleteIngestionResponse](ic.c, req)
}

// checkIDs checks pairs of (param, id).
func checkIDs(op string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := checkID(op, pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}
