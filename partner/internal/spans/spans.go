// Package spans starts and ends the spans of the partner flows (partner,
// gdp, gsp, batch) on a tracer of the client they write through (made from
// its TracingProvider), so that a partner who sets
// ClientOptions.TracingProvider (for example with azotel.NewTracingProvider)
// sees a delivery, a GSP run or a Batch job as one span tree, azcore's HTTP
// spans below. Attribute values are ids, counts, bytes and
// outcomes: never URLs, tokens, SAS or secrets.
package spans

import (
	"context"
	"errors"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"
)

// Attribute keys shared by the flows' spans.
const (
	Customer    = "geocatalog.partner.customer"
	Tenant      = "geocatalog.partner.tenant"
	Collection  = "geocatalog.collection"
	Source      = "geocatalog.source_collection"
	ItemID      = "geocatalog.item_id"
	Items       = "geocatalog.items"
	Bytes       = "geocatalog.bytes"
	Attempt     = "geocatalog.attempt"
	OperationID = "geocatalog.operation_id"
	IngestionID = "geocatalog.ingestion_id"
	RunID       = "geocatalog.run_id"
	Status      = "geocatalog.status"
	Outcome     = "geocatalog.outcome"
	Created     = "geocatalog.items.created"
	Replaced    = "geocatalog.items.replaced"
	Unchanged   = "geocatalog.items.unchanged"
	Failed      = "geocatalog.items.failed"
	Skipped     = "geocatalog.items.skipped"
	Bulk        = "geocatalog.bulk"
	ErrorCode   = "error.code"
)

// Start starts an internal span named name, a child of the span in ctx. A
// zero tracer (no TracingProvider) makes it a no-op.
func Start(ctx context.Context, tr tracing.Tracer, name string, attrs ...tracing.Attribute) (context.Context, tracing.Span) {
	if !tr.Enabled() {
		return ctx, tracing.Span{}
	}
	return tr.Start(ctx, name, &tracing.SpanOptions{Kind: tracing.SpanKindInternal, Attributes: attrs})
}

// End ends span; a non-nil err marks it failed. The status description
// names the error's type and service error code, never its message (which
// may quote a URL).
func End(span tracing.Span, err error) {
	if err != nil {
		span.SetStatus(tracing.SpanStatusError, Describe(err))
	}
	span.End()
}

// Describe is a secret-free description of err: its type and, for a
// service error, the HTTP status and error code.
func Describe(err error) string {
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		return fmt.Sprintf("%d %s", re.StatusCode, re.ErrorCode)
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "context canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "context deadline exceeded"
	}
	return fmt.Sprintf("%T", err)
}

// Attr is a short way to write one attribute.
func Attr(key string, value any) tracing.Attribute { return tracing.Attribute{Key: key, Value: value} }

// Totals are the item totals of a write as attributes.
func Totals(items, created, replaced, unchanged, failed int) []tracing.Attribute {
	return []tracing.Attribute{
		Attr(Items, items), Attr(Created, created), Attr(Replaced, replaced),
		Attr(Unchanged, unchanged), Attr(Failed, failed),
	}
}
