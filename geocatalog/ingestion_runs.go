package geocatalog

import (
	"context"
	"net/http"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// IngestionRunOperation is the operation embedded in an IngestionRun, with
// typed item counters.
type IngestionRunOperation struct {
	ID                   string                       `json:"id"`
	Status               OperationStatus              `json:"status"`
	StatusHistory        []OperationStatusHistoryItem `json:"statusHistory"`
	CreationTime         time.Time                    `json:"creationTime"`
	StartTime            *time.Time                   `json:"startTime,omitempty"`
	FinishTime           *time.Time                   `json:"finishTime,omitempty"`
	TotalItems           int64                        `json:"totalItems"`
	TotalPendingItems    int64                        `json:"totalPendingItems"`
	TotalSuccessfulItems int64                        `json:"totalSuccessfulItems"`
	TotalFailedItems     int64                        `json:"totalFailedItems"`
}

// IngestionRun is one run of an ingestion.
type IngestionRun struct {
	ID                 string                `json:"id"`
	ParentRunID        string                `json:"parentRunId,omitempty"`
	Operation          IngestionRunOperation `json:"operation"`
	CreationTime       time.Time             `json:"creationTime"`
	SourceCatalogURL   string                `json:"sourceCatalogUrl,omitempty"`
	SkipExistingItems  bool                  `json:"skipExistingItems"`
	KeepOriginalAssets bool                  `json:"keepOriginalAssets"`
}

// ListRunsResponse is one page of NewListRunsPager.
type ListRunsResponse struct {
	Value    []IngestionRun `json:"value"`
	NextLink string         `json:"nextLink,omitempty"`
}

func (p *ListRunsResponse) nextLink() string { return p.NextLink }
func (p *ListRunsResponse) empty() bool      { return len(p.Value) == 0 }

// ListRunsOptions are the optional parameters of NewListRunsPager.
type ListRunsOptions struct{ PageOptions }

func runsPath(collectionID, ingestionID string) string {
	return ingestionsPath(collectionID) + "/" + pathSegment(ingestionID) + "/runs"
}

// NewListRunsPager lists the runs of an ingestion.
func (ic *IngestionClient) NewListRunsPager(collectionID, ingestionID string, options *ListRunsOptions) *runtime.Pager[ListRunsResponse] {
	var opts ListRunsOptions
	if options != nil {
		opts = *options
	}
	err := checkIDs("NewListRunsPager", "collectionID", collectionID, "ingestionID", ingestionID)
	if err == nil {
		err = opts.check("NewListRunsPager")
	}
	return newNextLinkPager[ListRunsResponse](ic.c, runsPath(collectionID, ingestionID), opts.query(nil), err)
}

// GetRunOptions are the optional parameters of GetRun, reserved for future use.
type GetRunOptions struct{}

// GetRunResponse is the result of GetRun.
type GetRunResponse struct {
	IngestionRun
}

// GetRun gets one run.
func (ic *IngestionClient) GetRun(ctx context.Context, collectionID, ingestionID, runID string, options *GetRunOptions) (GetRunResponse, error) {
	if err := checkIDs("GetRun", "collectionID", collectionID, "ingestionID", ingestionID, "runID", runID); err != nil {
		return GetRunResponse{}, err
	}
	var out GetRunResponse
	err := ic.c.getJSON(ctx, runsPath(collectionID, ingestionID)+"/"+pathSegment(runID), nil, &out.IngestionRun)
	return out, err
}

// CreateRunOptions are the optional parameters of CreateRun, reserved for future use.
type CreateRunOptions struct{}

// CreateRunResponse is the result of CreateRun.
type CreateRunResponse struct {
	IngestionRun
}

// CreateRun starts a new run of an ingestion (POST with no body, 201). Wait
// for it with BeginWaitOperation(run.Operation.ID) or by polling GetRun.
func (ic *IngestionClient) CreateRun(ctx context.Context, collectionID, ingestionID string, options *CreateRunOptions) (CreateRunResponse, error) {
	if err := checkIDs("CreateRun", "collectionID", collectionID, "ingestionID", ingestionID); err != nil {
		return CreateRunResponse{}, err
	}
	var out CreateRunResponse
	_, err := ic.c.sendJSON(ctx, http.MethodPost, runsPath(collectionID, ingestionID), nil, nil, "", &out.IngestionRun, http.StatusCreated, http.StatusOK)
	return out, err
}
