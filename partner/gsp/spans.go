package gsp

import (
	"context"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// sourceSpans holds the open gsp.ProcessItem span of each source item
// between its processing and its report.
type sourceSpans struct {
	mu   sync.Mutex
	open map[string]tracing.Span
}

func sourceKey(collection, itemID string) string { return collection + "/" + itemID }

// start starts the span of a source item; the span ends when the source is
// reported (end) or the run finishes (endAll).
func (s *sourceSpans) start(ctx context.Context, tr tracing.Tracer, collection, itemID string) context.Context {
	if !tr.Enabled() {
		return ctx
	}
	ctx, span := spans.Start(ctx, tr, "gsp.ProcessItem", spans.Attr(spans.Source, collection), spans.Attr(spans.ItemID, itemID))
	s.mu.Lock()
	if s.open == nil {
		s.open = map[string]tracing.Span{}
	}
	s.open[sourceKey(collection, itemID)] = span
	s.mu.Unlock()
	return ctx
}

// end ends the span of res's source item with its outcome.
func (s *sourceSpans) end(res SourceResult) {
	s.mu.Lock()
	span, ok := s.open[sourceKey(res.Collection, res.ItemID)]
	delete(s.open, sourceKey(res.Collection, res.ItemID))
	s.mu.Unlock()
	if !ok {
		return
	}
	span.SetAttributes(spans.Attr(spans.Outcome, string(res.Outcome)), spans.Attr("geocatalog.derived_items", len(res.Derived)))
	spans.End(span, res.Err)
}

// endAll ends the spans of the source items the run stopped before
// reporting.
func (s *sourceSpans) endAll(cause error) {
	s.mu.Lock()
	open := s.open
	s.open = nil
	s.mu.Unlock()
	for _, span := range open {
		span.SetAttributes(spans.Attr(spans.Outcome, "stopped"))
		spans.End(span, cause)
	}
}

// startRunSpan starts the span of a Run.
func startRunSpan(ctx context.Context, tr tracing.Tracer, job Job) (context.Context, tracing.Span) {
	return spans.Start(ctx, tr, "gsp.Run", spans.Attr(spans.Collection, job.Output.ID),
		spans.Attr("geocatalog.shard.index", job.Shard.Index), spans.Attr("geocatalog.shard.count", job.Shard.Count),
		spans.Attr("geocatalog.dry_run", job.DryRun))
}

// endRunSpan ends the span of a Run with the report's counts.
func endRunSpan(span tracing.Span, rep *Report, cause error) {
	span.SetAttributes(spans.Attr("geocatalog.sources.searched", rep.Searched), spans.Attr("geocatalog.sources.done", rep.Done),
		spans.Attr("geocatalog.sources.failed", rep.Failed), spans.Attr("geocatalog.sources.skipped", rep.Skipped),
		spans.Attr("geocatalog.derived_items", rep.DerivedItems))
	spans.End(span, cause)
}
