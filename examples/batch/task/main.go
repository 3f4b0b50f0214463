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
