// Package scenetest fills a test catalog with source scenes: n items named
// scene-0000, scene-0001, ... on a 10 x 10 grid of one-degree cells, an
// hour apart from 2026-01-01, each with a "data" asset at
// <assetBase>/data/<id>.bin. The GSP and Batch tests share it.
package scenetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// ID is the id of scene i.
func ID(i int) string { return fmt.Sprintf("scene-%04d", i) }

// Item is scene i, its asset under assetBase.
func Item(i int, assetBase string) *stac.Item {
	id := ID(i)
	it := stac.NewItem(id)
	x, y := float64(i%10), float64(i/10%10)
	it.Geometry = stac.MustGeometry(orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}})
	it.BBox = []float64{x, y, x + 1, y + 1}
	dt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	it.Properties.Datetime = &dt
	it.Assets["data"] = &stac.Asset{Href: assetBase + "/data/" + id + ".bin", Type: "application/octet-stream", Roles: []string{"data"}}
	return it
}

// Fill creates scenes 0 to n-1 in collection, 100 per operation, and
// returns their ids; any failure ends the test.
func Fill(ctx context.Context, tb testing.TB, client *geocatalog.Client, collection, assetBase string, n int) []string {
	tb.Helper()
	ids := make([]string, 0, n)
	var batch []*stac.Item
	flush := func() {
		if len(batch) == 0 {
			return
		}
		p, err := client.STAC().BeginCreateItems(ctx, collection, batch, nil)
		if err == nil {
			_, err = p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 10 * time.Millisecond})
		}
		if err != nil {
			tb.Fatal(err)
		}
		batch = nil
	}
	for i := range n {
		batch = append(batch, Item(i, assetBase))
		ids = append(ids, ID(i))
		if len(batch) == 100 {
			flush()
		}
	}
	flush()
	return ids
}
