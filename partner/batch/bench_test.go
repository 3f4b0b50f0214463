package batch_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

// BenchmarkNodeBoundThroughput runs the same job (benchItems source items,
// each with a 1 MiB asset read in full) on the Batch emulator as 1 task on
// 1 node and as 4 tasks on 4 nodes. Every task process reads its assets
// through one limiter of benchMBps (a node's network) and the total
// concurrency is the same in both: 1 task x 4C vs 4 tasks x C, so the
// speed-up comes from the 4 NICs alone, not from more reads in flight.
// Figures: s/job (submit to last task complete), items/s.
func BenchmarkNodeBoundThroughput(b *testing.B) {
	const (
		benchItems = 128
		assetSize  = 1 << 20
		benchMBps  = 4
		perTask    = 2 // C
	)
	e := shardjobtest.New(b, shardjobtest.Options{Items: benchItems, AssetSize: assetSize, Nodes: 4})
	run := 0
	for _, shards := range []int{1, 4} {
		concurrency := perTask * 4 / shards
		b.Run(fmt.Sprintf("tasks=%d/concurrency=%d", shards, concurrency), func(b *testing.B) {
			for b.Loop() {
				run++
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				jobID := fmt.Sprintf("bench-%d-%d", shards, run)
				spec := e.Spec(b, jobID, shards, fmt.Sprintf("-output bench-%d-%d -concurrency %d -bandwidth-mbps %d -batch-items 4", shards, run, concurrency, benchMBps))
				start := time.Now()
				if _, err := e.Client.Submit(ctx, spec, nil); err != nil {
					b.Fatal(err)
				}
				w, err := e.Client.Watch(ctx, jobID, &batch.WatchOptions{Interval: 20 * time.Millisecond})
				if err != nil {
					b.Fatal(err)
				}
				elapsed := time.Since(start)
				merged, err := e.Client.MergeReports(ctx, jobID, e.Reports, &batch.MergeReportsOptions{Tasks: w.Tasks})
				cancel()
				if err != nil || merged.Report.Done != benchItems || len(merged.FailedTasks()) != 0 {
					b.Fatalf("job %s: %v, done %d, failed tasks %v", jobID, err, merged.Report.Done, merged.FailedTasks())
				}
				b.ReportMetric(elapsed.Seconds(), "s/job")
				b.ReportMetric(benchItems/elapsed.Seconds(), "items/s")
			}
		})
	}
}
