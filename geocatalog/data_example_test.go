package geocatalog_test

import (
	"context"
	"fmt"
	"log"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// A map client such as MapLibre needs a TileJSON URL; the client builds it
// (with the api-version, without any credential).
func ExampleDataClient_ItemTileJSONURL() {
	client, err := geocatalog.NewClient("https://contoso.abc123.uksouth.geocatalog.spatio.azure.com", staticCred{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	u, err := client.Data().ItemTileJSONURL("naip-atl", "ga_m_3308421_se_16_060_20211114", &geocatalog.ItemTileJSONOptions{
		RenderParams:   geocatalog.RenderParams{Assets: []string{"image"}, AssetBandIndexes: []string{"image|1,2,3"}},
		TileJSONParams: geocatalog.TileJSONParams{TileMatrixSetID: "WebMercatorQuad", TileFormat: geocatalog.FormatPNG},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u)
	// Output:
	// https://contoso.abc123.uksouth.geocatalog.spatio.azure.com/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/WebMercatorQuad/tilejson.json?api-version=2026-04-15&asset_bidx=image%7C1%2C2%2C3&assets=image&tile_format=png
}

// Reading the value of every band of an item at a location.
func ExampleDataClient_GetItemPoint() {
	var client *geocatalog.Client // from geocatalog.NewClient
	pt, err := client.Data().GetItemPoint(context.Background(), "naip-atl", "ga_m_3308421_se_16_060_20211114", -84.386, 33.676,
		&geocatalog.ItemPointOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}})
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range pt.BandNames {
		fmt.Println(name, pt.Values[i])
	}
}
