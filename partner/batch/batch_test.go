package batch_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"

	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// journalLines counts the records of a journal (0 when missing).
func journalLines(b []byte) int {
	n := 0
	for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
		if strings.Contains(sc.Text(), `"gsp-source:`) {
			n++
		}
	}
	return n
}

// journals is where the shards' journals of a job live: args are the
// shard task's flags that put them there, read returns a task's journal
// (nil when there is none yet).
type journals struct {
	args string
	read func(jobID, taskID string) []byte
}

// mountJournals are journals on the pool mount "journals", shared by the
// nodes.
func mountJournals(e *shardjobtest.Env) journals {
	return journals{args: "-journal-mount journals", read: func(jobID, taskID string) []byte {
		b, _ := os.ReadFile(filepath.Join(e.Batch.MountDir("journals"), jobID, taskID+".journal"))
		return b
	}}
}

// blobJournals are journals in append blobs of e.Journals.
func blobJournals(e *shardjobtest.Env) journals {
	return journals{args: "-journal-container " + e.Journals.URL(), read: func(jobID, taskID string) []byte {
		d, err := e.Journals.NewBlobClient(jobID+"/"+taskID+".journal").DownloadStream(context.Background(), nil)
		if err != nil {
			return nil
		}
		defer d.Body.Close()
		b, _ := io.ReadAll(d.Body)
		return b
	}}
}

func TestShardedJobOnBatchProcessesEveryItemOnceThroughAKill(t *testing.T) {
	e := shardjobtest.New(t, shardjobtest.Options{Items: 48, AssetSize: 2048, Nodes: 4})
	runThroughAKill(t, e, mountJournals(e))
}

func TestShardedJobWithBlobJournalsAndNoSharedMountProcessesEveryItemOnceThroughAKill(t *testing.T) {
	e := shardjobtest.New(t, shardjobtest.Options{Items: 48, AssetSize: 2048, Nodes: 4, BlobJournals: true})
	runThroughAKill(t, e, blobJournals(e))
	if _, err := os.Stat(e.Batch.MountDir("journals")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the nodes share a journals mount (%v): the journals must be in blobs only", err)
	}
}

// runThroughAKill runs a 4-shard job over e's source items with its
// journals in js, SIGKILLs shard 1 once it journaled 3 items, and checks
// that the retry, on another node, did none of that work again: every
// item is processed once and the merged report is exact.
func runThroughAKill(t *testing.T, e *shardjobtest.Env, js journals) {
	t.Helper()
	n, shards := len(e.IDs), 4
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	spec := e.Spec(t, "sizes-job", shards, "-output sizes "+js.args+" -batch-items 1 -concurrency 1 -item-delay 40ms")
	sub, err := e.Client.Submit(ctx, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.TaskIDs) != shards {
		t.Fatalf("tasks %v", sub.TaskIDs)
	}

	// Shard 1's process is SIGKILLed once its journal holds 3 records.
	const killed = "shard-00001"
	killErr := make(chan error, 1)
	go func() {
		for ctx.Err() == nil {
			if journalLines(js.read("sizes-job", killed)) >= 3 {
				killErr <- e.Batch.KillTask("sizes-job", killed)
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		killErr <- ctx.Err()
	}()

	var mu sync.Mutex
	var seen []batch.Progress
	w, err := e.Client.Watch(ctx, "sizes-job", &batch.WatchOptions{Interval: 50 * time.Millisecond, OnProgress: func(p batch.Progress) {
		mu.Lock()
		seen = append(seen, p)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-killErr; err != nil {
		t.Fatalf("kill: %v", err)
	}
	if !w.Progress.Done() || w.Progress.Failed != 0 || w.Progress.Tasks != shards || w.Progress.Retries != 1 {
		t.Fatalf("final progress %v", w.Progress)
	}
	if len(seen) < 2 || seen[0].Completed == shards {
		t.Fatalf("progress callbacks %v", seen)
	}
	run, _ := e.Batch.Task("sizes-job", killed)
	if len(run.Nodes) != 2 || run.Nodes[0] == run.Nodes[1] {
		t.Fatalf("the killed task ran on %v, want a retry on another node", run.Nodes)
	}

	merged, err := e.Client.MergeReports(ctx, "sizes-job", e.Reports, &batch.MergeReportsOptions{Tasks: w.Tasks})
	if err != nil {
		t.Fatal(err)
	}
	rep := merged.Report
	if len(merged.FailedTasks()) != 0 || rep.Failed != 0 || rep.Done+rep.Skipped != n || rep.Searched != rep.Done {
		t.Fatalf("merged report: done %d skipped %d failed %d searched %d; failed tasks %v", rep.Done, rep.Skipped, rep.Failed, rep.Searched, merged.FailedTasks())
	}
	// Every source item has exactly one result, and the retried shard did
	// none of its journaled work again.
	results := map[string]gsp.SourceOutcome{}
	for _, s := range rep.Sources {
		if _, dup := results[s.ItemID]; dup {
			t.Fatalf("%s has two results", s.ItemID)
		}
		results[s.ItemID] = s.Outcome
	}
	if len(results) != n {
		t.Fatalf("%d source results, want %d", len(results), n)
	}
	for _, tr := range merged.Tasks {
		if tr.Report == nil {
			t.Fatalf("task %s has no report", tr.TaskID)
		}
		if tr.TaskID == killed {
			if tr.Retries != 1 || tr.Report.Skipped < 3 {
				t.Fatalf("killed shard: %d retries, %d skipped (want >= 3)", tr.Retries, tr.Report.Skipped)
			}
		} else if tr.Report.Skipped != 0 {
			t.Fatalf("shard %s skipped %d", tr.TaskID, tr.Report.Skipped)
		}
	}
	// The journal shows each source item done once: the killed try's
	// records and the retry's together.
	records := map[string]int{}
	for _, name := range []string{"shard-00000", "shard-00001", "shard-00002", "shard-00003"} {
		b := js.read("sizes-job", name)
		if b == nil {
			t.Fatalf("no journal of %s", name)
		}
		for sc := bufio.NewScanner(bytes.NewReader(b)); sc.Scan(); {
			var rec struct {
				Item    string `json:"item"`
				Hash    string `json:"hash"`
				Outcome string `json:"outcome"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) == nil && strings.HasPrefix(rec.Hash, "gsp-source:") {
				records[rec.Item]++
			}
		}
	}
	for _, id := range e.IDs {
		if records[id] != 1 {
			t.Errorf("source %s is journaled done %d times", id, records[id])
		}
	}
	if out := e.OutputItems(t, "sizes"); len(out) != n {
		t.Fatalf("the output collection has %d items, want %d", len(out), n)
	}

	// No secret in the job or task definitions: only the resource files'
	// and output containers' URLs carry a SAS.
	job, err := rawClient(t, e).GetJob(ctx, "sizes-job", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range job.CommonEnvironmentSettings {
		if strings.Contains(deref(s.Value), "sig=") {
			t.Fatalf("job setting %s holds a SAS", deref(s.Name))
		}
	}
	for _, tk := range w.Tasks {
		full, err := rawClient(t, e).GetTask(ctx, "sizes-job", deref(tk.ID), nil)
		if err != nil {
			t.Fatal(err)
		}
		full.ResourceFiles, full.OutputFiles = nil, nil
		b, _ := json.Marshal(full.Task)
		if strings.Contains(string(b), "sig=") {
			t.Fatalf("task %s holds a SAS outside its files: %s", deref(tk.ID), b)
		}
	}
}

func TestShardWhoseIdentityLacksTheRoleFailsTypedAndTheOthersFinish(t *testing.T) {
	const n, shards = 24, 3
	e := shardjobtest.New(t, shardjobtest.Options{Items: n, AssetSize: 512, Nodes: 3})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	spec := e.Spec(t, "reader-job", shards, "-output sizes2 -concurrency 2")
	spec.MaxTaskRetryCount = 1
	spec.ShardEnvironment = func(k int) map[string]string {
		if k == 2 {
			return map[string]string{batch.EnvClientID: e.ReaderID}
		}
		return nil
	}
	if _, err := e.Client.Submit(ctx, spec, nil); err != nil {
		t.Fatal(err)
	}
	w, err := e.Client.Watch(ctx, "reader-job", &batch.WatchOptions{Interval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if w.Progress.Failed != 1 || w.Progress.Succeeded != 2 || w.Progress.Retries != 1 {
		t.Fatalf("progress %v", w.Progress)
	}
	merged, err := e.Client.MergeReports(ctx, "reader-job", e.Reports, nil)
	if err != nil {
		t.Fatal(err)
	}
	failed := merged.FailedTasks()
	if len(failed) != 1 || failed[0].TaskID != "shard-00002" {
		t.Fatalf("failed tasks %+v", failed)
	}
	var tfe *batch.TaskFailedError
	if !errors.As(failed[0].Err, &tfe) || !errors.Is(failed[0].Err, tenancy.ErrAccessRevoked) || tfe.ExitCode != batch.ExitAccessRevoked {
		t.Fatalf("error %v", failed[0].Err)
	}
	if !strings.Contains(tfe.Error(), tfe.StderrURL) || !strings.HasSuffix(tfe.StderrURL, "/reader-job/shard-00002/stderr.txt") {
		t.Fatalf("the error does not point at stderr: %v", tfe)
	}
	// stderr.txt was uploaded where the error points, and says why.
	d, err := e.Reports.NewBlobClient("reader-job/shard-00002/stderr.txt").DownloadStream(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	stderr, _ := io.ReadAll(d.Body)
	if !strings.Contains(string(stderr), "403") || strings.Contains(string(stderr), "eyJ") {
		t.Fatalf("stderr: %s", stderr)
	}
	shard2 := failed[0].Report
	if shard2 == nil || shard2.Stopped == "" || shard2.Done != 0 {
		t.Fatalf("shard 2 report %+v", shard2)
	}
	rep := merged.Report
	want := n - n/shards
	if rep.Done != want || !strings.Contains(rep.Stopped, "shard 2/3") {
		t.Fatalf("merged: done %d (want %d), stopped %q", rep.Done, want, rep.Stopped)
	}
	if out := e.OutputItems(t, "sizes2"); len(out) != want {
		t.Fatalf("output %d items, want %d", len(out), want)
	}
}

// rawClient is an azbatch client of the emulator (to read definitions).
func rawClient(t testing.TB, e *shardjobtest.Env) *azbatch.Client {
	t.Helper()
	c, err := azbatch.NewClient(e.Batch.URL, e.PartnerCred, &azbatch.ClientOptions{ClientOptions: e.Batch.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
