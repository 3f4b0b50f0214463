package gsp

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
)

// Environment variables that select the shard of a process. An Azure Batch
// task gets them from its environmentSettings.
const (
	EnvShardIndex = "GSP_SHARD_INDEX"
	EnvShardCount = "GSP_SHARD_COUNT"
)

// Shard is shard Index (0-based) of Count. The zero Shard means the whole
// search (shard 0 of 1).
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// All is the shard that holds every item.
var All = Shard{Index: 0, Count: 1}

// normalized returns s with a zero Count read as 1.
func (s Shard) normalized() Shard {
	if s.Count == 0 && s.Index == 0 {
		return All
	}
	return s
}

// Validate reports whether the shard is well formed: 1 <= Count and
// 0 <= Index < Count (the zero Shard is valid and means All).
func (s Shard) Validate() error {
	s = s.normalized()
	if s.Count < 1 {
		return fmt.Errorf("gsp: shard count %d: must be at least 1", s.Count)
	}
	if s.Index < 0 || s.Index >= s.Count {
		return fmt.Errorf("gsp: shard index %d: must be in [0, %d)", s.Index, s.Count)
	}
	return nil
}

// Contains reports whether the source item with the given ID belongs to the
// shard. Every ID belongs to exactly one of the Count shards.
func (s Shard) Contains(itemID string) bool {
	s = s.normalized()
	return ShardOf(itemID, s.Count) == s.Index
}

// String returns the shard as "index/count", the form ParseShard reads.
func (s Shard) String() string {
	s = s.normalized()
	return strconv.Itoa(s.Index) + "/" + strconv.Itoa(s.Count)
}

// ShardOf returns the shard (in [0, count)) of a source item ID: the 64-bit
// FNV-1a hash of the ID modulo count. It depends on nothing but the ID and
// count, so every process of a job agrees on it. A count below 1 gives 0.
func ShardOf(itemID string, count int) int {
	if count <= 1 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(itemID))
	return int(h.Sum64() % uint64(count))
}

// ParseShard reads a shard written as "index/count", e.g. "2/4".
func ParseShard(s string) (Shard, error) {
	i, c, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("gsp: shard %q: want index/count, e.g. 0/4", s)
	}
	idx, err1 := strconv.Atoi(strings.TrimSpace(i))
	cnt, err2 := strconv.Atoi(strings.TrimSpace(c))
	if err := errors.Join(err1, err2); err != nil {
		return Shard{}, fmt.Errorf("gsp: shard %q: want index/count, e.g. 0/4", s)
	}
	sh := Shard{Index: idx, Count: cnt}
	if cnt == 0 {
		return Shard{}, fmt.Errorf("gsp: shard count %d: must be at least 1", cnt)
	}
	return sh, sh.Validate()
}

// ShardFromEnv reads the shard from GSP_SHARD_INDEX and GSP_SHARD_COUNT.
// Neither set means All; setting only one of them is an error.
func ShardFromEnv() (Shard, error) { return ShardFromLookup(os.LookupEnv) }

// ShardFromLookup reads the shard from the variables EnvShardIndex and
// EnvShardCount as lookup returns them (os.LookupEnv, or a program's flags
// laid over it), with the rules of ShardFromEnv.
func ShardFromLookup(lookup func(string) (string, bool)) (Shard, error) {
	idx, hasIdx := lookup(EnvShardIndex)
	cnt, hasCnt := lookup(EnvShardCount)
	idx, cnt = strings.TrimSpace(idx), strings.TrimSpace(cnt)
	hasIdx, hasCnt = hasIdx && idx != "", hasCnt && cnt != ""
	switch {
	case !hasIdx && !hasCnt:
		return All, nil
	case hasIdx != hasCnt:
		return Shard{}, fmt.Errorf("gsp: set both %s and %s, or neither", EnvShardIndex, EnvShardCount)
	}
	i, err := strconv.Atoi(idx)
	if err != nil {
		return Shard{}, fmt.Errorf("gsp: %s=%q is not an integer", EnvShardIndex, idx)
	}
	c, err := strconv.Atoi(cnt)
	if err != nil {
		return Shard{}, fmt.Errorf("gsp: %s=%q is not an integer", EnvShardCount, cnt)
	}
	if c == 0 {
		return Shard{}, fmt.Errorf("gsp: %s=0: must be at least 1", EnvShardCount)
	}
	s := Shard{Index: i, Count: c}
	return s, s.Validate()
}
