package changedetect

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// Dates of the generated pairs.
var (
	Before = time.Date(2026, 3, 1, 10, 30, 0, 0, time.UTC)
	After  = time.Date(2026, 9, 1, 10, 30, 0, 0, time.UTC)
)

// GenerateOptions say what Generate makes.
type GenerateOptions struct {
	// Collection is the source collection to create (or reuse).
	Collection string
	// Cells is the number of grid cells, each with an item at Before and
	// one at After.
	Cells int
	// Size is the width and height of the rasters in pixels (default 64).
	Size int
	// Dir receives the GeoTIFF files before they are staged.
	Dir string
	// AssetKey is the key of the raster asset (default "image").
	AssetKey string
}

// Generated describes the generated data.
type Generated struct {
	// Items are the source items, in the catalog's form as sent.
	Items []*stac.Item
	// Fractions maps the ID of each After item to the fraction of its
	// pixels that changed since Before (for a threshold below 50).
	Fractions map[string]float64
}

// Generate makes pairs of single-band uint8 GeoTIFFs over the same cell at
// Before and After, where After differs by +50 on the first k rows of cell i
// (k = (i+1)*Size/(Cells+1)), and writes them as items of a new collection
// through the partner write path w (which stages the files: give it a
// Stager).
func Generate(ctx context.Context, client *geocatalog.Client, w *partner.Writer, o GenerateOptions) (*Generated, error) {
	if o.Size == 0 {
		o.Size = 64
	}
	if o.AssetKey == "" {
		o.AssetKey = "image"
	}
	if o.Cells <= 0 || o.Collection == "" || o.Dir == "" {
		return nil, errors.New("changedetect: Generate needs Collection, Cells and Dir")
	}
	coll := stac.NewCollection(o.Collection, "Generated rasters at two dates, for change detection", "CC0-1.0",
		stac.NewExtent([]float64{0, 0, float64(o.Cells), 1}, &Before, &After))
	p, err := client.STAC().BeginCreateCollection(ctx, coll, nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil && !geocatalog.IsConflict(err) {
		return nil, fmt.Errorf("changedetect: creating %s: %w", o.Collection, err)
	}
	g := &Generated{Fractions: map[string]float64{}}
	for i := range o.Cells {
		k := (i + 1) * o.Size / (o.Cells + 1)
		for _, when := range []time.Time{Before, After} {
			r := geotiff.New(o.Size, o.Size, 1, geotiff.Uint8)
			r.EPSG = 4326
			r.SetBounds(float64(i), 0, float64(i+1), 1)
			for y := range o.Size {
				for x := range o.Size {
					v := float64((x*7 + y*13 + i*29) % 200)
					if when.Equal(After) && y < k {
						v += 50
					}
					r.Set(0, x, y, v)
				}
			}
			id := fmt.Sprintf("cell-%02d-%s", i, when.Format("20060102"))
			path := filepath.Join(o.Dir, id+".tif")
			if err := writeTIFF(path, r); err != nil {
				return nil, err
			}
			it := stac.NewItem(id)
			x0 := float64(i)
			it.Geometry = stac.MustGeometry(orb.Polygon{{{x0, 0}, {x0 + 1, 0}, {x0 + 1, 1}, {x0, 1}, {x0, 0}}})
			it.BBox = []float64{x0, 0, x0 + 1, 1}
			t := when
			it.Properties.Datetime = &t
			if err := it.Properties.Set(PropGridCode, fmt.Sprintf("CELL-%02d", i)); err != nil {
				return nil, err
			}
			it.Assets[o.AssetKey] = &stac.Asset{Href: path, Type: "image/tiff; application=geotiff", Roles: []string{"data"}}
			g.Items = append(g.Items, it)
			if when.Equal(After) {
				g.Fractions[id] = float64(k) / float64(o.Size)
			}
		}
	}
	rep, err := w.WriteItems(ctx, o.Collection, g.Items, nil)
	if err != nil {
		return nil, fmt.Errorf("changedetect: writing the generated items: %w", err)
	}
	if rep.Failed > 0 {
		f := rep.FailedItems()[0]
		return nil, fmt.Errorf("changedetect: %d generated items failed, first %s: %s %s", rep.Failed, f.ID, f.Code, f.Message)
	}
	return g, nil
}
