package batch

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
)

// ClientOptions configures a Client. A nil *ClientOptions means azcore's
// defaults.
type ClientOptions struct {
	azcore.ClientOptions
}

// Client submits and follows sharded jobs on a Batch account.
type Client struct {
	batch *azbatch.Client
}

// NewClient returns a client of the Batch account endpoint
// (https://<account>.<region>.batch.azure.com), authenticated with cred:
// the partner's app or a managed identity holding a Batch role.
func NewClient(endpoint string, cred azcore.TokenCredential, options *ClientOptions) (*Client, error) {
	if cred == nil {
		return nil, errors.New("batch: credential is nil")
	}
	if u, err := url.Parse(endpoint); err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("batch: endpoint %q: must be an https URL", redact(endpoint))
	}
	var o azbatch.ClientOptions
	if options != nil {
		o.ClientOptions = options.ClientOptions
	}
	c, err := azbatch.NewClient(endpoint, cred, &o)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	return &Client{batch: c}, nil
}

// TerminateOptions are the optional parameters of Terminate.
type TerminateOptions struct {
	// Reason is the job's termination reason (default "UserTerminate").
	Reason string
}

// TerminateResponse is the result of Terminate.
type TerminateResponse struct {
	azbatch.TerminateJobResponse
}

// Terminate ends the job: running tasks are stopped and no task starts
// again.
func (c *Client) Terminate(ctx context.Context, jobID string, options *TerminateOptions) (TerminateResponse, error) {
	var o azbatch.TerminateJobOptions
	if options != nil && options.Reason != "" {
		o.Parameters = &azbatch.TerminateJobContent{TerminationReason: &options.Reason}
	}
	resp, err := c.batch.TerminateJob(ctx, jobID, &o)
	return TerminateResponse{resp}, err
}
