package main

import (
	"flag"
	"io"
	"os"

	"github.com/geocatalog-partner/sdk-go/examples/batch/batchenv"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// options are the command-line settings.
type options struct {
	demo        bool
	source      string
	output      string
	assetKey    string
	threshold   float64
	concurrency int
	maxItems    int
	journal     string
	staging     string
	dryRun      bool
	cells       int
	shard       func() (gsp.Shard, error)
	quiet       bool
	progress    io.Writer // live progress; nil for none
}

func (o *options) bind(fs *flag.FlagSet) {
	fs.BoolVar(&o.demo, "demo", false, "run on the embedded emulator with generated data (and a local Azurite unless -staging-container is set)")
	fs.StringVar(&o.source, "source", "rasters", "source collection")
	fs.StringVar(&o.output, "output", "change-masks", "output collection (created when missing)")
	fs.StringVar(&o.assetKey, "asset", "image", "key of the raster asset of the source items")
	fs.Float64Var(&o.threshold, "threshold", 20, "absolute difference above which a pixel changed")
	fs.IntVar(&o.concurrency, "concurrency", gsp.DefaultProcessConcurrency, "source items processed at once")
	fs.IntVar(&o.maxItems, "max-items", 0, "stop after this many source items of the search (0: all)")
	fs.StringVar(&o.journal, "journal", "", "checkpoint journal file (default gsp-<index>-of-<count>.journal; \"-\" for none)")
	fs.StringVar(&o.staging, "staging-container", os.Getenv("STAGING_CONTAINER_URL"), "blob container URL the masks are staged to (default $STAGING_CONTAINER_URL)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "process but write nothing")
	fs.IntVar(&o.cells, "demo-cells", 8, "grid cells generated in -demo mode")
	o.shard = batchenv.BindShardFlags(fs)
	fs.BoolVar(&o.quiet, "q", false, "no live progress on standard error")
}
