// Command task lists the collections of the GeoCatalog at GEOCATALOG_URL
// and prints them as JSON: the Go counterpart of the Azure Batch
// quickstart's task.py. It authenticates with the pool's user-assigned
// managed identity (client ID in AZURE_CLIENT_ID): on a customer's own pool
// the identity holds the GeoCatalog role itself; on a partner's pool
// (PARTNER_APP_CLIENT_ID and GEOCATALOG_TENANT_ID set) it is the federated
// credential of the partner's multitenant app, and the task reaches the
// catalog of a customer in that customer's tenant. See
// examples/batch/README.md and package batchenv for the settings.
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
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Output is what the task prints.
type Output struct {
	Catalog     string             `json:"catalog"`
	Mode        string             `json:"mode"`
	Collections []*stac.Collection `json:"collections"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "task:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	s, err := batchenv.FromEnv()
	if err != nil {
		return err
	}
	client, err := batchenv.Connect(ctx, s)
	if err != nil {
		return err
	}
	resp, err := client.STAC().ListCollections(ctx, nil)
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
