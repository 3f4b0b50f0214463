package batch

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// ClientOptions configures a Client. A nil *ClientOptions means azcore's
// defaults.
type ClientOptions struct {
	// ClientOptions are azcore's options of the Batch requests. Set
	// TracingProvider (for example azotel.NewTracingProvider) to trace the
	// client: Submit, Watch, MergeReports and Terminate each start a span
	// (batch.Submit, ...) with the job's ids and counts, never a URL, SAS
	// or token, and azbatch's and azcore's request spans are below it.
	azcore.ClientOptions
}

// Client submits and follows sharded jobs on a Batch account.
type Client struct {
	batch *azbatch.Client
	// tracer starts the methods' spans. It is made from the
	// TracingProvider, not taken from azcore's client: azcore shares one
	// URL snapshot between a span of its client tracer and all its
	// descendants, which Submit's concurrent requests would write at once.
	tracer tracing.Tracer
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
	return &Client{batch: c, tracer: o.TracingProvider.NewTracer(moduleName, geocatalog.ModuleVersion)}, nil
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
func (c *Client) Terminate(ctx context.Context, jobID string, options *TerminateOptions) (resp TerminateResponse, err error) {
	ctx, span := c.startSpan(ctx, spanTerminate, jobID)
	defer func() { spans.End(span, err) }()
	var o azbatch.TerminateJobOptions
	if options != nil && options.Reason != "" {
		o.Parameters = &azbatch.TerminateJobContent{TerminationReason: &options.Reason}
	}
	r, err := c.batch.TerminateJob(ctx, jobID, &o)
	return TerminateResponse{r}, err
}
