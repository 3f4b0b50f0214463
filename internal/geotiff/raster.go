package geotiff

import (
	"errors"
	"fmt"
	"math"
)

// DataType is the sample type of a raster.
type DataType int

// Supported sample types.
const (
	Uint8 DataType = iota + 1
	Uint16
	Int16
	Float32
)

// String returns the GDAL/rasterio name of the type ("uint8", "float32", ...).
func (t DataType) String() string {
	switch t {
	case Uint8:
		return "uint8"
	case Uint16:
		return "uint16"
	case Int16:
		return "int16"
	case Float32:
		return "float32"
	}
	return fmt.Sprintf("DataType(%d)", int(t))
}

// bytes is the size of one sample.
func (t DataType) bytes() int {
	switch t {
	case Uint8:
		return 1
	case Uint16, Int16:
		return 2
	case Float32:
		return 4
	}
	return 0
}

// clamp converts v to a value the type can hold (rounded and saturated for
// integer types).
func (t DataType) clamp(v float64) float64 {
	switch t {
	case Uint8:
		return math.Max(0, math.Min(255, math.Round(v)))
	case Uint16:
		return math.Max(0, math.Min(65535, math.Round(v)))
	case Int16:
		return math.Max(-32768, math.Min(32767, math.Round(v)))
	case Float32:
		return float64(float32(v))
	}
	return v
}

// Raster is a georeferenced image held in memory.
type Raster struct {
	// Width and Height are the size in pixels.
	Width, Height int
	// Bands is the number of samples per pixel (1..4).
	Bands int
	// DataType is the sample type written to and read from the file.
	DataType DataType
	// Data holds one slice per band, each Width*Height samples in row-major
	// order (row 0 is the top of the image).
	Data [][]float64
	// GeoTransform maps pixel to world coordinates the GDAL way:
	// X = GT[0] + px*GT[1] + py*GT[2]; Y = GT[3] + px*GT[4] + py*GT[5].
	// A north-up image has GT[2] == GT[4] == 0 and GT[5] < 0.
	GeoTransform [6]float64
	// EPSG is the code of the coordinate reference system (4326, 3857, ...);
	// 0 means unknown.
	EPSG int
	// NoData is the value that marks missing pixels, nil if none.
	NoData *float64
}

// New returns a zero-filled raster of the given size and type, with an
// identity geotransform and no CRS.
func New(width, height, bands int, dt DataType) *Raster {
	r := &Raster{Width: width, Height: height, Bands: bands, DataType: dt,
		GeoTransform: [6]float64{0, 1, 0, 0, 0, 1}}
	r.Data = make([][]float64, bands)
	for b := range r.Data {
		r.Data[b] = make([]float64, width*height)
	}
	return r
}

// Validate reports whether the raster is consistent and writable.
func (r *Raster) Validate() error {
	switch {
	case r == nil:
		return errors.New("geotiff: nil raster")
	case r.Width <= 0 || r.Height <= 0:
		return fmt.Errorf("geotiff: invalid size %dx%d", r.Width, r.Height)
	case r.Bands < 1 || r.Bands > 4:
		return fmt.Errorf("geotiff: %d bands (want 1..4)", r.Bands)
	case r.DataType.bytes() == 0:
		return fmt.Errorf("geotiff: unsupported data type %v", r.DataType)
	case len(r.Data) != r.Bands:
		return fmt.Errorf("geotiff: %d data slices for %d bands", len(r.Data), r.Bands)
	}
	for b, d := range r.Data {
		if len(d) != r.Width*r.Height {
			return fmt.Errorf("geotiff: band %d has %d samples, want %d", b+1, len(d), r.Width*r.Height)
		}
	}
	if r.EPSG < 0 || r.EPSG > 65535 {
		return fmt.Errorf("geotiff: EPSG code %d out of range", r.EPSG)
	}
	if r.GeoTransform[2] != 0 || r.GeoTransform[4] != 0 {
		return errors.New("geotiff: rotated geotransforms are not supported")
	}
	if r.GeoTransform[1] == 0 || r.GeoTransform[5] == 0 {
		return errors.New("geotiff: geotransform has a zero pixel size")
	}
	return nil
}

// At returns the sample of band b (0-based) at pixel (x, y).
func (r *Raster) At(b, x, y int) float64 { return r.Data[b][y*r.Width+x] }

// Set stores v, converted to the raster's type, in band b (0-based) at (x, y).
func (r *Raster) Set(b, x, y int, v float64) { r.Data[b][y*r.Width+x] = r.DataType.clamp(v) }

// Pixel returns every band's value at pixel (x, y), or nil when (x, y) is
// outside the image.
func (r *Raster) Pixel(x, y int) []float64 {
	if x < 0 || y < 0 || x >= r.Width || y >= r.Height {
		return nil
	}
	out := make([]float64, r.Bands)
	for b := range out {
		out[b] = r.Data[b][y*r.Width+x]
	}
	return out
}

// IsNoData reports whether v is the raster's nodata value (NaN matches a NaN nodata).
func (r *Raster) IsNoData(v float64) bool {
	if r.NoData == nil {
		return false
	}
	if math.IsNaN(*r.NoData) {
		return math.IsNaN(v)
	}
	return v == *r.NoData
}

// PixelToWorld converts pixel coordinates (fractional; (0,0) is the top-left
// corner of the top-left pixel) to world coordinates.
func (r *Raster) PixelToWorld(px, py float64) (x, y float64) {
	gt := r.GeoTransform
	return gt[0] + px*gt[1] + py*gt[2], gt[3] + px*gt[4] + py*gt[5]
}

// WorldToPixel converts world coordinates to fractional pixel coordinates.
// The pixel that contains the point is (floor(px), floor(py)).
func (r *Raster) WorldToPixel(x, y float64) (px, py float64) {
	gt := r.GeoTransform
	det := gt[1]*gt[5] - gt[2]*gt[4]
	dx, dy := x-gt[0], y-gt[3]
	return (dx*gt[5] - dy*gt[2]) / det, (dy*gt[1] - dx*gt[4]) / det
}

// ValueAt returns every band's value at the pixel containing world point
// (x, y); ok is false when the point falls outside the image.
func (r *Raster) ValueAt(x, y float64) (values []float64, ok bool) {
	px, py := r.WorldToPixel(x, y)
	if math.IsNaN(px) || math.IsNaN(py) {
		return nil, false
	}
	ix, iy := int(math.Floor(px)), int(math.Floor(py))
	v := r.Pixel(ix, iy)
	return v, v != nil
}

// Bounds returns the world extent of the image as [minx, miny, maxx, maxy].
func (r *Raster) Bounds() [4]float64 {
	x0, y0 := r.PixelToWorld(0, 0)
	x1, y1 := r.PixelToWorld(float64(r.Width), float64(r.Height))
	return [4]float64{math.Min(x0, x1), math.Min(y0, y1), math.Max(x0, x1), math.Max(y0, y1)}
}

// SetBounds sets a north-up geotransform so that the image covers
// [minx, miny, maxx, maxy] exactly.
func (r *Raster) SetBounds(minx, miny, maxx, maxy float64) {
	r.GeoTransform = [6]float64{minx, (maxx - minx) / float64(r.Width), 0, maxy, 0, -(maxy - miny) / float64(r.Height)}
}
