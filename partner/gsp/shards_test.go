package gsp_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestFourShardProcessesCoverTheSearchOnce(t *testing.T) {
	const n, shards = 120, 4
	f := newFixture(t, n)
	ca := f.caFile(t)
	dir := t.TempDir()
	reports := make([]gsp.Report, shards)
	var wg sync.WaitGroup
	errs := make([]error, shards)
	for k := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := shardCommand(t, f, childConfig{CAFile: ca, Output: "checksums", Concurrency: 4,
				Journal: filepath.Join(dir, fmt.Sprintf("shard-%d.jsonl", k))}, k, shards)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				errs[k] = fmt.Errorf("shard %d: %v: %s", k, err, stderr.String())
				return
			}
			errs[k] = json.Unmarshal(stdout.Bytes(), &reports[k])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	owner := map[string]int{}
	for k, rep := range reports {
		if rep.Shard != (gsp.Shard{Index: k, Count: shards}) || rep.Searched != n || rep.Failed != 0 {
			t.Fatalf("shard %d report: %+v", k, rep)
		}
		if rep.Done == 0 {
			t.Errorf("shard %d did nothing", k)
		}
		for _, s := range rep.Sources {
			if prev, dup := owner[s.ItemID]; dup {
				t.Errorf("%s done by shards %d and %d", s.ItemID, prev, k)
			}
			owner[s.ItemID] = k
		}
	}
	if len(owner) != n {
		t.Fatalf("the shards did %d sources, want %d", len(owner), n)
	}
	out := f.outputItems(t, "checksums")
	if len(out) != n {
		t.Fatalf("%d derived items, want %d", len(out), n)
	}
	for _, id := range f.ids {
		d := out["sum-"+id]
		if d == nil {
			t.Fatalf("no derived item for %s", id)
		}
		if from := gsp.DerivedFrom(d); len(from) != 1 || !strings.HasSuffix(from[0], "/"+id) {
			t.Fatalf("%s derived_from %v", id, from)
		}
	}
}
