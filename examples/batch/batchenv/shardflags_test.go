package batchenv

import (
	"flag"
	"testing"

	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestBindShardFlags(t *testing.T) {
	t.Setenv(gsp.EnvShardIndex, "1")
	t.Setenv(gsp.EnvShardCount, "4")
	for _, c := range []struct {
		args []string
		want gsp.Shard
		bad  bool
	}{
		{nil, gsp.Shard{Index: 1, Count: 4}, false},
		{[]string{"-shard-index", "3"}, gsp.Shard{Index: 3, Count: 4}, false},
		{[]string{"-shard-index", "0", "-shard-count", "2"}, gsp.Shard{Index: 0, Count: 2}, false},
		{[]string{"-shard-count", "1"}, gsp.Shard{}, true}, // env index 1 of flag count 1
		{[]string{"-shard-index", "x"}, gsp.Shard{}, true},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		get := BindShardFlags(fs)
		if err := fs.Parse(c.args); err != nil {
			t.Fatal(err)
		}
		s, err := get()
		if c.bad {
			if err == nil {
				t.Errorf("%v: accepted as %v", c.args, s)
			}
			continue
		}
		if err != nil || s != c.want {
			t.Errorf("%v: got %v, %v; want %v", c.args, s, err, c.want)
		}
	}
}
