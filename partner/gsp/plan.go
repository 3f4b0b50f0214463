package gsp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// MaxPlanShards is the largest number of shards Plan cuts a job into (the
// number of tasks an Azure Batch job is given here).
const MaxPlanShards = 100_000

// planPageSize is the page size of the id-only pass: the largest the
// service serves, since the pages are small.
const planPageSize = 1000

// idOnlyFields asks the search for the id and collection of each item and
// nothing else: the lightest request that still pages through the search.
func idOnlyFields() *stac.Fields {
	return &stac.Fields{
		Include: []string{"id", "collection"},
		Exclude: []string{"geometry", "bbox", "assets", "links", "properties", "stac_extensions"},
	}
}

// PlanOptions are the optional parameters of Plan.
type PlanOptions struct {
	// OnProgress, if set, is called with the number of items listed so far
	// after each page of the id-only pass.
	OnProgress func(listed int)
}

// ShardPlan is the outcome of Plan: one manifest per shard.
type ShardPlan struct {
	// Manifests has one manifest per shard, Manifests[k] for shard k.
	Manifests []*Manifest
	// Items is the number of source items of the job.
	Items int
}

// Plan makes one id-only pass over the search of src (the items' id and
// collection, paged) and cuts the items into shards manifests of sizes
// differing by at most one, each a contiguous run of the search order. Run
// with Job.Manifest set fetches only the items of its manifest, so the
// shards together decode every source item once, plus the id-only pass.
//
// Plan holds every ID in memory (about 100 bytes an item). For a search too
// large to list (tens of millions of items), run the shards without
// manifests: each then pages through the whole search and keeps its items by
// ShardOf.
func Plan(ctx context.Context, client *geocatalog.Client, src Source, shards int, options *PlanOptions) (*ShardPlan, error) {
	switch {
	case client == nil:
		return nil, errors.New("gsp: client is nil")
	case len(src.Collections) == 0:
		return nil, errors.New("gsp: plan: the source has no collection")
	case shards < 1 || shards > MaxPlanShards:
		return nil, fmt.Errorf("gsp: plan: %d shards: must be in [1, %d]", shards, MaxPlanShards)
	case src.MaxItems < 0:
		return nil, fmt.Errorf("gsp: plan: negative MaxItems %d", src.MaxItems)
	}
	var opts PlanOptions
	if options != nil {
		opts = *options
	}
	req := &stac.SearchRequest{}
	if src.Search != nil {
		req = src.Search.Clone()
	}
	req.Collections = append([]string(nil), src.Collections...)
	req.Limit = planPageSize
	req.Fields = idOnlyFields()
	var all []ManifestItem
	for it, err := range client.STAC().SearchItems(ctx, req, &geocatalog.SearchOptions{MaxItems: src.MaxItems}) {
		if err != nil {
			return nil, fmt.Errorf("gsp: plan: listing the source items: %w", err)
		}
		all = append(all, ManifestItem{Collection: it.Collection, ID: it.ID})
		if opts.OnProgress != nil && len(all)%planPageSize == 0 {
			opts.OnProgress(len(all))
		}
	}
	if opts.OnProgress != nil && len(all)%planPageSize != 0 {
		opts.OnProgress(len(all))
	}
	p := &ShardPlan{Items: len(all)}
	start := 0
	for k := range shards {
		size := len(all) / shards
		if k < len(all)%shards {
			size++
		}
		items := all[start : start+size : start+size]
		start += size
		p.Manifests = append(p.Manifests, &Manifest{Version: manifestVersion, Shard: Shard{Index: k, Count: shards}, Items: items})
	}
	return p, nil
}

// ManifestName is the file or blob name of shard k's manifest.
func ManifestName(s Shard) string {
	s = s.normalized()
	return fmt.Sprintf("manifest-%d-of-%d.json", s.Index, s.Count)
}

// WriteFiles writes the manifests into dir (ManifestName each) and returns
// their paths, by shard.
func (p *ShardPlan) WriteFiles(dir string) ([]string, error) {
	var paths []string
	for _, m := range p.Manifests {
		b, err := m.Encode()
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, ManifestName(m.Shard))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return nil, fmt.Errorf("gsp: writing a manifest: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// DefaultStageSASLifetime is the validity of the manifest URLs of
// ShardPlan.Stage when StageOptions.SASLifetime is zero.
const DefaultStageSASLifetime = 24 * time.Hour

// StageOptions are the optional parameters of ShardPlan.Stage.
type StageOptions struct {
	// SASLifetime is the validity of the manifests' read-only SAS URLs.
	// Zero means DefaultStageSASLifetime.
	SASLifetime time.Duration
}

// StageResponse is the outcome of ShardPlan.Stage.
type StageResponse struct {
	// URLs are the manifests' URLs with a read-only SAS, by shard: what a
	// Batch task's resource files take.
	URLs []string
}

// Stage uploads the manifests to blob storage through stager (blob
// prefix/ManifestName each) and returns, by shard, their URLs with a
// read-only SAS. options may be nil.
func (p *ShardPlan) Stage(ctx context.Context, stager *partner.Stager, prefix string, options *StageOptions) (StageResponse, error) {
	if stager == nil {
		return StageResponse{}, errors.New("gsp: stage: stager is nil")
	}
	lifetime := DefaultStageSASLifetime
	if options != nil && options.SASLifetime > 0 {
		lifetime = options.SASLifetime
	}
	sign := &partner.SignURLOptions{ExpiresOn: time.Now().Add(lifetime)}
	var urls []string
	for _, m := range p.Manifests {
		b, err := m.Encode()
		if err != nil {
			return StageResponse{}, err
		}
		up, err := stager.UploadBytes(ctx, stager.BlobName(prefix, ManifestName(m.Shard)), b, &partner.UploadBytesOptions{ContentType: "application/json"})
		if err != nil {
			return StageResponse{}, err
		}
		signed, err := stager.SignURL(up.URL, sign)
		if err != nil {
			return StageResponse{}, err
		}
		urls = append(urls, signed)
	}
	return StageResponse{URLs: urls}, nil
}
