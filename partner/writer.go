package partner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"path"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// Defaults of WriterOptions.
const (
	DefaultWriteConcurrency = 4
	DefaultMaxBatchItems    = 100
	DefaultMaxBatchBytes    = 1 << 20
	DefaultMaxAttempts      = 3
)

// WriterOptions configures a Writer. A nil *WriterOptions means the defaults.
type WriterOptions struct {
	// Stager stages assets whose href is a local file (a path, absolute or
	// relative to BaseDir, or a file:// URL). Nil means such items fail.
	Stager *Stager
	// BaseDir resolves relative local hrefs (default: the working directory).
	BaseDir string
	// Journal records every outcome; items it shows delivered with the same
	// content are skipped without a request. Nil means no journal.
	Journal *Journal
	// TenantID is the customer's Entra tenant: it goes into the journal's
	// binding, so that the journal cannot be reused for another tenant.
	TenantID string
	// Pacer paces this customer's requests. Nil means no pacing.
	Pacer *Pacer
	// Concurrency is the number of batches in flight (default 4).
	Concurrency int
	// StageConcurrency is the number of items whose assets are staged at
	// once, per batch in flight (default 8).
	StageConcurrency int
	// MaxBatchItems and MaxBatchBytes bound one ItemCollection create
	// (defaults 100 items, 1 MB of JSON).
	MaxBatchItems int
	MaxBatchBytes int
	// MaxAttempts bounds the attempts per item after retryable operation
	// failures such as InternalError (default 3). Transport retries of one
	// request (429, 5xx, dropped connections) are azcore's, configured in
	// the client's options.
	MaxAttempts int
	// AssumeNew says the collection held none of the items when the write
	// started (it was just created): items the journal does not know are
	// created without looking them up first. When a create then finds an
	// item present, it is compared anyway.
	AssumeNew bool
	// BeforeFirstWrite, when set, is called once before the write's first
	// change (asset staging, create or replace); an error stops the write
	// with that error before anything is sent. gdp uses it to prove write
	// access only when there is something to write.
	BeforeFirstWrite func(ctx context.Context) error
	// ConfirmByLookup confirms the batches in flight together, with one
	// list of the collection's operations (or, when the catalog refuses
	// the list, one search for all their ids), instead of polling each
	// create operation (about one request per batch instead of two, which
	// matters under a request rate limit). A batch the list shows ended
	// otherwise than Succeeded with no failed item, or that the lists or
	// lookups do not confirm, has its operation polled as usual.
	ConfirmByLookup bool
	// OnItem is called with each item's result as soon as it is known, from
	// one goroutine at a time.
	OnItem func(ItemResult)
	// Logger receives one audit record per item (and per batch); nil means
	// none. LogAttrs are added to every record (customer, tenant, ...).
	Logger   *slog.Logger
	LogAttrs []slog.Attr
}

// Writer writes items into collections of one catalog (one customer).
// It is safe for concurrent use; writes share its Pacer.
type Writer struct {
	client *geocatalog.Client
	opts   WriterOptions
}

// NewWriter returns a Writer over client.
func NewWriter(client *geocatalog.Client, options *WriterOptions) *Writer {
	w := &Writer{client: client}
	if options != nil {
		w.opts = *options
	}
	o := &w.opts
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultWriteConcurrency
	}
	if o.StageConcurrency <= 0 {
		o.StageConcurrency = 8
	}
	if o.MaxBatchItems <= 0 {
		o.MaxBatchItems = DefaultMaxBatchItems
	}
	if o.MaxBatchBytes <= 0 {
		o.MaxBatchBytes = DefaultMaxBatchBytes
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	return w
}

// WriteItemsOptions are the optional parameters of WriteItems, reserved
// for future use.
type WriteItemsOptions struct{}

// WriteItemsResponse is the result of WriteItems.
type WriteItemsResponse struct {
	// Report is the per-item report; it is set even when the error is not
	// nil.
	*Report
}

// WriteItems writes a slice of items; see Write.
func (w *Writer) WriteItems(ctx context.Context, collectionID string, items []*stac.Item, options *WriteItemsOptions) (WriteItemsResponse, error) {
	rep, err := w.write(ctx, collectionID, func(yield func(*stac.Item, error) bool) {
		for _, it := range items {
			if !yield(it, nil) {
				return
			}
		}
	})
	return WriteItemsResponse{Report: rep}, err
}

// WriteOptions are the optional parameters of Write, reserved for future
// use.
type WriteOptions struct{}

// WriteResponse is the result of Write.
type WriteResponse struct {
	// Report is the per-item report; it is set even when the error is not
	// nil.
	*Report
}

// Write delivers items into the collection collectionID, which must exist.
// For each item it validates, stages local asset files, creates new items
// in ItemCollection batches and awaits the operations; an item already
// stored is compared by ContentHash and skipped when equal, replaced when
// not. A sequence error (a line that does not decode) fails that item alone.
//
// The error is nil unless the whole write stopped: ctx ended, the journal
// could not be written or belongs to another catalog or tenant
// (*JournalMismatchError, before anything is sent), or the catalog refused
// access (*AccessDeniedError).
// The Report is returned in every case, with every item the write reached.
func (w *Writer) Write(ctx context.Context, collectionID string, items iter.Seq2[*stac.Item, error], options *WriteOptions) (WriteResponse, error) {
	rep, err := w.write(ctx, collectionID, items)
	return WriteResponse{Report: rep}, err
}

// write is Write.
func (w *Writer) write(ctx context.Context, collectionID string, items iter.Seq2[*stac.Item, error]) (*Report, error) {
	rep := &Report{Collection: collectionID, Started: time.Now(), Manifest: &Manifest{}}
	if err := w.bindJournal(collectionID); err != nil {
		return rep, err
	}
	ctx, span := spans.Start(ctx, w.client.Tracer(), "partner.Write", spans.Attr(spans.Collection, collectionID))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	run := &writeRun{
		w:          w,
		collection: collectionID,
		cat:        &catalogCalls{stac: w.client.STAC(), pacer: w.opts.Pacer},
		manifest:   rep.Manifest,
		cancel:     cancel,
		prepSlots:  make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	throttled0 := w.opts.Pacer.Throttled()
	if w.opts.ConfirmByLookup {
		run.confirm = newConfirmer(run)
		cctx, stop := context.WithCancel(ctx)
		defer stop()
		go run.confirm.run(cctx)
	}

	chunks := make(chan []input)
	var wg sync.WaitGroup
	for range w.opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chunk := range chunks {
				run.busy.Add(1)
				run.processChunk(ctx, chunk)
				run.busy.Add(-1)
				if run.confirm != nil {
					run.confirm.poke()
				}
			}
		}()
	}
	var chunk []input
	var numbered inputNumberer
	send := func() bool {
		if len(chunk) == 0 {
			return true
		}
		select {
		case chunks <- chunk:
			chunk = nil
			return true
		case <-ctx.Done():
			return false
		}
	}
	for it, err := range items {
		chunk = append(chunk, numbered.next(it, err))
		if len(chunk) >= w.opts.MaxBatchItems && !send() {
			break
		}
	}
	if !send() {
		// The write stopped: the items read but not handed out fail with
		// the cause (the rest of the sequence is not read).
		for _, in := range chunk {
			run.report(run.fail(nil, in, context.Cause(ctx)))
		}
	}
	close(chunks)
	wg.Wait()

	// Items never reached (the write stopped) are reported as failed.
	cause := context.Cause(ctx)
	run.complete(rep, w.opts.Pacer.Throttled()-throttled0)
	endWriteSpan(span, rep, cause)
	if cause != nil {
		return rep, cause
	}
	return rep, nil
}

// complete fills rep with the run's results and counters once the run
// has stopped; throttled is the number of throttled answers it saw.
func (r *writeRun) complete(rep *Report, throttled int64) {
	r.mu.Lock()
	results := r.results
	r.mu.Unlock()
	rep.Requests = r.cat.requests.Load()
	rep.Batches = r.cat.batches.Load()
	rep.Throttled = throttled
	r.timings(rep)
	rep.finish(results)
}

func (r *writeRun) timings(rep *Report) {
	rep.Resent = r.resent.Load()
	rep.Timings = Timings{
		Prepare: time.Duration(r.prepareNanos.Load()), Lookup: time.Duration(r.cat.lookupNanos.Load()),
		Staging: time.Duration(r.stageNanos.Load()), Write: time.Duration(r.cat.writeNanos.Load()),
	}
}

// input is one element of the item sequence.
type input struct {
	index int
	item  *stac.Item
	err   error
	dup   bool
}

// inputNumberer numbers the items of an input sequence and fails an item
// whose id appeared earlier in the same input (a duplicate is never sent).
type inputNumberer struct {
	index int
	seen  map[string]bool
}

// next returns the input for the next element of the sequence.
func (n *inputNumberer) next(it *stac.Item, err error) input {
	in := input{index: n.index, item: it, err: err}
	n.index++
	if err == nil && it != nil {
		if n.seen == nil {
			n.seen = map[string]bool{}
		}
		if n.seen[it.ID] {
			in.err = fmt.Errorf("partner: item id %q appears more than once in the input", it.ID)
			in.dup = true
		}
		n.seen[it.ID] = true
	}
	return in
}

// writeRun is the state of one Write.
type writeRun struct {
	w          *Writer
	collection string
	cat        *catalogCalls
	manifest   *Manifest
	cancel     context.CancelCauseFunc

	prepareNanos, stageNanos atomic.Int64
	resent                   atomic.Int64

	mu      sync.Mutex
	results []ItemResult

	firstWrite    sync.Once
	firstWriteErr error

	confirm *confirmer // nil unless ConfirmByLookup
	// busy counts the workers holding a chunk (the confirmer's lists are
	// due when all of them wait for a confirmation).
	busy atomic.Int64

	// prepSlots bounds the chunks being prepared at once to the CPUs, so
	// that chunks are ready in input order (the first request leaves as
	// soon as the first chunk is ready, not when all the chunks in flight
	// are) instead of all sharing the CPUs.
	prepSlots chan struct{}
}

// beforeWrite runs WriterOptions.BeforeFirstWrite once; false means the
// write stopped.
func (r *writeRun) beforeWrite(ctx context.Context) bool {
	f := r.w.opts.BeforeFirstWrite
	if f == nil {
		return true
	}
	r.firstWrite.Do(func() {
		if err := f(ctx); err != nil {
			r.firstWriteErr = err
			r.cancel(err)
		}
	})
	return r.firstWriteErr == nil
}

// report records a final result: journal, callback, audit log.
func (r *writeRun) report(res ItemResult) {
	if res.Message != "" {
		res.Message = redactMessage(res.Message)
	}
	r.mu.Lock()
	r.results = append(r.results, res)
	if r.w.opts.OnItem != nil {
		r.w.opts.OnItem(res)
	}
	r.mu.Unlock()
	if lg := r.w.opts.Logger; lg != nil {
		attrs := append(slices.Clone(r.w.opts.LogAttrs),
			slog.String("collection", r.collection), slog.String("item", res.ID),
			slog.String("outcome", string(res.Outcome)))
		if res.OperationID != "" {
			attrs = append(attrs, slog.String("operation", res.OperationID))
		}
		if res.Err != nil {
			if id := requestID(res.Err); id != "" {
				attrs = append(attrs, slog.String("request_id", id))
			}
		}
		if res.Code != "" {
			attrs = append(attrs, slog.String("code", res.Code), slog.String("reason", res.Message))
		}
		level := slog.LevelInfo
		if res.Outcome == OutcomeFailed {
			level = slog.LevelWarn
		}
		lg.LogAttrs(context.Background(), level, "partner.item", attrs...)
	}
}

func (r *writeRun) fail(p *prepared, in input, err error) ItemResult {
	res := ItemResult{Index: in.index, Outcome: OutcomeFailed, Err: err, Code: errorCode(err), Message: err.Error()}
	if in.dup {
		res.Code = CodeDuplicateID
	}
	if in.item != nil {
		res.ID = in.item.ID
	}
	if p != nil {
		res.Hash = p.hash
	}
	var oe *geocatalog.OperationError
	if errors.As(err, &oe) && oe.Operation != nil {
		res.OperationID = oe.Operation.ID
	}
	return res
}

// journal appends records; a journal failure stops the write.
func (r *writeRun) journal(recs ...JournalRecord) bool {
	j := r.w.opts.Journal
	if j == nil || len(recs) == 0 {
		return true
	}
	if err := j.Append(recs...); err != nil {
		r.cancel(err)
		return false
	}
	return true
}

func (r *writeRun) record(p *prepared, out Outcome, opID string, err error) JournalRecord {
	rec := JournalRecord{Collection: r.collection, ItemID: p.item.ID, Hash: p.hash, Outcome: out, OperationID: opID}
	if err != nil {
		rec.Code = errorCode(err)
		rec.Message = redactMessage(err.Error())
	}
	return rec
}

// finishItems journals final outcomes as one batch, then reports them.
func (r *writeRun) finishItems(results []ItemResult, preps []*prepared) {
	recs := make([]JournalRecord, 0, len(results))
	for i, res := range results {
		if preps[i] == nil || res.FromJournal {
			continue
		}
		recs = append(recs, r.record(preps[i], res.Outcome, res.OperationID, res.Err))
	}
	if !r.journal(recs...) {
		return
	}
	for _, res := range results {
		r.report(res)
	}
}

// prepareInput prepares one input for writing; an input that cannot be
// (unreadable, invalid) is reported failed and nil is returned.
func (r *writeRun) prepareInput(in input) *prepared {
	if in.err != nil {
		r.report(r.fail(nil, in, in.err))
		return nil
	}
	t0 := time.Now()
	p, err := prepare(in.index, in.item, r.collection, r.w.opts.BaseDir)
	since(t0, &r.prepareNanos)
	if err != nil {
		r.report(r.fail(nil, in, err))
		return nil
	}
	return p
}

// journaled reports whether the journal shows p delivered with this content
// already, and then its result: nothing is sent for it.
func (r *writeRun) journaled(p *prepared) (ItemResult, bool) {
	j := r.w.opts.Journal
	if j == nil || !j.Completed(r.collection, p.item.ID, p.hash) {
		return ItemResult{}, false
	}
	rec, _ := j.Last(r.collection, p.item.ID)
	return ItemResult{Index: p.index, ID: p.item.ID, Outcome: OutcomeUnchanged, Hash: p.hash, OperationID: rec.OperationID, FromJournal: true}, true
}

// lookupStored gets the stored copies of the items that may exist: all of
// them, or with AssumeNew only those the journal knows (sent before a crash,
// or failed before).
func (r *writeRun) lookupStored(ctx context.Context, todo []*prepared) (map[string]*stac.Item, error) {
	var ids []string
	for _, p := range todo {
		if !r.w.opts.AssumeNew || r.journalKnows(p) {
			ids = append(ids, p.item.ID)
		}
	}
	if len(ids) == 0 {
		return map[string]*stac.Item{}, nil
	}
	return r.lookup(ctx, ids)
}

// processChunk takes one chunk of input through validation, journal skip,
// lookup, staging, batched creates and replaces.
func (r *writeRun) processChunk(ctx context.Context, chunk []input) {
	var todo []*prepared
	byIndex := map[int]input{}
	var early []ItemResult
	var earlyPreps []*prepared
	r.prepSlots <- struct{}{}
	for _, in := range chunk {
		byIndex[in.index] = in
		if ctx.Err() != nil {
			r.report(r.fail(nil, in, context.Cause(ctx)))
			continue
		}
		p := r.prepareInput(in)
		if p == nil {
			continue
		}
		if len(p.local) > 0 && r.w.opts.Stager == nil {
			r.report(r.fail(p, in, &InvalidItemError{ItemID: p.item.ID, Problems: []string{"has local asset files but the writer has no Stager"}}))
			continue
		}
		if res, done := r.journaled(p); done {
			early = append(early, res)
			earlyPreps = append(earlyPreps, p)
			continue
		}
		todo = append(todo, p)
	}
	<-r.prepSlots
	r.finishItems(early, earlyPreps)
	if len(todo) == 0 {
		return
	}

	stored, err := r.lookupStored(ctx, todo)
	if err != nil {
		r.failAll(ctx, todo, byIndex, err)
		return
	}
	var creates, replaces []*prepared
	var settled []ItemResult
	var settledPreps []*prepared
	for _, p := range todo {
		s, ok := stored[p.item.ID]
		if !ok {
			creates = append(creates, p)
			continue
		}
		if res, equal := r.compare(p, s, ""); equal {
			settled = append(settled, res)
			settledPreps = append(settledPreps, p)
			continue
		}
		replaces = append(replaces, p)
	}
	r.finishItems(settled, settledPreps)

	creates = r.stageAll(ctx, creates, byIndex)
	replaces = r.stageAll(ctx, replaces, byIndex)
	for _, batch := range r.batches(creates) {
		r.createBatch(ctx, batch, byIndex, 1)
	}
	for _, p := range replaces {
		r.replaceOne(ctx, p, byIndex)
	}
}

// lookup finds stored items, asking again (up to MaxAttempts) after a
// retryable failure that outlived azcore's retries.
func (r *writeRun) lookup(ctx context.Context, ids []string) (map[string]*stac.Item, error) {
	var err error
	for attempt := 1; attempt <= r.w.opts.MaxAttempts; attempt++ {
		var found map[string]*stac.Item
		if found, err = r.cat.findItems(ctx, r.collection, ids); err == nil {
			return found, nil
		}
		if ctx.Err() != nil || !retryableCodes[errorCode(err)] {
			break
		}
	}
	return nil, err
}

func (r *writeRun) journalKnows(p *prepared) bool {
	if j := r.w.opts.Journal; j != nil {
		_, ok := j.Last(r.collection, p.item.ID)
		return ok
	}
	return false
}

// compare reports whether the stored item s has p's content; the result
// says created when the journal shows p was sent (the create landed before
// a crash or a lost answer), unchanged otherwise.
func (r *writeRun) compare(p *prepared, s *stac.Item, opID string) (ItemResult, bool) {
	h, err := ContentHash(s)
	if err != nil || h != p.hash {
		return ItemResult{}, false
	}
	out := OutcomeUnchanged
	if j := r.w.opts.Journal; j != nil {
		if rec, ok := j.Last(r.collection, p.item.ID); ok && rec.Outcome == OutcomeSubmitted && rec.Hash == p.hash {
			out = OutcomeCreated
			if rec.Action == actionReplace {
				out = OutcomeReplaced
			}
			if opID == "" {
				opID = rec.OperationID
			}
		}
	}
	return ItemResult{Index: p.index, ID: p.item.ID, Outcome: out, Hash: p.hash, OperationID: opID}, true
}

func (r *writeRun) failAll(ctx context.Context, ps []*prepared, byIndex map[int]input, err error) {
	if isAccessDenied(err) {
		r.cancel(&AccessDeniedError{Endpoint: r.w.client.Endpoint(), StatusCode: statusOf(err), Op: "write items", Err: err})
	}
	if ctx.Err() != nil {
		err = context.Cause(ctx)
	}
	results := make([]ItemResult, len(ps))
	for i, p := range ps {
		results[i] = r.fail(p, byIndex[p.index], err)
	}
	r.finishItems(results, ps)
}

// stageAll stages the local assets of ps and points their hrefs at the
// signed copies; items whose staging fails are reported failed.
func (r *writeRun) stageAll(ctx context.Context, ps []*prepared, byIndex map[int]input) []*prepared {
	if len(ps) > 0 && !r.beforeWrite(ctx) {
		r.failAll(ctx, ps, byIndex, r.firstWriteErr)
		return nil
	}
	errs := make([]error, len(ps))
	var wg sync.WaitGroup
	sem := make(chan struct{}, r.w.opts.StageConcurrency)
	for i, p := range ps {
		if len(p.local) == 0 {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = r.stage(ctx, p)
		}()
	}
	wg.Wait()
	var ok []*prepared
	for i, p := range ps {
		if err := errs[i]; err != nil {
			if ctx.Err() != nil {
				err = context.Cause(ctx)
			}
			res := r.fail(p, byIndex[p.index], err)
			if ctx.Err() == nil {
				res.Code = CodeStagingError
			}
			r.finishItems([]ItemResult{res}, []*prepared{p})
			continue
		}
		ok = append(ok, p)
	}
	return ok
}

func (r *writeRun) stage(ctx context.Context, p *prepared) error {
	defer since(time.Now(), &r.stageNanos)
	st := r.w.opts.Stager
	for _, la := range p.local {
		blobName := st.BlobName(r.collection, p.item.ID, la.key+path.Ext(la.path))
		// A blob of an item new to the collection and to the journal was
		// not staged by an earlier run: no need to look for it first.
		fresh := r.w.opts.AssumeNew && !r.journalKnows(p)
		sa, err := st.stageFile(ctx, la.path, blobName, &la.digest, !fresh)
		if err != nil {
			return err
		}
		p.item.Assets[la.key].Href = sa.SignedURL
		r.manifest.Add(ManifestAsset{
			Collection: r.collection, ItemID: p.item.ID, Key: la.key, Source: la.source, Blob: sa.Blob,
			Size: sa.Size, MD5: fmt.Sprintf("%x", sa.MD5), Checksum: la.digest.Checksum(), Uploaded: sa.Uploaded,
		})
	}
	return p.encode() // the hrefs changed
}

// batches splits ps into ItemCollections under the item and byte limits.
func (r *writeRun) batches(ps []*prepared) [][]*prepared {
	var out [][]*prepared
	var cur []*prepared
	size := 64
	for _, p := range ps {
		n := p.size + 1
		if len(cur) > 0 && (len(cur) >= r.w.opts.MaxBatchItems || size+n > r.w.opts.MaxBatchBytes) {
			out = append(out, cur)
			cur, size = nil, 64
		}
		cur = append(cur, p)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// createBatch creates ps in one ItemCollection. When the operation fails,
// it looks the items up: those stored with the same content were created
// by this batch; the missing ones are sent again (as a batch once, then one
// by one so that each failure has its own reason).
func (r *writeRun) createBatch(ctx context.Context, ps []*prepared, byIndex map[int]input, attempt int) {
	if ctx.Err() != nil {
		r.failAll(ctx, ps, byIndex, context.Cause(ctx))
		return
	}
	if attempt == 1 || len(ps) > 1 {
		recs := make([]JournalRecord, len(ps))
		for i, p := range ps {
			recs[i] = r.record(p, OutcomeSubmitted, "", nil)
			recs[i].Action = actionCreate
		}
		if !r.journal(recs...) {
			return
		}
	}
	items := make([]json.RawMessage, len(ps))
	size := 0
	for i, p := range ps {
		items[i] = p.raw
		size += len(p.raw)
	}
	ctx, span := spans.Start(ctx, r.w.client.Tracer(), "partner.WriteBatch", spans.Attr(spans.Collection, r.collection),
		spans.Attr(spans.Items, len(ps)), spans.Attr(spans.Bytes, size), spans.Attr(spans.Attempt, attempt))
	var op *geocatalog.Operation
	var err error
	defer func() { endBatchSpan(span, opIDOf(op, err), err) }()
	if attempt > 1 {
		r.resent.Add(int64(len(ps)))
	}
	if r.confirm != nil && attempt == 1 && len(ps) > 1 {
		op, err = r.createConfirmed(ctx, ps, items)
	} else {
		op, err = r.cat.createItems(ctx, r.collection, items)
	}
	if err == nil {
		results := make([]ItemResult, len(ps))
		for i, p := range ps {
			results[i] = ItemResult{Index: p.index, ID: p.item.ID, Outcome: OutcomeCreated, Hash: p.hash, OperationID: op.ID}
		}
		r.finishItems(results, ps)
		r.logBatch(op.ID, len(ps), nil)
		return
	}
	r.logBatch(opIDOf(op, err), len(ps), err)
	if ctx.Err() != nil || isAccessDenied(err) {
		r.failAll(ctx, ps, byIndex, err)
		return
	}
	if len(ps) == 1 {
		r.settleOne(ctx, ps[0], byIndex, err, attempt)
		return
	}
	var invalid *geocatalog.InvalidArgumentError
	if errors.As(err, &invalid) || statusOf(err) == 400 || statusOf(err) == 413 {
		// The request was refused as a whole: nothing was created.
		for _, p := range ps {
			r.createBatch(ctx, []*prepared{p}, byIndex, attempt+1)
		}
		return
	}
	missing := r.settleFound(ctx, ps, byIndex, opIDOf(op, err))
	if missing == nil {
		return
	}
	if attempt == 1 && len(missing) > 1 && len(missing) == len(ps) {
		r.createBatch(ctx, missing, byIndex, attempt+1)
		return
	}
	for _, p := range missing {
		r.createBatch(ctx, []*prepared{p}, byIndex, attempt+1)
	}
}

// settleFound looks ps up after a failed write: stored with the same
// content means created (or replaced) by this write, stored with other
// content is replaced; it returns the items still missing (nil after a
// lookup failure, when every item has been reported failed).
func (r *writeRun) settleFound(ctx context.Context, ps []*prepared, byIndex map[int]input, opID string) []*prepared {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.item.ID
	}
	stored, err := r.lookup(ctx, ids)
	if err != nil {
		r.failAll(ctx, ps, byIndex, err)
		return nil
	}
	missing := []*prepared{}
	var done []ItemResult
	var donePreps []*prepared
	for _, p := range ps {
		s, ok := stored[p.item.ID]
		switch {
		case !ok:
			missing = append(missing, p)
		case r.hashEqual(p, s):
			done = append(done, ItemResult{Index: p.index, ID: p.item.ID, Outcome: OutcomeCreated, Hash: p.hash, OperationID: opID})
			donePreps = append(donePreps, p)
		default:
			r.replaceOne(ctx, p, byIndex)
		}
	}
	r.finishItems(done, donePreps)
	return missing
}

func (r *writeRun) hashEqual(p *prepared, s *stac.Item) bool {
	h, err := ContentHash(s)
	return err == nil && h == p.hash
}

// settleOne decides after a failed single-item create: the item may have
// been created anyway (a retried POST whose first attempt landed), the
// failure may be worth another attempt, or it is the item's final outcome.
func (r *writeRun) settleOne(ctx context.Context, p *prepared, byIndex map[int]input, err error, attempt int) {
	missing := r.settleFound(ctx, []*prepared{p}, byIndex, opIDOf(nil, err))
	if len(missing) == 0 {
		return
	}
	if retryableCodes[errorCode(err)] && attempt < r.w.opts.MaxAttempts {
		r.createBatch(ctx, missing, byIndex, attempt+1)
		return
	}
	r.finishItems([]ItemResult{r.fail(p, byIndex[p.index], err)}, []*prepared{p})
}

// replaceOne replaces an item whose stored content differs.
func (r *writeRun) replaceOne(ctx context.Context, p *prepared, byIndex map[int]input) {
	rec := r.record(p, OutcomeSubmitted, "", nil)
	rec.Action = actionReplace
	if !r.journal(rec) {
		return
	}
	var err error
	var op *geocatalog.Operation
	for attempt := 1; attempt <= r.w.opts.MaxAttempts; attempt++ {
		op, err = r.cat.replaceItem(ctx, r.collection, p.item)
		if err == nil {
			r.finishItems([]ItemResult{{Index: p.index, ID: p.item.ID, Outcome: OutcomeReplaced, Hash: p.hash, OperationID: op.ID}}, []*prepared{p})
			return
		}
		if ctx.Err() != nil || isAccessDenied(err) || !retryableCodes[errorCode(err)] {
			break
		}
	}
	if isAccessDenied(err) {
		r.failAll(ctx, []*prepared{p}, byIndex, err)
		return
	}
	r.finishItems([]ItemResult{r.fail(p, byIndex[p.index], err)}, []*prepared{p})
}

func (r *writeRun) logBatch(opID string, n int, err error) {
	lg := r.w.opts.Logger
	if lg == nil {
		return
	}
	attrs := append(slices.Clone(r.w.opts.LogAttrs), slog.String("collection", r.collection),
		slog.Int("items", n), slog.String("operation", opID))
	if err != nil {
		attrs = append(attrs, slog.String("code", errorCode(err)))
		if id := requestID(err); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
		lg.LogAttrs(context.Background(), slog.LevelInfo, "partner.batch.failed", attrs...)
		return
	}
	lg.LogAttrs(context.Background(), slog.LevelDebug, "partner.batch", attrs...)
}

func opIDOf(op *geocatalog.Operation, err error) string {
	if op != nil && op.ID != "" {
		return op.ID
	}
	var oe *geocatalog.OperationError
	if errors.As(err, &oe) && oe.Operation != nil {
		return oe.Operation.ID
	}
	return ""
}
