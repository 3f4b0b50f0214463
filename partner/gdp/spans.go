package gdp

import (
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// endDeliverSpan ends the span of a delivery with its totals and error.
func endDeliverSpan(span tracing.Span, rep *Report) {
	span.SetAttributes(spans.Attr(spans.Bulk, rep.Bulk), spans.Attr("geocatalog.collection_created", rep.CollectionCreated))
	if r := rep.Report; r != nil {
		span.SetAttributes(spans.Totals(len(r.Items), r.Created, r.Replaced, r.Unchanged, r.Failed)...)
	}
	spans.End(span, rep.Err)
}
