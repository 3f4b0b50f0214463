package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// The generated order: a 4 x 3 grid of 0.01° tiles near Atlanta, one per
// hour of 2025-05-01, each a 3-band 128 x 128 GeoTIFF.
const (
	collectionID = "gdp-example-tiles"
	gridCols     = 4
	gridRows     = 3
	tileDeg      = 0.01
	tilePixels   = 128
	west, south  = -84.42, 33.72
)

// writeOrder writes the GeoTIFFs and an NDJSON file of items under dir and
// returns the order. Asset hrefs are relative paths: the delivery stages
// them.
func writeOrder(dir string) (gdp.Order, error) {
	var items []*stac.Item
	for r := range gridRows {
		for c := range gridCols {
			i := r*gridCols + c
			b := orb.Bound{
				Min: orb.Point{west + tileDeg*float64(c), south + tileDeg*float64(r)},
				Max: orb.Point{west + tileDeg*float64(c+1), south + tileDeg*float64(r+1)},
			}
			name := fmt.Sprintf("tile-%02d.tif", i)
			if err := writeTile(filepath.Join(dir, name), b, i); err != nil {
				return gdp.Order{}, err
			}
			it := stac.NewItem(fmt.Sprintf("gdp-example-%02d", i))
			it.Geometry = stac.MustGeometry(b.ToPolygon())
			it.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
			dt := time.Date(2025, 5, 1, i, 0, 0, 0, time.UTC)
			it.Properties.Datetime = &dt
			_ = it.Properties.Set("gsd", tileDeg/tilePixels*111000)
			_ = it.Properties.Set("platform", "example-drone")
			it.Assets["image"] = &stac.Asset{Href: name, Type: "image/tiff; application=geotiff", Title: "RGB tile", Roles: []string{"data"}}
			items = append(items, it)
		}
	}
	f, err := os.Create(filepath.Join(dir, "order.ndjson"))
	if err != nil {
		return gdp.Order{}, err
	}
	for _, it := range items {
		b, err := it.MarshalJSON()
		if err != nil {
			f.Close()
			return gdp.Order{}, err
		}
		f.Write(append(b, '\n'))
	}
	if err := f.Close(); err != nil {
		return gdp.Order{}, err
	}
	col := gdp.CollectionFor(collectionID, "Example delivery: synthetic RGB tiles.", "CC-BY-4.0", items, "platform")
	col.Title = "GDP delivery example"
	return gdp.Order{Collection: col, Items: gdp.NDJSONFile(f.Name())}, nil
}

// writeTile renders a 3-band gradient for tile i.
func writeTile(path string, b orb.Bound, i int) error {
	r := geotiff.New(tilePixels, tilePixels, 3, geotiff.Uint8)
	r.SetBounds(b.Min[0], b.Min[1], b.Max[0], b.Max[1])
	r.EPSG = 4326
	for y := range tilePixels {
		for x := range tilePixels {
			r.Set(0, x, y, float64((x*2+i*20)%256))
			r.Set(1, x, y, float64((y*2+i*10)%256))
			r.Set(2, x, y, float64((x+y+i*30)%256))
		}
	}
	var buf bytes.Buffer
	if err := geotiff.WriteWithOptions(&buf, r, &geotiff.WriteOptions{TileSize: 64, Deflate: true}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
