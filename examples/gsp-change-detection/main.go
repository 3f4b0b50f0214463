package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/signal"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// program is the command line of gsp-change-detection.
var program = cli.Program{
	Name: "gsp-change-detection",
	About: `Runs one shard of the change-detection GSP job (package changedetect): reads
the raster items of -source, computes a change mask between neighbouring
items, stages the masks and writes them as items of -output, checkpointing in
-journal; prints the shard's report as JSON. The shard is -shard-index of
-shard-count, or GSP_SHARD_INDEX of GSP_SHARD_COUNT as an Azure Batch task
sets them.

Against a real catalog (GEOCATALOG_ENDPOINT) it authenticates with the pool's
managed identity (see package batchenv). With -demo it runs on an embedded
GeoCatalog emulator with generated input data, staging to a local Azurite it
starts (installed with npm on first use) unless -staging-container is given.`,
	Env: []cli.Var{
		{Name: "GEOCATALOG_ENDPOINT", Usage: "the customer's catalog (not with -demo)"},
		{Name: "AZURE_CLIENT_ID", Usage: "the client ID of the pool's user-assigned managed identity"},
		{Name: "PARTNER_CLIENT_ID", Usage: "partner pools: the partner's multitenant app (the identity is its federated credential)"},
		{Name: "GEOCATALOG_TENANT_ID", Usage: "partner pools: the customer's tenant"},
		{Name: "STAGING_CONTAINER_URL", Usage: "default of -staging-container"},
		{Name: "GSP_SHARD_INDEX, GSP_SHARD_COUNT", Usage: "defaults of -shard-index and -shard-count"},
		{Name: "AZURITE_BLOB", Usage: "-demo: the azurite-blob program to run (default: installed with npm)"},
	},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	program.Exit(err)
}

// run parses the command line, runs the shard and prints its report (also
// the partial report of a run that failed, when there is one) to stdout and
// live progress to stderr (none with -q).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := program.FlagSet(stdout)
	var o options
	o.bind(fs)
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if !o.quiet {
		o.progress = stderr
	}
	shard, err := o.shard()
	if err != nil {
		return err
	}
	var rep *gsp.Report
	if o.demo {
		rep, err = runDemo(ctx, o, shard)
	} else {
		rep, err = runCatalog(ctx, o, shard)
	}
	if rep != nil {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(rep); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}
