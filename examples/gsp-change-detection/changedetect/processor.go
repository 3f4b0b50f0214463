package changedetect

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// Property names written on derived items.
const (
	PropFraction  = "change:fraction"
	PropPixels    = "change:changed_pixels"
	PropValid     = "change:valid_pixels"
	PropThreshold = "change:threshold"
	PropGridCode  = "grid:code"
)

// Processor detects change. The zero value is not usable: set AssetKey.
type Processor struct {
	// AssetKey is the key of the raster asset of the source items.
	AssetKey string
	// Threshold is the absolute difference above which a pixel changed.
	Threshold float64
}

// Process implements gsp.Processor.
func (p Processor) Process(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
	later := in.Item
	code, ok := later.Properties.String(PropGridCode)
	if !ok || later.Properties.Datetime == nil {
		return nil, fmt.Errorf("item %s has no %s or datetime", later.ID, PropGridCode)
	}
	earlier, err := p.previous(ctx, in, code)
	if err != nil {
		return nil, err
	}
	if earlier == nil {
		return nil, nil // the first date of this cell: nothing to compare
	}
	a, err := p.read(ctx, in, earlier)
	if err != nil {
		return nil, err
	}
	b, err := p.read(ctx, in, later)
	if err != nil {
		return nil, err
	}
	mask, changed, valid, err := Detect(a, b, p.Threshold)
	if err != nil {
		return nil, fmt.Errorf("%s vs %s: %w", earlier.ID, later.ID, err)
	}
	dir, err := in.TempDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "mask.tif")
	if err := writeTIFF(path, mask); err != nil {
		return nil, err
	}

	d := stac.NewItem("change-" + later.ID)
	d.Geometry = later.Geometry.Clone()
	d.BBox = append([]float64(nil), later.BBox...)
	d.Properties.Datetime = later.Properties.Datetime
	d.Properties.StartDatetime = earlier.Properties.Datetime
	d.Properties.EndDatetime = later.Properties.Datetime
	fraction := 0.0
	if valid > 0 {
		fraction = float64(changed) / float64(valid)
	}
	for name, v := range map[string]any{PropFraction: fraction, PropPixels: changed, PropValid: valid,
		PropThreshold: p.Threshold, PropGridCode: code} {
		if err := d.Properties.Set(name, v); err != nil {
			return nil, err
		}
	}
	d.Assets["mask"] = &stac.Asset{Href: path, Type: "image/tiff; application=geotiff", Title: "change mask (1: changed)", Roles: []string{"data"}}
	return []*gsp.Derived{{Item: d, Sources: []*stac.Item{earlier}}}, nil
}

// previous finds the latest item of the same cell before the input item.
func (p Processor) previous(ctx context.Context, in *gsp.Input, code string) (*stac.Item, error) {
	before := later(in.Item).Add(-time.Second).UTC().Format(time.RFC3339)
	req := &stac.SearchRequest{
		Collections: []string{in.Item.Collection},
		Datetime:    "../" + before,
		Query:       map[string]any{PropGridCode: map[string]any{"eq": code}},
		SortBy:      []stac.SortBy{{Field: "datetime", Direction: "desc"}},
		Limit:       1,
	}
	for it, err := range in.Client().STAC().SearchItems(ctx, req, nil) {
		if err != nil {
			return nil, fmt.Errorf("finding the previous item of %s: %w", in.Item.ID, err)
		}
		return it, nil
	}
	return nil, nil
}

func later(it *stac.Item) time.Time { return *it.Properties.Datetime }

// read reads the raster asset of an item with range requests.
func (p Processor) read(ctx context.Context, in *gsp.Input, it *stac.Item) (*geotiff.Raster, error) {
	a, err := in.OpenItemAsset(ctx, it, p.AssetKey, nil)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	r, err := geotiff.Read(a, a.Size())
	if err != nil {
		return nil, fmt.Errorf("decoding %s/%s: %w", it.ID, p.AssetKey, err)
	}
	return r, nil
}

// Detect compares band 1 of two rasters of the same grid and returns the
// mask (uint8: 1 changed, 0 unchanged, 255 nodata in either), the changed
// pixel count and the count of pixels valid in both.
func Detect(a, b *geotiff.Raster, threshold float64) (mask *geotiff.Raster, changed, valid int, err error) {
	if a.Width != b.Width || a.Height != b.Height {
		return nil, 0, 0, fmt.Errorf("the rasters differ in size (%dx%d, %dx%d)", a.Width, a.Height, b.Width, b.Height)
	}
	for i := range a.GeoTransform {
		if math.Abs(a.GeoTransform[i]-b.GeoTransform[i]) > 1e-9 {
			return nil, 0, 0, errors.New("the rasters are not on the same grid")
		}
	}
	mask = geotiff.New(a.Width, a.Height, 1, geotiff.Uint8)
	mask.GeoTransform, mask.EPSG = a.GeoTransform, a.EPSG
	nodata := 255.0
	mask.NoData = &nodata
	for i := range a.Data[0] {
		va, vb := a.Data[0][i], b.Data[0][i]
		switch {
		case a.IsNoData(va) || b.IsNoData(vb):
			mask.Data[0][i] = nodata
		case math.Abs(vb-va) > threshold:
			mask.Data[0][i] = 1
			changed++
			valid++
		default:
			valid++
		}
	}
	return mask, changed, valid, nil
}

func writeTIFF(path string, r *geotiff.Raster) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := geotiff.WriteWithOptions(f, r, &geotiff.WriteOptions{Deflate: true}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
