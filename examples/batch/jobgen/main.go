package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// program is the command line of jobgen.
var program = cli.Program{
	Name: "jobgen",
	About: `Writes the Azure Batch JSON files of the examples into -out: pool.json (the ARM
body of a pool with a user-assigned identity), job.json (a job listing the
collections of a GeoCatalog) and, with -shards, gsp-job.json and
gsp-tasks-NNN.json (one task per shard, at most 100 per file). Values not
given stay as placeholders (__POOL_ID__, ...). See examples/batch/README.md.`,
}

func main() {
	program.Exit(run(os.Args[1:], os.Stdout))
}

func run(args []string, stdout io.Writer) error {
	fs := program.FlagSet(stdout)
	var c Config
	out := fs.String("out", ".", "directory to write the files into")
	fs.StringVar(&c.PoolID, "pool-id", "", "Batch pool ID")
	fs.StringVar(&c.CatalogURL, "geocatalog-endpoint", "", "GeoCatalog endpoint (GEOCATALOG_ENDPOINT)")
	fs.StringVar(&c.ClientID, "client-id", "", "client ID of the pool's user-assigned identity (AZURE_CLIENT_ID)")
	fs.StringVar(&c.IdentityResourceID, "identity-resource-id", "", "ARM resource ID of that identity (downloads the resource files)")
	fs.StringVar(&c.PartnerAppID, "partner-app-id", "", "partner pool: client ID of the partner's multitenant app (the identity is its federated credential)")
	fs.StringVar(&c.TenantID, "tenant-id", "", "partner pool: the customer's tenant ID")
	fs.StringVar(&c.ListJobID, "job-id", "", "ID of the listing job")
	fs.StringVar(&c.TaskURL, "task-url", "", "blob URL of the task program")
	fs.IntVar(&c.Shards, "shards", 0, "number of GSP shards (0: no GSP files)")
	fs.StringVar(&c.GSPJobID, "gsp-job-id", "", "ID of the GSP job")
	fs.StringVar(&c.GSPURL, "gsp-url", "", "blob URL of the GSP program")
	fs.StringVar(&c.GSPArgs, "gsp-args", "-source rasters -output change-masks", "arguments of the GSP program")
	fs.StringVar(&c.StagingURL, "staging-container", "", "blob container URL the GSP tasks stage result files to")
	fs.IntVar(&c.MaxTaskRetryCount, "max-task-retries", 2, "Batch retries of a failed task (-1: unlimited)")
	fs.IntVar(&c.Nodes, "nodes", 1, "node count of the pool (pool.json)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	files, err := c.Files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(*out, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, p)
	}
	return nil
}
