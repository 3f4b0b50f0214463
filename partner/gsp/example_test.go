package gsp_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// A shard of a GSP job: the shard comes from
// GSP_SHARD_INDEX/GSP_SHARD_COUNT (an Azure Batch task's environment),
// and each shard keeps its own checkpoint journal.
func ExampleRun() {
	var client *geocatalog.Client // from tenancy.PartnerApp.Client, or geocatalog.NewClient
	var stager *partner.Stager    // where derived asset files are staged

	shard, err := gsp.ShardFromEnv()
	if err != nil {
		log.Fatal(err)
	}
	journal, err := partner.OpenJournal(fmt.Sprintf("gsp-%d-of-%d.journal", shard.Index, shard.Count))
	if err != nil {
		log.Fatal(err)
	}
	defer journal.Close()

	sizes := gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
		a, err := in.OpenAsset(ctx, "visual", nil) // SAS-signed, streaming, retried
		if err != nil {
			return nil, err // fails this source item alone
		}
		defer a.Close()
		n, err := io.Copy(io.Discard, a)
		if err != nil {
			return nil, err
		}
		d := stac.NewItem("size-" + in.Item.ID)
		d.Geometry, d.BBox = in.Item.Geometry, in.Item.BBox
		d.Properties.Datetime = in.Item.Properties.Datetime
		if err := d.Properties.Set("example:bytes", n); err != nil {
			return nil, err
		}
		return []*gsp.Derived{{Item: d}}, nil
	})

	rep, err := gsp.Run(context.Background(), client, gsp.Job{
		Source:      gsp.Source{Collections: []string{"sentinel-2-l2a"}},
		Processor:   sizes,
		Output:      stac.NewCollection("asset-sizes", "Sizes of the visual assets", "CC0-1.0", stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil)),
		Processing:  gsp.Processing{Software: map[string]string{"asset-sizes": "1.0.0"}},
		Concurrency: 8,
		Shard:       shard,
		Journal:     journal,
		Writer:      &partner.WriterOptions{Stager: stager},
	})
	if err != nil {
		log.Print(err) // errors.Is(err, tenancy.ErrAccessRevoked) when the customer revoked access
	}
	if rep != nil {
		fmt.Fprintf(os.Stderr, "shard %v: %d done, %d failed, %d skipped\n", rep.Shard, rep.Done, rep.Failed, rep.Skipped)
	}
}
