package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/geocatalog-partner/sdk-go/examples/batch/batchenv"
	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Output is what the task prints.
type Output struct {
	Catalog     string             `json:"catalog"`
	Mode        string             `json:"mode"`
	Collections []*stac.Collection `json:"collections"`
}

// program is the command line of task.
var program = cli.Program{
	Name: "task",
	About: `Lists the collections of a GeoCatalog and prints them as JSON (an Azure Batch
task). It authenticates with the pool's user-assigned managed identity; on a
partner's pool that identity is the federated credential of the partner's
multitenant app, which reaches the catalog in the customer's tenant.`,
	Env: []cli.Var{
		{Name: batchenv.EnvCatalogURL, Usage: "the catalog"},
		{Name: batchenv.EnvClientID, Usage: "the client ID of the pool's user-assigned managed identity"},
		{Name: batchenv.EnvPartnerApp, Usage: "partner pools: the partner's multitenant app"},
		{Name: batchenv.EnvTenantID, Usage: "partner pools: the customer's tenant"},
		{Name: batchenv.EnvCustomer, Usage: "partner pools: the customer's name in logs and errors"},
		{Name: batchenv.EnvAuthorityHost, Usage: "optional: the Entra ID authority host (sovereign clouds)"},
	},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	err := run(ctx, os.Args[1:], os.Stdout)
	cancel()
	stop()
	program.Exit(err)
}

func run(ctx context.Context, args []string, w io.Writer) error {
	if err := cli.Parse(program.FlagSet(w), args); err != nil {
		return err
	}
	s, err := batchenv.FromEnv()
	if err != nil {
		return err
	}
	client, err := batchenv.Connect(ctx, s)
	if err != nil {
		return err
	}
	resp, err := client.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	if err != nil {
		return fmt.Errorf("listing the collections of %s: %w", s.CatalogURL, err)
	}
	out := Output{Catalog: s.CatalogURL, Mode: s.Mode(), Collections: resp.Collections}
	if out.Collections == nil {
		out.Collections = []*stac.Collection{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
