package partner

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// MaxIngestionItems is the largest static catalog one ingestion run takes
// (service limit); larger writes are split into several runs.
const MaxIngestionItems = 10000

// IngestOptions configures Writer.Ingest. A nil *IngestOptions means the
// defaults.
type IngestOptions struct {
	// DisplayName names the ingestion (default "partner delivery <time>").
	DisplayName string
	// SourceLifetime is the validity of the read+list container SAS given
	// to the ingestion source (rotated before each run), or of the signed
	// links of the static catalog when no source can be registered
	// (default 24 h). It must cover the run, queueing included.
	SourceLifetime time.Duration
	// PollInterval is the time between run status checks (default 1 s).
	PollInterval time.Duration
	// OnRun is called after each run status check with the run's counters.
	OnRun func(geocatalog.IngestionRun)
}

// IngestResult describes the ingestions of Writer.Ingest.
type IngestResult struct {
	// Links says how the runs read the static catalog: through the staging
	// container's ingestion source (plain links) or, when the source was
	// refused, through links that carry their own SAS.
	Links LinkMode
	// SourceID is the ingestion source registered, rotated or reused for
	// the staging container; "" when Links is LinksSigned.
	SourceID string
	// SourceAction is what the first run did to the source: SourceCreated,
	// SourceRotated or SourceReused ("" when Links is LinksSigned).
	SourceAction string
	// SourceExpires is the expiry of the SAS last given to the source (zero
	// for a reused non-SAS source).
	SourceExpires time.Time
	// SourceRefused says why no source could be used (Links is LinksSigned);
	// it never quotes a SAS.
	SourceRefused string
	// Runs are the ingestion runs, one per static catalog.
	Runs []IngestionRunRef
}

// IngestionRunRef names one ingestion run.
type IngestionRunRef struct {
	IngestionID, RunID, OperationID string
	Status                          geocatalog.OperationStatus
	Total, Succeeded, Failed        int64
}

// Ingest delivers items the bulk way: it writes a static catalog of the
// items into the Stager's container (local assets staged next to it),
// registers the container as a SasToken ingestion source with a read+list
// SAS covering the run (or rotates the SAS of the source that exists), so
// that the catalog's links are plain URLs read through the source, creates
// an ingestion with skipExistingItems and a run, and follows the run's
// counters. When the catalog refuses the source (a role that may not manage
// sources, a container URL it does not accept) or the Stager cannot sign a
// container SAS, every link carries its own SAS instead; IngestResult.Links
// and the Logger say which way was used. Items stored before with equal content
// are skipped, changed ones are replaced directly, and items the run did not
// deliver are sent again the direct way, so that each failure comes with its
// own reason. The Report is per item, as for Write.
func (w *Writer) Ingest(ctx context.Context, collectionID string, items iter.Seq2[*stac.Item, error], options *IngestOptions) (IngestResponse, error) {
	rep, res, err := w.ingest(ctx, collectionID, items, options)
	return IngestResponse{Report: rep, Ingest: res}, err
}

// IngestResponse is the result of Ingest.
type IngestResponse struct {
	// Report is the per-item report, as for Write (nil when Ingest could
	// not start).
	*Report
	// Ingest says how the bulk path ran: links, source, runs.
	Ingest *IngestResult
}

// ingest is Ingest.
func (w *Writer) ingest(ctx context.Context, collectionID string, items iter.Seq2[*stac.Item, error], options *IngestOptions) (*Report, *IngestResult, error) {
	if w.opts.Stager == nil {
		return nil, nil, errors.New("partner: Ingest needs a Stager for the static catalog")
	}
	var o IngestOptions
	if options != nil {
		o = *options
	}
	if o.SourceLifetime <= 0 {
		o.SourceLifetime = 24 * time.Hour
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.DisplayName == "" {
		o.DisplayName = "partner delivery " + time.Now().UTC().Format(time.RFC3339)
	}
	rep := &Report{Collection: collectionID, Started: time.Now(), Manifest: &Manifest{}}
	ctx, span := spans.Start(ctx, w.client.Tracer(), "partner.Ingest", spans.Attr(spans.Collection, collectionID))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	run := &writeRun{
		w: w, collection: collectionID, manifest: rep.Manifest, cancel: cancel,
		cat: &catalogCalls{stac: w.client.STAC(), pacer: w.opts.Pacer},
	}
	throttled0 := w.opts.Pacer.Throttled()
	res := &IngestResult{}

	// Read and prepare everything; settle what the journal and a lookup
	// already answer.
	var chunk []input
	var pending []*prepared
	byIndex := map[int]input{}
	flush := func() {
		if len(chunk) > 0 {
			pending = append(pending, run.triage(ctx, chunk, byIndex)...)
			chunk = nil
		}
	}
	var numbered inputNumberer
	for it, err := range items {
		chunk = append(chunk, numbered.next(it, err))
		if len(chunk) >= 100 {
			flush()
		}
	}
	flush()

	for start := 0; start < len(pending) && ctx.Err() == nil; start += MaxIngestionItems {
		part := pending[start:min(start+MaxIngestionItems, len(pending))]
		ref, err := run.ingestPart(ctx, part, byIndex, &o, res)
		if ref != nil {
			res.Runs = append(res.Runs, *ref)
		}
		if err != nil {
			if isAccessDenied(err) {
				cancel(&AccessDeniedError{Endpoint: w.client.Endpoint(), StatusCode: statusOf(err), Op: "bulk ingestion", Err: err})
			}
			// The run could not be used: deliver this part the direct way.
			for _, b := range run.batches(part) {
				run.createBatch(ctx, b, byIndex, 1)
			}
		}
	}
	run.complete(rep, w.opts.Pacer.Throttled()-throttled0)
	cause := context.Cause(ctx)
	span.SetAttributes(spans.Attr("geocatalog.ingestion_runs", len(res.Runs)))
	endWriteSpan(span, rep, cause)
	return rep, res, cause
}

// triage prepares a chunk, settles journaled and stored items, replaces
// changed ones, and returns the items to create.
func (r *writeRun) triage(ctx context.Context, chunk []input, byIndex map[int]input) []*prepared {
	var todo []*prepared
	var early []ItemResult
	var earlyPreps []*prepared
	for _, in := range chunk {
		byIndex[in.index] = in
		p := r.prepareInput(in)
		if p == nil {
			continue
		}
		if res, done := r.journaled(p); done {
			early = append(early, res)
			earlyPreps = append(earlyPreps, p)
			continue
		}
		todo = append(todo, p)
	}
	r.finishItems(early, earlyPreps)
	if ctx.Err() != nil {
		r.failAll(ctx, todo, byIndex, context.Cause(ctx))
		return nil
	}
	if len(todo) == 0 {
		return nil
	}
	stored, err := r.lookupStored(ctx, todo)
	if err != nil {
		r.failAll(ctx, todo, byIndex, err)
		return nil
	}
	var creates, replaces []*prepared
	var settled []ItemResult
	var settledPreps []*prepared
	for _, p := range todo {
		s, ok := stored[p.item.ID]
		switch {
		case !ok:
			creates = append(creates, p)
		default:
			if res, equal := r.compare(p, s, ""); equal {
				settled = append(settled, res)
				settledPreps = append(settledPreps, p)
			} else {
				replaces = append(replaces, p)
			}
		}
	}
	r.finishItems(settled, settledPreps)
	for _, p := range r.stageAll(ctx, replaces, byIndex) {
		r.replaceOne(ctx, p, byIndex)
	}
	return creates
}

// ingestPart runs ingestRun in a span of its own.
func (r *writeRun) ingestPart(ctx context.Context, ps []*prepared, byIndex map[int]input, o *IngestOptions, res *IngestResult) (*IngestionRunRef, error) {
	ctx, span := spans.Start(ctx, r.w.client.Tracer(), "partner.IngestionRun", spans.Attr(spans.Collection, r.collection), spans.Attr(spans.Items, len(ps)))
	ref, err := r.ingestRun(ctx, ps, byIndex, o, res)
	endRunSpan(span, ref, err)
	return ref, err
}

// ingestRun delivers up to MaxIngestionItems items through one static
// catalog and ingestion run, then settles every item by a lookup.
func (r *writeRun) ingestRun(ctx context.Context, ps []*prepared, byIndex map[int]input, o *IngestOptions, res *IngestResult) (*IngestionRunRef, error) {
	st := r.w.opts.Stager
	ps = r.stageAll(ctx, ps, byIndex)
	if len(ps) == 0 {
		return nil, nil
	}
	tag := time.Now().UTC().Format("20060102T150405Z") + "-" + uuid.NewString()[:8]
	base := st.BlobName("catalogs", r.collection, tag)
	expiry := time.Now().Add(o.SourceLifetime)

	// Register (or rotate) the container as an ingestion source; the links
	// are plain then, signed only when the source was refused.
	viaSource, err := r.useSource(ctx, o, res)
	if err != nil {
		return nil, err
	}
	containerURL := st.ContainerURL()
	link := func(u string) (string, error) {
		if viaSource {
			return u, nil
		}
		return st.SignURL(u, &SignURLOptions{ExpiresOn: expiry})
	}

	// Item documents, uploaded in parallel.
	links := make([]stac.Link, len(ps))
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(4, r.w.opts.Concurrency))
	for i, p := range ps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			doc := p.item
			if viaSource {
				doc = plainHrefs(p.item, containerURL)
			}
			b, err := json.Marshal(doc)
			if err == nil {
				name := base + "/items/" + p.item.ID + ".json"
				var up UploadBytesResponse
				var u string
				if up, err = st.UploadBytes(ctx, name, b, &UploadBytesOptions{ContentType: "application/geo+json"}); err == nil {
					u, err = link(up.URL)
				}
				links[i] = stac.Link{Rel: "item", Href: u, Type: "application/geo+json"}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	catalog := map[string]any{
		"type": "Catalog", "stac_version": stac.Version, "id": r.collection + "-" + tag,
		"description": o.DisplayName, "links": links,
	}
	b, err := json.Marshal(catalog)
	if err != nil {
		return nil, err
	}
	up, err := st.UploadBytes(ctx, base+"/catalog.json", b, &UploadBytesOptions{ContentType: "application/json"})
	if err != nil {
		return nil, err
	}
	catURL, err := link(up.URL)
	if err != nil {
		return nil, err
	}

	ic := r.w.client.Ingestion()
	if err := r.cat.wait(ctx); err != nil {
		return nil, err
	}
	ing, err := ic.CreateIngestion(ctx, r.collection, geocatalog.Ingestion{
		ImportType: "StaticCatalog", DisplayName: o.DisplayName, SourceCatalogURL: catURL, SkipExistingItems: true,
	}, nil)
	if err != nil {
		return nil, err
	}
	recs := make([]JournalRecord, len(ps))
	for i, p := range ps {
		recs[i] = r.record(p, OutcomeSubmitted, "", nil)
	}
	if !r.journal(recs...) {
		return nil, context.Cause(ctx)
	}
	if err := r.cat.wait(ctx); err != nil {
		return nil, err
	}
	created, err := ic.CreateRun(ctx, r.collection, ing.ID, nil)
	runInfo := created.IngestionRun
	if err != nil {
		return nil, err
	}
	ref := &IngestionRunRef{IngestionID: ing.ID, RunID: runInfo.ID, OperationID: runInfo.Operation.ID}
	for !runInfo.Operation.Status.IsTerminal() {
		t := time.NewTimer(o.PollInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ref, context.Cause(ctx)
		case <-t.C:
		}
		if err := r.cat.wait(ctx); err != nil {
			return ref, err
		}
		next, err := ic.GetRun(ctx, r.collection, ing.ID, runInfo.ID, nil)
		if err != nil {
			if isAccessDenied(err) || ctx.Err() != nil {
				return ref, err
			}
			continue // transient: azcore retried already; ask again
		}
		runInfo = next.IngestionRun
		if o.OnRun != nil {
			o.OnRun(runInfo)
		}
	}
	op := runInfo.Operation
	ref.Status, ref.Total, ref.Succeeded, ref.Failed = op.Status, op.TotalItems, op.TotalSuccessfulItems, op.TotalFailedItems

	// Settle every item by what the catalog holds; send the missing ones
	// again the direct way (their failures then carry their own reasons).
	missing := r.settleFound(ctx, ps, byIndex, op.ID)
	for _, b := range r.batches(missing) {
		r.createBatch(ctx, b, byIndex, 2)
	}
	return ref, nil
}
