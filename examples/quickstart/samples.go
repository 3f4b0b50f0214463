package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
	"github.com/paulmach/orb"
)

// The sample data: a row of small tiles east of Atlanta, one per day of June 2024.
const (
	sampleItemCount = 12
	sampleWest      = -84.40
	sampleSouth     = 33.60
	sampleTile      = 0.02 // degrees
	samplePixels    = 64
)

// sampleCollection describes the quickstart collection.
func sampleCollection() *stac.Collection {
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 0, sampleItemCount)
	bbox := []float64{sampleWest, sampleSouth, sampleWest + sampleTile*sampleItemCount, sampleSouth + sampleTile}
	c := stac.NewCollection(collectionID, "Quickstart sample: synthetic single-band tiles.", "CC-BY-4.0", stac.NewExtent(bbox, &start, &end))
	c.Title = "GeoCatalog Go SDK quickstart"
	c.ItemAssets = map[string]*stac.Asset{
		"image": {Type: "image/tiff; application=geotiff", Title: "Synthetic tile", Roles: []string{"data"}},
	}
	return c
}

// sampleItems builds n items whose "image" asset is assetBase/asset-i.tif.
func sampleItems(assetBase string, n int) []*stac.Item {
	items := make([]*stac.Item, n)
	for i := range items {
		west := sampleWest + sampleTile*float64(i)
		b := orb.Bound{Min: orb.Point{west, sampleSouth}, Max: orb.Point{west + sampleTile, sampleSouth + sampleTile}}
		it := stac.NewItem(fmt.Sprintf("quickstart-%02d", i))
		it.Collection = collectionID
		it.Geometry = stac.MustGeometry(b.ToPolygon())
		it.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		dt := time.Date(2024, 6, 1+i, 16, 0, 0, 0, time.UTC)
		it.Properties.Datetime = &dt
		_ = it.Properties.Set("gsd", sampleTile/samplePixels*111000)
		it.Assets["image"] = &stac.Asset{
			Href:  strings.TrimSuffix(assetBase, "/") + "/asset-" + strconv.Itoa(i) + ".tif",
			Type:  "image/tiff; application=geotiff",
			Title: "Synthetic tile",
			Roles: []string{"data"},
		}
		items[i] = it
	}
	return items
}

// sampleTIFF renders tile i: a gradient whose level depends on i.
func sampleTIFF(i int) ([]byte, error) {
	r := geotiff.New(samplePixels, samplePixels, 1, geotiff.Uint8)
	west := sampleWest + sampleTile*float64(i)
	r.SetBounds(west, sampleSouth, west+sampleTile, sampleSouth+sampleTile)
	r.EPSG = 4326
	for y := 0; y < samplePixels; y++ {
		for x := 0; x < samplePixels; x++ {
			r.Set(0, x, y, float64((x+y+10*i)%256))
		}
	}
	var buf bytes.Buffer
	err := geotiff.Write(&buf, r)
	return buf.Bytes(), err
}

// serveSampleAssets serves asset-0.tif ... asset-(n-1).tif on loopback, the
// way a data provider's storage would, for the emulator to copy from.
func serveSampleAssets(n int) (*httptest.Server, error) {
	files := make(map[string][]byte, n)
	for i := 0; i < n; i++ {
		b, err := sampleTIFF(i)
		if err != nil {
			return nil, err
		}
		files["/asset-"+strconv.Itoa(i)+".tif"] = b
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/tiff")
		_, _ = w.Write(b)
	})), nil
}
