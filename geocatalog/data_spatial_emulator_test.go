package geocatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestDataSpatialRangesCheckedBeforeSending: every point, bbox and
// geometry a Data method sends is range-checked when its CRS is WGS84 (no
// CoordCRS, or a WGS84 name): out of range, it is an *InvalidArgumentError
// and the emulator counts no request. In another CoordCRS the same numbers
// are sent (they are metres, not degrees).
func TestDataSpatialRangesCheckedBeforeSending(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	d := client.Data()
	item := d.Item("c1", "i1")
	mosaic := d.Collection("c1")
	far := geocatalog.BBox{MinX: 0, MinY: 0, MaxX: 200, MaxY: 10}
	north := geocatalog.BBox{MinX: 0, MinY: 0, MaxX: 10, MaxY: 95}
	farFeature := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]}`)}
	southFeature := &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Point","coordinates":[10,-91]}`)}
	size := geocatalog.CropSize{Width: 8, Height: 8, Format: geocatalog.FormatPNG}
	wgs84 := geocatalog.OutputParams{CoordCRS: "EPSG:4326"}
	type check struct {
		call func() error
		// validation: the error wraps a *stac.ValidationError.
		validation bool
	}
	cases := map[string]check{
		"item bbox crop longitude 200": {func() error { _, err := item.GetBBoxCrop(ctx, far, size, nil); return err }, true},
		"mosaic bbox crop latitude 95, EPSG:4326": {func() error {
			_, err := mosaic.GetBBoxCrop(ctx, north, size, &geocatalog.GetBBoxCropOptions{OutputParams: wgs84})
			return err
		}, true},
		"bbox crop NaN": {func() error {
			_, err := item.GetBBoxCrop(ctx, geocatalog.BBox{MinX: math.NaN(), MaxX: 1, MaxY: 1}, size, nil)
			return err
		}, true},
		"item feature crop longitude 200": {func() error { _, err := item.CropFeature(ctx, farFeature, size, nil); return err }, true},
		"mosaic feature crop latitude -91": {func() error {
			_, err := mosaic.CropFeature(ctx, southFeature, size, &geocatalog.CropFeatureOptions{OutputParams: wgs84})
			return err
		}, true},
		"feature statistics longitude 200": {func() error { _, err := item.GetFeatureStatistics(ctx, farFeature, nil); return err }, true},
		"feature statistics, malformed geometry": {func() error {
			_, err := item.GetFeatureStatistics(ctx, &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}`)}, nil)
			return err
		}, true},
		"item point longitude 181":    {func() error { _, err := item.GetPoint(ctx, 181, 0, nil); return err }, false},
		"mosaic point latitude 91":    {func() error { _, err := mosaic.GetPoint(ctx, 0, 91, nil); return err }, false},
		"point assets longitude -200": {func() error { _, err := mosaic.GetPointAssets(ctx, -200, 0, nil); return err }, false},
		"bbox assets longitude 200":   {func() error { _, err := mosaic.GetBBoxAssets(ctx, far, nil); return err }, true},
		"search mosaic bbox crop longitude 200": {func() error {
			_, err := d.Search("0123456789abcdef").GetBBoxCrop(ctx, far, size, nil)
			return err
		}, true},
		"register search bbox longitude 200": {func() error {
			_, err := d.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{BBox: []float64{0, 0, 200, 10}}, nil)
			return err
		}, true},
		"register search intersects latitude 95": {func() error {
			_, err := d.RegisterSearch(ctx, &geocatalog.RegisterSearchRequest{Intersects: json.RawMessage(`{"type":"Point","coordinates":[10,95]}`)}, nil)
			return err
		}, true},
		"bbox crop URL longitude 200": {func() error { _, err := item.BBoxCropURL(far, size, nil); return err }, true},
	}
	cat := srv.DefaultCatalog()
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			before := cat.Stats().Total
			err := c.call()
			var ia *geocatalog.InvalidArgumentError
			if !errors.As(err, &ia) {
				t.Fatalf("got %T %v, want *InvalidArgumentError", err, err)
			}
			var ve *stac.ValidationError
			if c.validation && !errors.As(err, &ve) {
				t.Fatalf("no *stac.ValidationError in %v", err)
			}
			if after := cat.Stats().Total; after != before {
				t.Fatalf("%d request(s) reached the emulator", after-before)
			}
		})
	}

	// In another CRS the numbers are not degrees: they are sent.
	mercator := geocatalog.OutputParams{CoordCRS: "EPSG:3857"}
	sent := map[string]func() error{
		"bbox crop in EPSG:3857": func() error {
			_, err := item.GetBBoxCrop(ctx, geocatalog.BBox{MinX: 1e6, MinY: 5e6, MaxX: 1.01e6, MaxY: 5.01e6}, size, &geocatalog.GetBBoxCropOptions{OutputParams: mercator})
			return err
		},
		"feature statistics in EPSG:3857": func() error {
			_, err := item.GetFeatureStatistics(ctx, &geocatalog.Feature{Geometry: json.RawMessage(`{"type":"Point","coordinates":[1e6,5e6]}`)}, &geocatalog.GetFeatureStatisticsOptions{OutputParams: mercator})
			return err
		},
		"point in EPSG:3857": func() error {
			_, err := item.GetPoint(ctx, 1e6, 5e6, &geocatalog.GetPointOptions{CoordCRS: "EPSG:3857"})
			return err
		},
		"antimeridian bbox assets": func() error {
			_, err := mosaic.GetBBoxAssets(ctx, geocatalog.BBox{MinX: 170, MinY: -10, MaxX: -170, MaxY: 10}, nil)
			return err
		},
	}
	for name, call := range sent {
		before := cat.Stats().Total
		err := call()
		var ia *geocatalog.InvalidArgumentError
		if errors.As(err, &ia) {
			t.Fatalf("%s: refused: %v", name, err)
		}
		if cat.Stats().Total == before {
			t.Fatalf("%s: no request was sent", name)
		}
	}
}
