package gsp_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// sourcesDone returns how often the journal records each source item done.
func sourcesDone(t testing.TB, path string) map[string]int {
	t.Helper()
	recs, err := partner.ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]int{}
	for _, r := range recs {
		if strings.HasPrefix(r.Hash, "gsp-source:") && r.Outcome.Done() {
			done[r.ItemID]++
		}
	}
	return done
}

func TestKilledShardRestartsWithNothingMissingNorTwice(t *testing.T) {
	const n, shards, shard = 160, 2, 1
	f := newFixture(t, n)
	journal := filepath.Join(t.TempDir(), "shard-1.jsonl")
	cfg := childConfig{CAFile: f.caFile(t), Output: "checksums", Concurrency: 3, Delay: 15 * time.Millisecond, Journal: journal}

	// First run: killed (SIGKILL) once a quarter of its sources are done.
	cmd := shardCommand(t, f, cfg, shard, shards)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if recs, _ := partner.ReadJournal(journal); countSources(recs) >= 20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the first run did not get going: %s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	before := sourcesDone(t, journal)
	var inShard []string
	for _, id := range f.ids {
		if (gsp.Shard{Index: shard, Count: shards}).Contains(id) {
			inShard = append(inShard, id)
		}
	}
	if len(before) >= len(inShard) {
		t.Fatalf("the first run finished (%d of %d) before it was killed", len(before), len(inShard))
	}

	// Second run with the same journal.
	cmd = shardCommand(t, f, cfg, shard, shards)
	var stdout bytes.Buffer
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("restart: %v: %s", err, stderr.String())
	}
	var rep gsp.Report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != len(before) || rep.Done != len(inShard)-len(before) || rep.Failed != 0 {
		t.Fatalf("restart report: skipped %d done %d failed %d; %d were done before, %d in the shard",
			rep.Skipped, rep.Done, rep.Failed, len(before), len(inShard))
	}

	after := sourcesDone(t, journal)
	for _, id := range inShard {
		if after[id] != 1 {
			t.Errorf("source %s recorded done %d times", id, after[id])
		}
	}
	if len(after) != len(inShard) {
		t.Errorf("%d sources done, %d in the shard", len(after), len(inShard))
	}
	recs, _ := partner.ReadJournal(journal)
	created := map[string]int{}
	for _, r := range recs {
		if r.Collection == "checksums" && r.Outcome == partner.OutcomeCreated {
			created[r.ItemID]++
		}
	}
	for id, c := range created {
		if c > 1 {
			t.Errorf("derived item %s created %d times", id, c)
		}
	}
	out := f.outputItems(t, "checksums")
	if len(out) != len(inShard) {
		t.Fatalf("%d derived items, want %d", len(out), len(inShard))
	}
	for _, id := range inShard {
		if out["sum-"+id] == nil {
			t.Errorf("no derived item for %s", id)
		}
	}
}

func countSources(recs []partner.JournalRecord) int {
	n := 0
	for _, r := range recs {
		if strings.HasPrefix(r.Hash, "gsp-source:") {
			n++
		}
	}
	return n
}
