package batchenv

import (
	"flag"
	"os"

	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// BindShardFlags registers -shard-index and -shard-count on fs. The function
// it returns, called after fs.Parse, gives the shard of the process: a flag
// that was set on the command line wins over its environment variable
// (GSP_SHARD_INDEX, GSP_SHARD_COUNT), and when neither flags nor variables
// are set the shard is gsp.All.
func BindShardFlags(fs *flag.FlagSet) func() (gsp.Shard, error) {
	idx := fs.String("shard-index", "", "0-based shard of this process (default $"+gsp.EnvShardIndex+", else 0)")
	cnt := fs.String("shard-count", "", "number of shards of the job (default $"+gsp.EnvShardCount+", else 1)")
	return func() (gsp.Shard, error) {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		return gsp.ShardFromLookup(func(name string) (string, bool) {
			switch {
			case name == gsp.EnvShardIndex && set["shard-index"]:
				return *idx, true
			case name == gsp.EnvShardCount && set["shard-count"]:
				return *cnt, true
			}
			return os.LookupEnv(name)
		})
	}
}
