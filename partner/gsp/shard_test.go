package gsp

import (
	"fmt"
	"testing"
)

func TestShardsPartitionIDs(t *testing.T) {
	const n = 7
	ids := make([]string, 5000)
	for i := range ids {
		ids[i] = fmt.Sprintf("S2A_MSIL2A_%05d", i)
	}
	counts := make([]int, n)
	for _, id := range ids {
		owners := 0
		for k := range n {
			if (Shard{Index: k, Count: n}).Contains(id) {
				owners++
				counts[k]++
			}
		}
		if owners != 1 {
			t.Fatalf("%s is in %d shards, want 1", id, owners)
		}
	}
	for k, c := range counts {
		// A fair hash puts ~714 of 5000 in each of 7 shards.
		if c < 550 || c > 880 {
			t.Errorf("shard %d holds %d of %d ids: hash is badly skewed (%v)", k, c, len(ids), counts)
		}
	}
}

func TestShardOfIsStable(t *testing.T) {
	// Fixed values (FNV-1a 64, computed independently): a change of hash would reshuffle the shards of jobs that
	// are half done, so it must be deliberate.
	for _, c := range []struct {
		id    string
		count int
		want  int
	}{{"scene-0001", 16, 13}, {"scene-0002", 4, 0}, {"item-1", 1, 0}, {"item-1", 0, 0}} {
		if got := ShardOf(c.id, c.count); got != c.want {
			t.Errorf("ShardOf(%q,%d)=%d want %d", c.id, c.count, got, c.want)
		}
	}
	if !(Shard{}).Contains("anything") || (Shard{}).String() != "0/1" {
		t.Error("the zero Shard must hold every item and print as 0/1")
	}
}

func TestParseShard(t *testing.T) {
	if s, err := ParseShard(" 2/4 "); err != nil || s != (Shard{2, 4}) {
		t.Fatalf("ParseShard(2/4) = %v, %v", s, err)
	}
	for _, bad := range []string{"", "2", "4/4", "-1/4", "0/0", "a/b", "1/-3"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	t.Setenv(EnvShardIndex, "")
	t.Setenv(EnvShardCount, "")
	if s, err := ShardFromEnv(); err != nil || s != All {
		t.Fatalf("no env: %v, %v; want All", s, err)
	}
	t.Setenv(EnvShardIndex, "3")
	if _, err := ShardFromEnv(); err == nil {
		t.Fatal("index without count accepted")
	}
	t.Setenv(EnvShardCount, "8")
	if s, err := ShardFromEnv(); err != nil || s != (Shard{3, 8}) {
		t.Fatalf("env 3/8: %v, %v", s, err)
	}
	t.Setenv(EnvShardCount, "3")
	if _, err := ShardFromEnv(); err == nil {
		t.Fatal("index 3 of 3 accepted")
	}
	t.Setenv(EnvShardCount, "x")
	if _, err := ShardFromEnv(); err == nil {
		t.Fatal("count x accepted")
	}
}
