package partner_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/paulmach/orb"
)

// Write items into an existing collection with the shared write path: they
// are created in batches and awaited; an item written again with other
// content is replaced, one with the same content is left alone.
func ExampleWriter_WriteItems() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	col := stac.NewCollection("results", "Derived results.", "proprietary",
		stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil))
	poller, err := client.STAC().BeginCreateCollection(ctx, col, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := poller.PollUntilDone(ctx, nil); err != nil {
		log.Fatal(err)
	}

	item := func(id string, score float64) *stac.Item {
		it := stac.NewItem(id)
		it.Geometry = stac.MustGeometry(orb.Point{7.5, 46.9})
		it.BBox = []float64{7.5, 46.9, 7.5, 46.9}
		t := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		it.Properties.Datetime = &t
		_ = it.Properties.Set("score", score)
		return it
	}
	w := partner.NewWriter(client, nil)
	for _, items := range [][]*stac.Item{
		{item("a", 0.1), item("b", 0.2)},
		{item("a", 0.1), item("b", 0.9)}, // b changed
	} {
		rep, err := w.WriteItems(ctx, "results", items, nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("created %d, replaced %d, unchanged %d\n", rep.Created, rep.Replaced, rep.Unchanged)
	}
	// Output:
	// created 2, replaced 0, unchanged 0
	// created 0, replaced 1, unchanged 1
}
