package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// deliveryCollectionID is the collection a data-provider delivery fills.
const deliveryCollectionID = "quickstart-delivery"

// deliver delivers an order of the sample items into deliveryCollectionID
// the way a Geospatial Data Provider does (partner/gdp): the collection is
// ensured, items are created in batches and awaited, and items already
// delivered with the same content are left alone, so a second run writes
// nothing.
func deliver(ctx context.Context, out io.Writer, customer string, client *geocatalog.Client, assetBase string) (*gdp.Report, error) {
	items := sampleItems(assetBase, sampleItemCount)
	for _, it := range items {
		it.ID = "delivered-" + it.ID
		it.Collection = deliveryCollectionID
	}
	order := gdp.Order{
		Collection: gdp.CollectionFor(deliveryCollectionID, "Quickstart delivery: a data provider's order.", "CC-BY-4.0", items),
		Items:      gdp.ItemSlice(items),
	}
	rep, err := gdp.Deliver(ctx, client, order, &gdp.DeliverOptions{Customer: customer})
	if err != nil {
		return rep, fmt.Errorf("deliver: %w", err)
	}
	fmt.Fprintf(out, "6. delivered an order of %d items to %q: %d created, %d replaced, %d unchanged, %d failed, in %s\n",
		rep.Total(), deliveryCollectionID, rep.Created, rep.Replaced, rep.Unchanged, rep.Failed, rep.Duration.Round(time.Millisecond))
	for _, f := range rep.FailedItems() {
		fmt.Fprintf(out, "   failed %s: %s %s\n", f.ID, f.Code, f.Message)
	}
	return rep, nil
}
