package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// manifestPrefix is the folder of the manifests in the container.
const manifestPrefix = "manifests"

// run submits the job of c through d and prints the merged report on
// stdout, progress and failures on stderr.
func run(ctx context.Context, c config, d deps, stdout, stderr io.Writer) error {
	bc, err := batch.NewClient(c.batchURL, d.cred, d.batch)
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
	var status io.Writer = stderr
	if c.quiet {
		status = io.Discard
	}
	cc, err := d.container(c.container)
	if err != nil {
		return err
	}
	if c.source != "" {
		urls, err := stageManifests(ctx, c, d, cc, status)
		if err != nil {
			return err
		}
		c.spec.Manifests = urls
	}
	sub, err := bc.Submit(ctx, c.spec, &batch.SubmitOptions{OnTasksAdded: func(n int) {
		fmt.Fprintf(status, "job %s: %d of %s added\n", c.spec.JobID, n, cli.Count(c.spec.Shards, "task"))
	}})
	if err != nil {
		return err
	}
	bar := progress.New(stderr, &progress.Options{Label: "job " + sub.JobID, Quiet: c.quiet, Interval: c.progressInterval})
	w, err := bc.Watch(ctx, sub.JobID, &batch.WatchOptions{Interval: c.interval, OnProgress: jobProgress(bar)})
	bar.Finish()
	if err != nil {
		return err
	}
	merged, err := bc.MergeReports(ctx, sub.JobID, cc, &batch.MergeReportsOptions{Tasks: w.Tasks})
	if err != nil {
		return err
	}
	failed := merged.FailedTasks()
	for _, t := range failed {
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
	if len(failed) > 0 {
		return fmt.Errorf("%d of %s failed", len(failed), cli.Count(len(merged.Tasks), "task"))
	}
	return nil
}

// stageManifests plans the shards over the source collection and stages
// the manifests with read-only SAS URLs.
func stageManifests(ctx context.Context, c config, d deps, cc *container.Client, status io.Writer) ([]string, error) {
	catalog, err := geocatalog.NewClient(c.spec.CatalogURL, d.cred, d.catalog)
	if err != nil {
		return nil, err
	}
	plan, err := gsp.Plan(ctx, catalog, gsp.Source{Collections: []string{c.source}}, c.spec.Shards, &gsp.PlanOptions{
		OnProgress: func(n int) { fmt.Fprintf(status, "planning: %s listed\n", cli.Count(n, "item")) },
	})
	if err != nil {
		return nil, err
	}
	stager, err := d.stager(ctx, cc, c.sasLifetime)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(status, "planned %s into %s\n", cli.Count(plan.Items, "item"), cli.Count(len(plan.Manifests), "shard"))
	staged, err := plan.Stage(ctx, stager, c.spec.JobID, &gsp.StageOptions{SASLifetime: c.sasLifetime})
	return staged.URLs, err
}
