package batch

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// moduleName names the tracer of the Batch job spans.
const moduleName = "github.com/geocatalog-partner/sdk-go/partner/batch"

// The span names of the client's methods.
const (
	spanSubmit    = "batch.Submit"
	spanWatch     = "batch.Watch"
	spanMerge     = "batch.MergeReports"
	spanTerminate = "batch.Terminate"
)

// startSpan starts the span of a method for jobID: a child of the span in
// ctx, the parent of azbatch's and azcore's spans of its requests.
func (c *Client) startSpan(ctx context.Context, name, jobID string, attrs ...tracing.Attribute) (context.Context, tracing.Span) {
	return spans.Start(ctx, c.tracer, name, append([]tracing.Attribute{spans.Attr(spans.BatchJobID, jobID)}, attrs...)...)
}

// progressAttributes are the counts of p as attributes.
func progressAttributes(p Progress) []tracing.Attribute {
	return []tracing.Attribute{
		spans.Attr(spans.BatchTasks, p.Tasks), spans.Attr(spans.BatchTasksActive, p.Active),
		spans.Attr(spans.BatchTasksRunning, p.Running), spans.Attr(spans.BatchTasksCompleted, p.Completed),
		spans.Attr(spans.BatchTasksFailed, p.Failed), spans.Attr(spans.BatchTaskRetries, p.Retries),
	}
}
