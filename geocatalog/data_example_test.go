package geocatalog_test

import (
	"context"
	"fmt"
	"log"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// A map client such as MapLibre needs a TileJSON URL; the client builds it
// (with the api-version, without any credential).
func ExampleItemDataClient_TileJSONURL() {
	client, err := geocatalog.NewClient("https://contoso.abc123.uksouth.geocatalog.spatio.azure.com", staticCred{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	item := client.Data().Item("naip-atl", "ga_m_3308421_se_16_060_20211114")
	u, err := item.TileJSONURL(&geocatalog.TileJSONURLOptions{
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
func ExampleItemDataClient_GetPoint() {
	var client *geocatalog.Client // from geocatalog.NewClient
	pt, err := client.Data().Item("naip-atl", "ga_m_3308421_se_16_060_20211114").GetPoint(context.Background(), -84.386, 33.676,
		&geocatalog.GetPointOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}})
	if err != nil {
		log.Fatal(err)
	}
	for i, name := range pt.BandNames {
		fmt.Println(name, pt.Values[i])
	}
}

// The same tile operations serve an item, a collection mosaic and a
// registered search mosaic: only the sub-client differs.
func ExampleDataClient_Collection() {
	client, err := geocatalog.NewClient("https://contoso.abc123.uksouth.geocatalog.spatio.azure.com", staticCred{}, nil)
	if err != nil {
		log.Fatal(err)
	}
	tile := geocatalog.Tile{TileMatrixSetID: "WebMercatorQuad", Z: 12, X: 1087, Y: 1637, Format: geocatalog.FormatPNG}
	opts := &geocatalog.TileURLOptions{RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}}
	for _, layer := range []interface {
		TileURL(geocatalog.Tile, *geocatalog.TileURLOptions) (string, error)
	}{
		client.Data().Item("naip-atl", "ga_m_3308421_se_16_060_20211114"),
		client.Data().Collection("naip-atl"),
		client.Data().Search("ba13fc7947b9b585690d84ee61aaa653"),
	} {
		u, err := layer.TileURL(tile, opts)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(u)
	}
	// Output:
	// https://contoso.abc123.uksouth.geocatalog.spatio.azure.com/data/mosaic/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114/tiles/WebMercatorQuad/12/1087/1637.png?api-version=2026-04-15&assets=image
	// https://contoso.abc123.uksouth.geocatalog.spatio.azure.com/data/mosaic/collections/naip-atl/tiles/WebMercatorQuad/12/1087/1637.png?api-version=2026-04-15&assets=image
	// https://contoso.abc123.uksouth.geocatalog.spatio.azure.com/data/mosaic/searches/ba13fc7947b9b585690d84ee61aaa653/tiles/WebMercatorQuad/12/1087/1637.png?api-version=2026-04-15&assets=image
}

// Registering a search gives the id of its mosaic, to render with
// DataClient.Search.
func ExampleDataClient_RegisterSearch() {
	var client *geocatalog.Client // from geocatalog.NewClient
	ctx := context.Background()
	reg, err := client.Data().RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{
		Collections: []string{"naip-atl"}, Datetime: "2021-01-01T00:00:00Z/2021-12-31T23:59:59Z"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	tj, err := client.Data().Search(reg.SearchID).GetTileJSON(ctx, &geocatalog.GetTileJSONOptions{
		RenderParams: geocatalog.RenderParams{Assets: []string{"image"}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tj.Tiles[0])
}
