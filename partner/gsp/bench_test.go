package gsp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// BenchmarkShardSpeedup runs one GSP job over 1,000 source items with an
// I/O-bound processor (50 ms wait each) as 1 shard process and as 4 shard
// processes in parallel, at the same concurrency per process, and reports
// both wall times and the speed-up. Run it with -benchtime=1x.
func BenchmarkShardSpeedup(b *testing.B) {
	const n, concurrency = 1000, 8
	f := newFixture(b, n)
	ca := f.caFile(b)
	run := func(shards int, output string) time.Duration {
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for k := range shards {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := shardCommand(b, f, childConfig{CAFile: ca, Output: output, Concurrency: concurrency, Delay: 50 * time.Millisecond}, k, shards)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					b.Errorf("shard %d: %v: %s", k, err, stderr.String())
					return
				}
				var rep gsp.Report
				if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
					b.Error(err)
					return
				}
				mu.Lock()
				total += rep.Done
				mu.Unlock()
			}()
		}
		wg.Wait()
		if total != n {
			b.Fatalf("%d shards did %d sources, want %d", shards, total, n)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		one := run(1, fmt.Sprintf("bench-one-%d", i))
		four := run(4, fmt.Sprintf("bench-four-%d", i))
		b.ReportMetric(one.Seconds(), "s/1-process")
		b.ReportMetric(four.Seconds(), "s/4-processes")
		b.ReportMetric(one.Seconds()/four.Seconds(), "x-speedup")
	}
}
