package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// config are the command-line settings.
type config struct {
	batchURL    string
	spec        batch.JobSpec
	source      string
	container   string
	reportSAS   string
	sasLifetime time.Duration
	interval    time.Duration
	terminate   string
	summaryOnly bool
}

func parse(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("submit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.batchURL, "batch-url", os.Getenv("BATCH_ACCOUNT_URL"), "Batch account endpoint, https://<account>.<region>.batch.azure.com (default $BATCH_ACCOUNT_URL)")
	fs.StringVar(&c.spec.PoolID, "pool-id", "", "existing pool the tasks run on")
	fs.StringVar(&c.spec.JobID, "job-id", "", "ID of the job to create")
	fs.StringVar(&c.spec.CatalogURL, "geocatalog-endpoint", os.Getenv("GEOCATALOG_ENDPOINT"), "GeoCatalog endpoint (default $GEOCATALOG_ENDPOINT)")
	fs.StringVar(&c.spec.ClientID, "client-id", "", "client ID of the pool's user-assigned identity")
	fs.IntVar(&c.spec.Shards, "shards", 4, "number of shard tasks")
	fs.StringVar(&c.spec.CommandLine, "task-command", "", "command line of the task program (no shell), e.g. shardtask -source scenes -output sizes -journal-mount journals")
	fs.IntVar(&c.spec.MaxTaskRetryCount, "max-task-retries", 2, "Batch retries of a failed task (-1: without limit)")
	fs.StringVar(&c.source, "source", "", "source collection to plan the shards over (\"\": hash sharding, no manifests)")
	fs.StringVar(&c.container, "container", "", "blob container URL (no SAS) for the manifests and reports, reached with your credential")
	fs.StringVar(&c.reportSAS, "report-container-sas", "", "the same container's URL with a write SAS, for the tasks' output files")
	fs.DurationVar(&c.sasLifetime, "manifest-sas-lifetime", 6*time.Hour, "lifetime of the manifests' read-only SAS URLs")
	fs.DurationVar(&c.interval, "interval", 10*time.Second, "time between two looks at the task states")
	fs.StringVar(&c.terminate, "terminate", "", "terminate this job and exit")
	fs.BoolVar(&c.summaryOnly, "summary", false, "print the merged counts without the per-source results")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if c.batchURL == "" {
		return c, errors.New("set -batch-url or $BATCH_ACCOUNT_URL")
	}
	if c.terminate == "" && c.container == "" {
		return c, errors.New("set -container (manifests and reports)")
	}
	c.spec.ReportContainerURL = c.reportSAS
	return c, nil
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	c, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err == nil {
		err = run(ctx, c, os.Stdout, os.Stderr)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "submit:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, stdout, stderr io.Writer) error {
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		return err
	}
	bc, err := batch.NewClient(c.batchURL, cred, nil)
	if err != nil {
		return err
	}
	if c.terminate != "" {
		_, err := bc.Terminate(ctx, c.terminate, nil)
		if err == nil {
			fmt.Fprintf(stdout, "job %s terminated\n", c.terminate)
		}
		return err
	}
	cc, err := container.NewClient(c.container, cred, nil)
	if err != nil {
		return err
	}
	if c.source != "" {
		urls, err := stageManifests(ctx, c, cred, cc, stderr)
		if err != nil {
			return err
		}
		c.spec.Manifests = urls
	}
	sub, err := bc.Submit(ctx, c.spec, &batch.SubmitOptions{OnTasksAdded: func(n int) {
		fmt.Fprintf(stderr, "job %s: %d of %d tasks added\n", c.spec.JobID, n, c.spec.Shards)
	}})
	if err != nil {
		return err
	}
	w, err := bc.Watch(ctx, sub.JobID, &batch.WatchOptions{Interval: c.interval, OnProgress: func(p batch.Progress) {
		fmt.Fprintf(stderr, "%s job %s: %v\n", time.Now().Format(time.TimeOnly), sub.JobID, p)
	}})
	if err != nil {
		return err
	}
	merged, err := bc.MergeReports(ctx, sub.JobID, cc, &batch.MergeReportsOptions{Tasks: w.Tasks})
	if err != nil {
		return err
	}
	for _, t := range merged.FailedTasks() {
		fmt.Fprintln(stderr, t.Err)
	}
	rep := merged.Report
	if c.summaryOnly {
		rep.Sources = nil
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	if n := len(merged.FailedTasks()); n > 0 {
		return fmt.Errorf("%d of %d tasks failed", n, len(merged.Tasks))
	}
	return nil
}

// stageManifests plans the shards over the source collection and stages
// the manifests with read-only user delegation SAS URLs.
func stageManifests(ctx context.Context, c config, cred azcore.TokenCredential, cc *container.Client, stderr io.Writer) ([]string, error) {
	catalog, err := geocatalog.NewClient(c.spec.CatalogURL, cred, nil)
	if err != nil {
		return nil, err
	}
	plan, err := gsp.Plan(ctx, catalog, gsp.Source{Collections: []string{c.source}}, c.spec.Shards, &gsp.PlanOptions{
		OnProgress: func(n int) { fmt.Fprintf(stderr, "planning: %d items listed\n", n) },
	})
	if err != nil {
		return nil, err
	}
	svcURL, err := serviceURL(c.container)
	if err != nil {
		return nil, err
	}
	svc, err := service.NewClient(svcURL, cred, nil)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	start, expiry := now.Add(-5*time.Minute).Format(time.RFC3339), now.Add(c.sasLifetime).Format(time.RFC3339)
	udc, err := svc.GetUserDelegationCredential(ctx, service.KeyInfo{Start: &start, Expiry: &expiry}, nil)
	if err != nil {
		return nil, fmt.Errorf("getting a user delegation key: %w", err)
	}
	stager := partner.NewStager(cc, &partner.StagerOptions{Prefix: "manifests", UserDelegationCredential: udc})
	fmt.Fprintf(stderr, "planned %d items into %d shards\n", plan.Items, len(plan.Manifests))
	staged, err := plan.Stage(ctx, stager, c.spec.JobID, &gsp.StageOptions{SASLifetime: c.sasLifetime})
	return staged.URLs, err
}
