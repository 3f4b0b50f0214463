package geocatalog

import (
	"context"
	"net/http"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// ListOperationsResponse is one page of NewListOperationsPager.
type ListOperationsResponse struct {
	Value    []Operation `json:"value"`
	NextLink string      `json:"nextLink,omitempty"`
}

func (p *ListOperationsResponse) nextLink() string { return p.NextLink }
func (p *ListOperationsResponse) empty() bool      { return len(p.Value) == 0 }

// ListOperationsOptions are the optional parameters of NewListOperationsPager.
type ListOperationsOptions struct {
	PageOptions
	// CollectionID keeps only the operations of this collection.
	CollectionID string
	// Status keeps only the operations with this status.
	Status OperationStatus
}

// NewListOperationsPager lists the catalog's operations (GET /inma/operations).
func (ic *IngestionClient) NewListOperationsPager(options *ListOperationsOptions) *runtime.Pager[ListOperationsResponse] {
	var opts ListOperationsOptions
	if options != nil {
		opts = *options
	}
	err := opts.check("NewListOperationsPager")
	q := url.Values{}
	if opts.CollectionID != "" {
		if e := checkID("NewListOperationsPager", "CollectionID", opts.CollectionID); e != nil && err == nil {
			err = e
		}
		q.Set("collectionId", opts.CollectionID)
	}
	if opts.Status != "" {
		q.Set("status", string(opts.Status))
	}
	return newNextLinkPager[ListOperationsResponse](ic.c, "/inma/operations", opts.query(q), err)
}

// GetOperationOptions are the optional parameters of GetOperation, reserved for future use.
type GetOperationOptions struct{}

// GetOperationResponse is the result of GetOperation.
type GetOperationResponse struct {
	Operation
}

// GetOperation gets one operation (GET /inma/operations/{id}).
func (ic *IngestionClient) GetOperation(ctx context.Context, operationID string, options *GetOperationOptions) (GetOperationResponse, error) {
	if err := checkID("GetOperation", "operationID", operationID); err != nil {
		return GetOperationResponse{}, err
	}
	var out GetOperationResponse
	err := ic.c.getJSON(ctx, "/inma/operations/"+pathSegment(operationID), nil, &out.Operation)
	return out, err
}

// CancelOperationOptions are the optional parameters of CancelOperation, reserved for future use.
type CancelOperationOptions struct{}

// CancelOperationResponse is the result of CancelOperation, reserved for future fields.
type CancelOperationResponse struct{}

// CancelOperation cancels one operation (DELETE /inma/operations/{id}).
func (ic *IngestionClient) CancelOperation(ctx context.Context, operationID string, options *CancelOperationOptions) (CancelOperationResponse, error) {
	if err := checkID("CancelOperation", "operationID", operationID); err != nil {
		return CancelOperationResponse{}, err
	}
	_, err := ic.c.sendJSON(ctx, http.MethodDelete, "/inma/operations/"+pathSegment(operationID), nil, nil, "", nil, http.StatusNoContent, http.StatusOK, http.StatusAccepted)
	return CancelOperationResponse{}, err
}

// CancelAllOperationsOptions are the optional parameters of CancelAllOperations, reserved for future use.
type CancelAllOperationsOptions struct{}

// CancelAllOperationsResponse is the result of CancelAllOperations, reserved for future fields.
type CancelAllOperationsResponse struct{}

// CancelAllOperations cancels every running operation of the catalog
// (DELETE /inma/operations). It is catalog-wide, not per collection.
func (ic *IngestionClient) CancelAllOperations(ctx context.Context, options *CancelAllOperationsOptions) (CancelAllOperationsResponse, error) {
	_, err := ic.c.sendJSON(ctx, http.MethodDelete, "/inma/operations", nil, nil, "", nil, http.StatusNoContent, http.StatusOK, http.StatusAccepted)
	return CancelAllOperationsResponse{}, err
}

// WaitOperationResponse is the result of BeginWaitOperation.
type WaitOperationResponse struct {
	OperationResult
}

// BeginWaitOperationOptions are the optional parameters of BeginWaitOperation.
type BeginWaitOperationOptions struct {
	// ResumeToken resumes a poller from Poller.ResumeToken.
	ResumeToken string
}

// BeginWaitOperation returns a poller over an existing operation, for
// example the operation of an ingestion run. No request is sent until the
// poller polls. A failed or canceled operation makes the poller's result an
// *OperationError.
func (ic *IngestionClient) BeginWaitOperation(ctx context.Context, operationID string, options *BeginWaitOperationOptions) (*runtime.Poller[WaitOperationResponse], error) {
	c := ic.c
	if options != nil && options.ResumeToken != "" {
		return resumeLROPoller[WaitOperationResponse](c, options.ResumeToken)
	}
	if err := checkID("BeginWaitOperation", "operationID", operationID); err != nil {
		return nil, err
	}
	u, err := c.rebase("/inma/operations/" + pathSegment(operationID))
	if err != nil {
		return nil, err
	}
	h := &lroHandler[WaitOperationResponse]{c: c, Origin: c.endpoint.String(), PollURL: u.String()}
	return runtime.NewPoller[WaitOperationResponse](nil, c.pl, &runtime.NewPollerOptions[WaitOperationResponse]{Handler: h, Tracer: c.internal.Tracer()})
}
