package gsp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// Run runs the shard job.Shard of a GSP job against the catalog of client:
//
//  1. it ensures the output collection;
//  2. it searches the source collections and keeps the items of its shard
//     (ShardOf their ID), skipping those the journal shows done;
//  3. it hands each to the Processor (Concurrency at a time), with signed,
//     streaming access to its assets;
//  4. it writes the derived items, with derived_from links and processing
//     fields, through the partner write path (local asset files staged to
//     blob storage), in ItemCollection batches;
//  5. it records each source item whose derived items are all written in
//     the journal, and reports every source item.
//
// A source item that fails (processor error, unreadable asset, derived
// item refused) fails alone; the others go on. The error is nil unless the
// whole run stopped: ctx ended, the search failed, the journal could not be
// written, or the catalog refused access, in which case the error matches
// tenancy.ErrAccessRevoked. The Report is returned in every case, with
// every source item finished so far.
func Run(ctx context.Context, client *geocatalog.Client, job Job) (*Report, error) {
	started := time.Now()
	if client == nil {
		return nil, errors.New("gsp: client is nil")
	}
	if err := job.validate(); err != nil {
		return nil, err
	}
	if job.Manifest != nil {
		job.Shard = job.Manifest.Shard
	}
	job.Shard = job.Shard.normalized()
	if job.Concurrency == 0 {
		job.Concurrency = DefaultProcessConcurrency
	}
	r := &runner{
		job:    job,
		client: client,
		rep:    &Report{Shard: job.Shard, OutputCollection: job.Output.ID, DryRun: job.DryRun, Started: started},
	}
	r.assets = newAssetReader(client, job.AssetClientOptions, job.StorageHosts, r.catalogError)
	ctx, span := startRunSpan(ctx, client.Tracer(), job)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r.cancel = cancel

	if err := bindJournal(client, job); err != nil {
		rep := r.finish(err)
		endRunSpan(span, rep, err)
		return rep, err
	}
	if !job.DryRun {
		if err := ensureCollection(ctx, client, job.Output); err != nil {
			err = r.catalogError(err)
			rep := r.finish(err)
			endRunSpan(span, rep, err)
			return rep, err
		}
	}
	r.tmp = os.TempDir()

	sources := make(chan *stac.Item)
	derived := make(chan *stac.Item)
	var writeErr error
	writeDone := make(chan struct{})
	go func() {
		defer close(writeDone)
		if job.DryRun {
			for range derived {
			}
			return
		}
		writeErr = r.write(ctx, derived)
	}()

	var wg sync.WaitGroup
	for range job.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range sources {
				r.process(ctx, it, derived)
			}
		}()
	}
	searchErr := r.search(ctx, sources)
	close(sources)
	wg.Wait()
	close(derived)
	<-writeDone

	cause := context.Cause(ctx)
	switch {
	case cause != nil:
	case writeErr != nil:
		cause = writeErr
	case searchErr != nil:
		cause = searchErr
	}
	if cause != nil {
		if ae := accessError(client.Endpoint(), cause); ae != nil {
			cause = ae
		}
	}
	r.abandonPending(cause)
	rep := r.finish(cause)
	endRunSpan(span, rep, cause)
	return rep, cause
}

// bindJournal binds the job's journal to the catalog of client, the
// writer's tenant and the output collection before anything is read or
// written (a dry run only checks): a journal of another catalog, tenant or
// output collection is a *partner.JournalMismatchError, never a silent skip
// of the source items it shows done. A journal checkpoints one job, so one
// bound only to other collections of the catalog is another job's.
func bindJournal(client *geocatalog.Client, job Job) error {
	j := job.Journal
	if j == nil {
		return nil
	}
	tenant := ""
	if job.Writer != nil {
		tenant = job.Writer.TenantID
	}
	b := partner.CatalogBinding(client, tenant, job.Output.ID)
	if err := j.CheckBinding(b); err != nil {
		return err
	}
	if have := j.Bindings(); len(have) > 0 && !slices.ContainsFunc(have, func(h partner.JournalBinding) bool { return h.Collection == b.Collection }) {
		return &partner.JournalMismatchError{Path: j.Path(), Want: b, Have: have[0], Reason: "it was written for another output collection (" + have[0].Collection + ")"}
	}
	if job.DryRun {
		return nil
	}
	return j.Bind(b)
}

// abandonPending reports the sources whose derived items were still being
// written when the run stopped, as failed (not journaled: a re-run does
// them again).
func (r *runner) abandonPending(cause error) {
	r.mu.Lock()
	left := map[*pendingSource]bool{}
	for _, ps := range r.pending {
		left[ps] = true
	}
	r.pending = nil
	r.mu.Unlock()
	for ps := range left {
		res := ps.res
		res.Outcome = SourceFailed
		res.Err = errors.New("gsp: the run stopped before the derived items were written")
		if cause != nil {
			res.Err = fmt.Errorf("gsp: the run stopped before the derived items were written: %w", cause)
		}
		res.Message = res.Err.Error()
		res.Duration = time.Since(ps.started)
		os.RemoveAll(ps.dir)
		r.report(res)
	}
}

// searchPageSize is the page size of the source search unless the job's
// search sets one.
const searchPageSize = 500

// runner is the state of one Run.
type runner struct {
	job    Job
	client *geocatalog.Client
	assets *assetReader
	tmp    string
	cancel context.CancelCauseFunc

	mu      sync.Mutex
	rep     *Report
	pending map[string]*pendingSource // by derived item ID
	spans   sourceSpans
}

// pendingSource is a source item whose derived items are being written.
type pendingSource struct {
	res     SourceResult
	started time.Time
	waiting int
	dir     string
}

// catalogError turns a refusal by the catalog into an access-revoked error
// and stops the run with it; other errors are returned unchanged.
func (r *runner) catalogError(err error) error {
	if ae := accessError(r.client.Endpoint(), err); ae != nil {
		if r.cancel != nil {
			r.cancel(ae)
		}
		return ae
	}
	return err
}

// search sends the items of the shard that are not done to out.
func (r *runner) search(ctx context.Context, out chan<- *stac.Item) error {
	if r.job.Manifest != nil {
		return r.fetchManifest(ctx, out)
	}
	req := &stac.SearchRequest{}
	if r.job.Source.Search != nil {
		c := *r.job.Source.Search
		req = &c
	}
	req.Collections = append([]string(nil), r.job.Source.Collections...)
	if req.Limit == 0 {
		// Every shard pages through the whole search: large pages keep
		// that cheap.
		req.Limit = searchPageSize
	}
	opts := &geocatalog.SearchOptions{MaxItems: r.job.Source.MaxItems}
	marker := r.job.sourceMarker()
	for it, err := range r.client.STAC().SearchItems(ctx, req, opts) {
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return r.catalogError(fmt.Errorf("gsp: searching the source items: %w", err))
		}
		r.mu.Lock()
		r.rep.Searched++
		r.mu.Unlock()
		if !r.job.Shard.Contains(it.ID) {
			continue
		}
		if r.journaled(it.Collection, it.ID, marker) {
			continue
		}
		select {
		case out <- it:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	return nil
}

// journaled reports a source item the journal shows done as skipped.
func (r *runner) journaled(collection, id, marker string) bool {
	if r.job.Journal == nil || !r.job.Journal.Completed(collection, id, marker) {
		return false
	}
	r.report(SourceResult{Collection: collection, ItemID: id, Outcome: SourceSkipped})
	return true
}

// process runs the processor on one source item and queues its derived
// items for writing.
func (r *runner) process(ctx context.Context, src *stac.Item, out chan<- *stac.Item) {
	start := time.Now()
	res := SourceResult{Collection: src.Collection, ItemID: src.ID}
	failed := func(err error) {
		res.Outcome, res.Err, res.Message, res.Duration = SourceFailed, err, err.Error(), time.Since(start)
		r.finishSource(res, "")
	}
	if ctx.Err() != nil {
		return // the run stopped: the source is neither done nor failed
	}
	// The directory is made on demand: creating one per source item costs
	// more than reading its assets on some file systems.
	var dir string
	mkdir := func() (string, error) {
		if dir == "" {
			d, err := os.MkdirTemp(r.tmp, "gsp-src-*")
			if err != nil {
				return "", fmt.Errorf("gsp: making a temporary directory: %w", err)
			}
			dir = d
		}
		return dir, nil
	}
	ctx = r.spans.start(ctx, r.client.Tracer(), src.Collection, src.ID)
	in := &Input{Item: src, Shard: r.job.Shard, client: r.client, assets: r.assets, tmpDir: mkdir}
	ds, err := r.job.Processor.Process(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			os.RemoveAll(dir)
			return
		}
		failed(fmt.Errorf("gsp: processing %s/%s: %w", src.Collection, src.ID, err))
		os.RemoveAll(dir)
		return
	}
	items := make([]*stac.Item, 0, len(ds))
	seen := map[string]bool{}
	for _, d := range ds {
		it, err := finishDerived(r.client.Endpoint(), r.job.Output.ID, src, d, r.job.Processing)
		if err == nil && seen[it.ID] {
			err = fmt.Errorf("derived item id %q repeats", it.ID)
		}
		if err != nil {
			failed(fmt.Errorf("gsp: processing %s/%s: %w", src.Collection, src.ID, err))
			os.RemoveAll(dir)
			return
		}
		seen[it.ID] = true
		if dir != "" {
			absolutizeLocalHrefs(it, dir)
		}
		items = append(items, it)
	}
	if r.job.DryRun || len(items) == 0 {
		res.Outcome = SourceDone
		if r.job.DryRun {
			res.Outcome = SourceDryRun
		}
		for i, it := range items {
			res.Derived = append(res.Derived, partner.ItemResult{Index: i, ID: it.ID})
		}
		res.Duration = time.Since(start)
		r.finishSource(res, dir)
		return
	}
	ps := &pendingSource{res: res, started: start, waiting: len(items), dir: dir}
	r.mu.Lock()
	if r.pending == nil {
		r.pending = map[string]*pendingSource{}
	}
	for _, it := range items {
		if other, dup := r.pending[it.ID]; dup {
			r.mu.Unlock()
			failed(fmt.Errorf("gsp: derived item id %q is also being written for source %s", it.ID, other.res.ItemID))
			os.RemoveAll(dir)
			return
		}
	}
	for _, it := range items {
		r.pending[it.ID] = ps
	}
	r.mu.Unlock()
	for _, it := range items {
		select {
		case out <- it:
		case <-ctx.Done():
			return
		}
	}
}

// absolutizeLocalHrefs resolves relative local asset hrefs against dir.
func absolutizeLocalHrefs(it *stac.Item, dir string) {
	for _, a := range it.Assets {
		if a == nil || a.Href == "" || strings.Contains(a.Href, "://") || filepath.IsAbs(a.Href) {
			continue
		}
		a.Href = filepath.Join(dir, filepath.FromSlash(a.Href))
	}
}

// write runs the partner write path over the derived items.
func (r *runner) write(ctx context.Context, in <-chan *stac.Item) error {
	var opts partner.WriterOptions
	if r.job.Writer != nil {
		opts = *r.job.Writer
	}
	if opts.MaxBatchItems == 0 {
		opts.MaxBatchItems = defaultBatchItems
	}
	opts.Journal = r.job.Journal
	// Derived items are new in the common case: create them without a
	// lookup first. An item found present (a re-run without journal) is
	// compared and replaced or kept anyway.
	opts.AssumeNew = true
	user := opts.OnItem
	opts.OnItem = func(res partner.ItemResult) {
		if user != nil {
			user(res)
		}
		r.derivedDone(res)
	}
	w := partner.NewWriter(r.client, &opts)
	_, err := w.Write(ctx, r.job.Output.ID, func(yield func(*stac.Item, error) bool) {
		for it := range in {
			if !yield(it, nil) {
				for range in {
				}
				return
			}
		}
	}, nil)
	if err != nil {
		err = r.catalogError(err)
		r.cancel(err)
	}
	return err
}

// derivedDone records the write result of a derived item; the source is
// finished when its last derived item is.
func (r *runner) derivedDone(res partner.ItemResult) {
	r.mu.Lock()
	ps := r.pending[res.ID]
	if ps == nil {
		r.mu.Unlock()
		return
	}
	delete(r.pending, res.ID)
	res.Index = len(ps.res.Derived)
	ps.res.Derived = append(ps.res.Derived, res)
	ps.waiting--
	if !res.Outcome.Done() {
		ps.res.Outcome = SourceFailed
		msg := fmt.Sprintf("derived item %q: %s", res.ID, res.Message)
		if res.Code != "" {
			msg = fmt.Sprintf("derived item %q: %s: %s", res.ID, res.Code, res.Message)
		}
		if ps.res.Message != "" {
			msg = ps.res.Message + "; " + msg
		}
		ps.res.Message = msg
		if res.Err != nil {
			ps.res.Err = errors.Join(ps.res.Err, res.Err)
		} else {
			ps.res.Err = errors.Join(ps.res.Err, errors.New(msg))
		}
	}
	last := ps.waiting == 0
	r.mu.Unlock()
	if !last {
		return
	}
	if ps.res.Outcome == "" {
		ps.res.Outcome = SourceDone
	}
	ps.res.Duration = time.Since(ps.started)
	r.finishSource(ps.res, ps.dir)
}

// finishSource journals and reports a finished source item.
func (r *runner) finishSource(res SourceResult, dir string) {
	if dir != "" {
		os.RemoveAll(dir)
	}
	if r.job.Journal != nil && !r.job.DryRun && (res.Outcome == SourceDone || res.Outcome == SourceFailed) {
		rec := partner.JournalRecord{Collection: res.Collection, ItemID: res.ItemID, Hash: r.job.sourceMarker(), Outcome: partner.OutcomeCreated}
		if res.Outcome == SourceFailed {
			rec.Outcome, rec.Message = partner.OutcomeFailed, res.Message
		}
		if err := r.job.Journal.Append(rec); err != nil {
			r.cancel(fmt.Errorf("gsp: writing the journal: %w", err))
		}
	}
	r.report(res)
}

func (r *runner) report(res SourceResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.add(res)
	r.spans.end(res)
	if r.job.OnSource != nil {
		r.job.OnSource(res)
	}
}

func (r *runner) finish(cause error) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.Finished = time.Now()
	r.rep.Duration = r.rep.Finished.Sub(r.rep.Started)
	r.spans.endAll(cause)
	if cause != nil {
		r.rep.Stopped = cause.Error()
	}
	return r.rep
}

// ensureCollection creates the output collection when it does not exist.
func ensureCollection(ctx context.Context, client *geocatalog.Client, c *stac.Collection) error {
	_, err := client.STAC().GetCollection(ctx, c.ID, nil)
	if err == nil {
		return nil
	}
	if !geocatalog.IsNotFound(err) {
		return fmt.Errorf("gsp: reading the output collection %q: %w", c.ID, err)
	}
	p, err := client.STAC().BeginCreateCollection(ctx, c, nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil && !geocatalog.IsConflict(err) {
		return fmt.Errorf("gsp: creating the output collection %q: %w", c.ID, err)
	}
	return nil
}
