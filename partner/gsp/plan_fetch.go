package gsp

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// errNotInCatalog is the error of a manifest item the catalog no longer has.
var errNotInCatalog = errors.New("gsp: the source item is not in the catalog (deleted since the plan?)")

// validateManifest checks Job.Manifest against the job.
func (j *Job) validateManifest() error {
	m := j.Manifest
	if m == nil {
		return nil
	}
	if err := m.Validate(); err != nil {
		return err
	}
	if s := j.Shard.normalized(); s != All && s != m.Shard.normalized() {
		return fmt.Errorf("Shard %v differs from the manifest's shard %v", s, m.Shard)
	}
	for _, it := range m.Items {
		if !slices.Contains(j.Source.Collections, it.Collection) {
			return fmt.Errorf("manifest item %s/%s is not in a source collection", it.Collection, it.ID)
		}
	}
	return nil
}

// fetchManifest sends the manifest's items that are not done to out,
// fetched by ID in chunks of at most one page, each item once.
func (r *runner) fetchManifest(ctx context.Context, out chan<- *stac.Item) error {
	marker := r.job.sourceMarker()
	limit := searchPageSize
	if s := r.job.Source.Search; s != nil && s.Limit > 0 {
		limit = s.Limit
	}
	var chunk []string
	var coll string
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		err := r.fetchChunk(ctx, coll, chunk, out)
		chunk = chunk[:0]
		return err
	}
	for _, it := range r.job.Manifest.Items {
		if r.journaled(it.Collection, it.ID, marker) {
			continue
		}
		if it.Collection != coll || len(chunk) == limit {
			if err := flush(); err != nil {
				return err
			}
			coll = it.Collection
		}
		chunk = append(chunk, it.ID)
	}
	return flush()
}

// fetchChunk fetches the items ids of collection and sends them to out; an
// ID the catalog does not return fails alone.
func (r *runner) fetchChunk(ctx context.Context, collection string, ids []string, out chan<- *stac.Item) error {
	req := &stac.SearchRequest{Collections: []string{collection}, IDs: append([]string(nil), ids...), Limit: len(ids)}
	missing := make(map[string]bool, len(ids))
	for _, id := range ids {
		missing[id] = true
	}
	for it, err := range r.client.STAC().SearchItems(ctx, req, nil) {
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return r.catalogError(fmt.Errorf("gsp: fetching the source items of the manifest: %w", err))
		}
		if !missing[it.ID] {
			continue // not asked for, or repeated
		}
		delete(missing, it.ID)
		r.mu.Lock()
		r.rep.Searched++
		r.mu.Unlock()
		select {
		case out <- it:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	for _, id := range ids {
		if missing[id] {
			r.finishSource(SourceResult{Collection: collection, ItemID: id, Outcome: SourceFailed,
				Err: errNotInCatalog, Message: errNotInCatalog.Error(), Duration: time.Duration(0)}, "")
		}
	}
	return nil
}
