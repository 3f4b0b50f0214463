package partner

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// reportAttrs are the totals of rep as span attributes.
func reportAttrs(rep *Report) []tracing.Attribute {
	return spans.Totals(len(rep.Items), rep.Created, rep.Replaced, rep.Unchanged, rep.Failed)
}

// endWriteSpan ends the span of a Write or an Ingest with the report's
// totals.
func endWriteSpan(span tracing.Span, rep *Report, err error) {
	span.SetAttributes(reportAttrs(rep)...)
	spans.End(span, err)
}

// endBatchSpan ends the span of one create batch with its operation id.
func endBatchSpan(span tracing.Span, opID string, err error) {
	if opID != "" {
		span.SetAttributes(spans.Attr(spans.OperationID, opID))
	}
	if err != nil {
		span.SetAttributes(spans.Attr(spans.ErrorCode, errorCode(err)))
	}
	spans.End(span, err)
}

// endRunSpan ends the span of one ingestion run with its ids and counters.
func endRunSpan(span tracing.Span, ref *IngestionRunRef, err error) {
	if ref != nil {
		span.SetAttributes(spans.Attr(spans.IngestionID, ref.IngestionID), spans.Attr(spans.RunID, ref.RunID),
			spans.Attr(spans.OperationID, ref.OperationID), spans.Attr(spans.Status, string(ref.Status)),
			spans.Attr(spans.Created, int(ref.Succeeded)), spans.Attr(spans.Failed, int(ref.Failed)))
	}
	spans.End(span, err)
}
