package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// emulatorDeps reach the emulators of e: the submitter's managed identity,
// transports trusting the emulators' certificates, and Azurite's shared key
// for the container (so the manifests' SAS URLs are shared key SAS).
func emulatorDeps(t *testing.T, e *shardjobtest.Env) deps {
	key := azurite.Shared(t).Credential()
	return deps{
		cred:    e.PartnerCred,
		catalog: e.Catalog.ClientOptions(),
		batch:   &batch.ClientOptions{ClientOptions: e.Batch.ClientOptions()},
		container: func(containerURL string) (*container.Client, error) {
			return container.NewClientWithSharedKeyCredential(containerURL, key, nil)
		},
		stager: func(_ context.Context, cc *container.Client, lifetime time.Duration) (*partner.Stager, error) {
			return partner.NewStager(cc, &partner.StagerOptions{Prefix: manifestPrefix, SASLifetime: lifetime}), nil
		},
	}
}

// submitArgs is the command line of a job over the source collection.
func submitArgs(t *testing.T, e *shardjobtest.Env, jobID string, shards int, task string, more ...string) []string {
	return append([]string{
		"-batch-url", e.Batch.URL, "-pool-id", "pool", "-job-id", jobID,
		"-geocatalog-endpoint", e.Catalog.URL, "-client-id", e.WriterID,
		"-shards", fmt.Sprint(shards), "-task-command", e.TaskCommand(t, task),
		"-source", shardjobtest.SourceCollection,
		"-container", e.Reports.URL(), "-report-container-sas", e.ReportSAS,
		"-interval", "50ms",
	}, more...)
}

// progressLine is a progress line of the job on a non-terminal.
var progressLine = regexp.MustCompile(`^job submit-job: ([0-4])/4 \(\d+%\)(, [0-9.]+/s)?(, ETA [^,]+)?(, in .+)?$`)

// TestSubmitRunsAShardedJobEndToEnd runs submit's run against the Batch
// emulator (its nodes run examples/batch/shardtask), the GeoCatalog
// emulator and Azurite: a 4-shard plan over the source collection,
// manifests staged in Azurite, and the merged report printed on stdout
// holds every source item once, with exact totals; stderr, not a
// terminal, has the plan, the tasks added and progress lines: with 2
// nodes for 4 tasks, one while the second pair runs, then 4/4 once; the
// exit status is 0.
func TestSubmitRunsAShardedJobEndToEnd(t *testing.T) {
	const n, shards = 40, 4
	e := shardjobtest.New(t, shardjobtest.Options{Items: n, AssetSize: 1024, Nodes: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	var usage bytes.Buffer
	c, err := parse(submitArgs(t, e, "submit-job", shards, "-output sizes -concurrency 1 -item-delay 100ms", "-progress-interval", "100ms"), &usage)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, usage.String())
	}
	var stdout, stderr bytes.Buffer
	err = run(ctx, c, emulatorDeps(t, e), &stdout, &stderr)
	t.Logf("stderr:\n%s", stderr.String())
	if code := cli.ExitCode(err); code != 0 {
		t.Fatalf("exit status %d: %v", code, err)
	}

	var rep gsp.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("stdout is not a report: %v\n%s", err, stdout.String())
	}
	if rep.Done != n || rep.Failed != 0 || rep.Skipped != 0 || rep.Searched != n || rep.DerivedItems != n || rep.Stopped != "" {
		t.Fatalf("merged report: done %d failed %d skipped %d searched %d derived %d stopped %q; want %d done, searched and derived",
			rep.Done, rep.Failed, rep.Skipped, rep.Searched, rep.DerivedItems, rep.Stopped, n)
	}
	seen := map[string]int{}
	for _, s := range rep.Sources {
		if s.Outcome != gsp.SourceDone || s.Collection != shardjobtest.SourceCollection {
			t.Errorf("source %s: %s in %q", s.ItemID, s.Outcome, s.Collection)
		}
		seen[s.ItemID]++
	}
	for _, id := range e.IDs {
		if seen[id] != 1 {
			t.Errorf("source %s has %d results, want 1", id, seen[id])
		}
	}
	if len(seen) != n || len(rep.Sources) != n {
		t.Fatalf("%d results for %d sources, want %d", len(rep.Sources), len(seen), n)
	}
	if out := e.OutputItems(t, "sizes"); len(out) != n {
		t.Fatalf("the output collection has %d items, want %d", len(out), n)
	}

	// Standard error is not a terminal: plain lines, the last progress
	// line the final one; no SAS anywhere.
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	for _, want := range []string{"planned 40 items into 4 shards", "job submit-job: 4 of 4 tasks added"} {
		if !strings.Contains(stderr.String(), want+"\n") {
			t.Errorf("stderr lacks %q", want)
		}
	}
	var progress []string
	for _, l := range lines {
		if strings.HasPrefix(l, "job submit-job: ") && !strings.HasSuffix(l, " added") {
			if !progressLine.MatchString(l) {
				t.Errorf("progress line %q", l)
			}
			progress = append(progress, l)
		}
	}
	if len(progress) < 2 || !strings.HasPrefix(progress[len(progress)-1], "job submit-job: 4/4 (100%)") || !strings.Contains(progress[len(progress)-1], ", in ") {
		t.Fatalf("progress lines %q: want at least one before the last, 4/4 (100%%) ... in", progress)
	}
	for _, l := range progress[:len(progress)-1] {
		if done := progressLine.FindStringSubmatch(l); done == nil || done[1] == "0" || done[1] == "4" {
			t.Errorf("progress line %q before the last: want 1 to 3 of 4 done", l)
		}
	}
	if strings.Contains(stderr.String(), "\r") || strings.Contains(stderr.String()+stdout.String(), "sig=") {
		t.Fatal("stderr redraws a line or a SAS is printed")
	}
}

// TestSubmitQuietPrintsOnlyTheReport runs a 2-shard job with -q and
// -summary: nothing on stderr, the counts on stdout without per-source
// results.
func TestSubmitQuietPrintsOnlyTheReport(t *testing.T) {
	const n = 12
	e := shardjobtest.New(t, shardjobtest.Options{Items: n, AssetSize: 256, Nodes: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := parse(submitArgs(t, e, "quiet-job", 2, "-output quiet-sizes", "-q", "-summary", "-progress-interval", "1ms"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(ctx, c, emulatorDeps(t, e), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() != 0 {
		t.Fatalf("-q: stderr %q", stderr.String())
	}
	var rep gsp.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || rep.Done != n || rep.Sources != nil {
		t.Fatalf("-summary report: %v, done %d, %d sources\n%s", err, rep.Done, len(rep.Sources), stdout.String())
	}
}

// TestSubmitFailedTasksExitOne runs a hash-sharded job (no manifests)
// whose pool identity is only a Reader of the catalog, without retries:
// the exit status is 1, each failed task is named on stderr (exit code
// ExitAccessRevoked) with its stderr.txt, and the report is still printed.
func TestSubmitFailedTasksExitOne(t *testing.T) {
	e := shardjobtest.New(t, shardjobtest.Options{Items: 4, AssetSize: 64, Nodes: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c, err := parse(submitArgs(t, e, "failing-job", 2, "-output never", "-source", "", "-max-task-retries", "0", "-client-id", e.ReaderID), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err = run(ctx, c, emulatorDeps(t, e), &stdout, &stderr)
	if code := cli.ExitCode(err); code != 1 || err.Error() != "2 of 2 tasks failed" {
		t.Fatalf("exit status %d: %v, want 1: 2 of 2 tasks failed", code, err)
	}
	for _, task := range []string{"shard-00000", "shard-00001"} {
		if !strings.Contains(stderr.String(), fmt.Sprintf("batch: task %s failed (exit code %d", task, batch.ExitAccessRevoked)) || !strings.Contains(stderr.String(), "/failing-job/"+task+"/stderr.txt") {
			t.Errorf("stderr does not name %s and its stderr.txt:\n%s", task, stderr.String())
		}
	}
	if strings.Contains(stderr.String(), "planned") || strings.Contains(stderr.String(), "sig=") {
		t.Errorf("stderr of a hash-sharded job:\n%s", stderr.String())
	}
	var rep gsp.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || rep.Done != 0 || rep.Stopped == "" {
		t.Fatalf("report: %v, done %d\n%s", err, rep.Done, stdout.String())
	}
}
