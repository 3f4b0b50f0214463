package gsp

import (
	"context"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Processor turns one source item into derived items. Run calls it
// concurrently (Job.Concurrency at a time), once per source item of the
// shard that is not done yet. A returned error fails that source item alone;
// returning no derived items and no error is a success with nothing to
// write.
type Processor interface {
	Process(ctx context.Context, in *Input) ([]*Derived, error)
}

// ProcessorFunc adapts a function to a Processor.
type ProcessorFunc func(ctx context.Context, in *Input) ([]*Derived, error)

// Process calls f.
func (f ProcessorFunc) Process(ctx context.Context, in *Input) ([]*Derived, error) { return f(ctx, in) }

// Derived is an item a Processor made.
type Derived struct {
	// Item is the derived item. Its ID must be unique in the output
	// collection and should depend only on its sources, so that a re-run
	// writes the same item again instead of a second one. An asset whose
	// href is a local file (a path, relative paths resolving against
	// Input.TempDir, or a file:// URL) is staged to blob storage by the
	// write path. Run sets its collection, adds a "derived_from" link to
	// every source and the processing fields of the job.
	Item *stac.Item
	// Sources are further source items the derived item was made from
	// besides the input item (for example the earlier item of a pair).
	Sources []*stac.Item
}

// Input is one source item handed to a Processor.
type Input struct {
	// Item is the source item, as the search returned it.
	Item *stac.Item
	// Shard is the shard of the process.
	Shard Shard

	client *geocatalog.Client
	assets *assetReader
	tmpDir func() (string, error)
}

// OpenAssetOptions are the optional parameters of Input.OpenAsset (none
// yet; nil is the default).
type OpenAssetOptions struct{}

// OpenAssetResponse is the outcome of Input.OpenAsset. It embeds the
// opened *Asset, so it reads and closes as the asset does.
type OpenAssetResponse struct {
	*Asset
}

// OpenItemAssetOptions are the optional parameters of Input.OpenItemAsset
// (none yet; nil is the default).
type OpenItemAssetOptions struct{}

// OpenItemAssetResponse is the outcome of Input.OpenItemAsset. It embeds
// the opened *Asset, so it reads and closes as the asset does.
type OpenItemAssetResponse struct {
	*Asset
}

// OpenAsset opens asset key of the source item for reading: a streaming,
// range-capable reader over its SAS-signed href. Close it when done.
// options may be nil.
func (in *Input) OpenAsset(ctx context.Context, key string, options *OpenAssetOptions) (OpenAssetResponse, error) {
	a, err := in.assets.open(ctx, in.Item, key)
	if err != nil {
		return OpenAssetResponse{}, err
	}
	return OpenAssetResponse{Asset: a}, nil
}

// OpenItemAsset opens asset key of another item of the catalog (for
// example the other item of a pair found with Client().STAC().SearchItems)
// as OpenAsset does. options may be nil.
func (in *Input) OpenItemAsset(ctx context.Context, item *stac.Item, key string, options *OpenItemAssetOptions) (OpenItemAssetResponse, error) {
	a, err := in.assets.open(ctx, item, key)
	if err != nil {
		return OpenItemAssetResponse{}, err
	}
	return OpenItemAssetResponse{Asset: a}, nil
}

// Client returns the client of the source catalog, to look up related items.
func (in *Input) Client() *geocatalog.Client { return in.client }

// TempDir returns a directory private to this source item, for the files of
// derived assets, creating it on the first call. It is removed after the
// derived items are written.
func (in *Input) TempDir() (string, error) { return in.tmpDir() }
