package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

// program is the command line of submit.
var program = cli.Program{
	Name: "submit",
	About: `Runs a sharded GSP job on an existing Azure Batch pool: plans the shards with
one id-only pass over the source collection, stages the shard manifests in the
container with short-lived read-only SAS URLs, submits one task per shard,
shows live progress on standard error until every task is complete, then
downloads the shard reports and prints the merged report (JSON) on standard
output. It exits 1 when a task failed (each failure is named on standard
error, with the URL of its stderr.txt). -terminate ends a job instead.

It authenticates with azidentity's DefaultAzureCredential to the catalog, the
Batch account and the storage account.`,
	Env: []cli.Var{
		{Name: "BATCH_ACCOUNT_URL", Usage: "default of -batch-url"},
		{Name: "GEOCATALOG_ENDPOINT", Usage: "default of -geocatalog-endpoint"},
	},
}

// config are the command-line settings.
type config struct {
	batchURL         string
	spec             batch.JobSpec
	source           string
	container        string
	reportSAS        string
	sasLifetime      time.Duration
	interval         time.Duration
	progressInterval time.Duration
	terminate        string
	summaryOnly      bool
	quiet            bool
}

// parse reads the command line; usage and flag errors go to out.
func parse(args []string, out io.Writer) (config, error) {
	fs := program.FlagSet(out)
	var c config
	fs.StringVar(&c.batchURL, "batch-url", os.Getenv("BATCH_ACCOUNT_URL"), "Batch account endpoint, https://<account>.<region>.batch.azure.com")
	fs.StringVar(&c.spec.PoolID, "pool-id", "", "existing pool the tasks run on")
	fs.StringVar(&c.spec.JobID, "job-id", "", "ID of the job to create")
	fs.StringVar(&c.spec.CatalogURL, "geocatalog-endpoint", os.Getenv("GEOCATALOG_ENDPOINT"), "GeoCatalog endpoint")
	fs.StringVar(&c.spec.ClientID, "client-id", "", "client ID of the pool's user-assigned identity")
	fs.IntVar(&c.spec.Shards, "shards", 4, "number of shard tasks")
	fs.StringVar(&c.spec.CommandLine, "task-command", "", "command line of the task program (no shell), e.g. shardtask -source scenes -output sizes -journal-mount journals")
	fs.IntVar(&c.spec.MaxTaskRetryCount, "max-task-retries", 2, "Batch retries of a failed task (-1: without limit)")
	fs.StringVar(&c.source, "source", "", "source collection to plan the shards over (\"\": hash sharding, no manifests)")
	fs.StringVar(&c.container, "container", "", "blob container URL (no SAS) for the manifests and reports, reached with your credential")
	fs.StringVar(&c.reportSAS, "report-container-sas", "", "the same container's URL with a write SAS, for the tasks' output files")
	fs.DurationVar(&c.sasLifetime, "manifest-sas-lifetime", 6*time.Hour, "lifetime of the manifests' read-only SAS URLs")
	fs.DurationVar(&c.interval, "interval", 10*time.Second, "time between two looks at the task states")
	fs.DurationVar(&c.progressInterval, "progress-interval", progress.DefaultInterval, "time between two progress lines when standard error is not a terminal")
	fs.StringVar(&c.terminate, "terminate", "", "terminate this job and exit")
	fs.BoolVar(&c.summaryOnly, "summary", false, "print the merged counts without the per-source results")
	fs.BoolVar(&c.quiet, "q", false, "no progress on standard error (failures are still named)")
	if err := cli.Parse(fs, args); err != nil {
		return c, err
	}
	if c.batchURL == "" {
		return c, errors.New("set -batch-url or $BATCH_ACCOUNT_URL")
	}
	if c.terminate != "" {
		return c, nil
	}
	if c.container == "" {
		return c, errors.New("set -container (manifests and reports)")
	}
	c.spec.ReportContainerURL = c.reportSAS
	// The spec is checked before any request; its manifests come later.
	if err := c.spec.Validate(); err != nil {
		return c, fmt.Errorf("%w (see -h)", err)
	}
	return c, nil
}
