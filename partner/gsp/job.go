package gsp

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// DefaultProcessConcurrency is the number of source items processed at once when
// Job.Concurrency is zero.
const DefaultProcessConcurrency = 4

// defaultBatchItems bounds the ItemCollection batches of derived items
// unless Job.Writer says otherwise: small enough that results (and the
// checkpoint) follow the processing closely.
const defaultBatchItems = 25

// Source selects the source items of a job.
type Source struct {
	// Collections are the collections searched (at least one).
	Collections []string
	// Search narrows the search (bbox, intersects, datetime, CQL2 filter,
	// sortby, ...). Its Collections are replaced by Collections above. Nil
	// means every item of the collections.
	Search *stac.SearchRequest
	// MaxItems stops after this many items of the search, counted before
	// sharding, so that the n shards of a job together cover exactly the
	// first MaxItems items (give the search a SortBy for a stable order).
	// Zero means all.
	MaxItems int
}

// Job is a GSP job: see Run.
type Job struct {
	// Source selects the source items.
	Source Source
	// Processor makes the derived items of a source item.
	Processor Processor
	// Output is the output collection; it is created when missing (unless
	// DryRun). It must not be a source collection.
	Output *stac.Collection
	// Processing is written on every derived item.
	Processing Processing
	// Concurrency is the number of source items processed at once (default
	// DefaultProcessConcurrency).
	Concurrency int
	// Shard is the shard of this process (zero: the whole search, or the
	// shard of Manifest).
	Shard Shard
	// Manifest, if set, lists the source items of this shard (made by
	// Plan): only they are fetched, by ID, and Source.Search and MaxItems
	// are not applied again. Nil means searching and keeping the items of
	// Shard by ShardOf.
	Manifest *Manifest
	// Journal checkpoints the job: derived items and finished source items
	// are recorded in it, and a source item it shows done is skipped. Give
	// each shard its own journal file. Nil means no checkpoint.
	Journal *partner.Journal
	// Writer configures the partner write path the derived items go
	// through (a Stager for local asset files, a Pacer, a Logger, batch
	// sizes). Its Journal is replaced by Job.Journal and AssumeNew is set.
	// Nil means the defaults, with which local asset files cannot be
	// staged.
	Writer *partner.WriterOptions
	// DryRun processes the source items but writes nothing: no collection,
	// no items, no journal records.
	DryRun bool
	// AssetClientOptions configure the pipeline that reads source assets
	// (transport, retries). Nil means azcore's defaults.
	AssetClientOptions *azcore.ClientOptions
	// StorageHosts are extra hosts (host or host:port) of the catalog's
	// managed storage, whose asset hrefs get the collection SAS token (an
	// emulator's blob endpoint). Hosts of Azure Blob storage
	// (*.blob.core.windows.net and the sovereign clouds) always do; no
	// other host ever receives a token.
	StorageHosts []string
	// OnSource, if set, is called with each source result as soon as it is
	// known, from one goroutine at a time.
	OnSource func(SourceResult)
}

func (j *Job) validate() error {
	var errs []error
	if len(j.Source.Collections) == 0 {
		errs = append(errs, errors.New("the job has no source collection (Source.Collections)"))
	}
	if j.Processor == nil {
		errs = append(errs, errors.New("the job has no Processor"))
	}
	if j.Output == nil || j.Output.ID == "" {
		errs = append(errs, errors.New("the job has no output collection id (Output)"))
	} else {
		for _, c := range j.Source.Collections {
			if c == j.Output.ID {
				errs = append(errs, fmt.Errorf("the output collection %q is also a source collection", c))
			}
		}
	}
	if j.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("negative Concurrency %d", j.Concurrency))
	}
	if j.Source.MaxItems < 0 {
		errs = append(errs, fmt.Errorf("negative Source.MaxItems %d", j.Source.MaxItems))
	}
	if err := j.Shard.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := j.validateManifest(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("gsp: invalid job: %w", err)
	}
	return nil
}

// sourceMarker is the hash of the journal record of a finished source item:
// it names the output collection, so a journal reused for another output
// does not skip anything.
func (j *Job) sourceMarker() string { return "gsp-source:" + j.Output.ID }

// accessError returns err as an error matching tenancy.ErrAccessRevoked when
// it is the catalog refusing the partner (401 or 403), and nil otherwise.
func accessError(endpoint string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, tenancy.ErrAccessRevoked) {
		return err
	}
	var denied *partner.AccessDeniedError
	var re *azcore.ResponseError
	switch {
	case errors.As(err, &denied):
		return &tenancy.AccessRevokedError{Customer: endpoint, StatusCode: denied.StatusCode, Err: err}
	case geocatalog.IsForbidden(err):
		return &tenancy.AccessRevokedError{Customer: endpoint, StatusCode: http.StatusForbidden, Err: err}
	case geocatalog.IsUnauthorized(err) && errors.As(err, &re):
		return &tenancy.AccessRevokedError{Customer: endpoint, StatusCode: http.StatusUnauthorized, Err: err}
	}
	return nil
}
