package geocatalog

import (
	"math"
	"net/url"
	"strconv"
	"strings"
)

// The tiler's query parameters are grouped into small structs that the
// per-operation options embed. Every field's zero value means "not sent":
// the service default applies. Arrays are sent as repeated keys
// (assets=a&assets=b), as the service expects, except where noted.

// Range is a closed interval, sent as "min,max" (rescale, histogram_range).
type Range struct {
	Min, Max float64
}

// String returns "min,max" as the service expects it.
func (r Range) String() string { return formatFloat(r.Min) + "," + formatFloat(r.Max) }

// RenderParams select and render the data: which assets and bands, how to
// combine, rescale and colour them.
type RenderParams struct {
	// Assets are the asset keys to read ("assets", repeated).
	Assets []string
	// Expression is a band math expression, e.g. "(b4-b1)/(b4+b1)" ("expression").
	Expression string
	// AssetBandIndexes select bands per asset, each "asset|1,2,3" ("asset_bidx", repeated).
	AssetBandIndexes []string
	// BandIndexes are 1-based band indexes of the dataset ("bidx", repeated).
	BandIndexes []int
	// AssetAsBand makes each asset one band named after it ("asset_as_band").
	AssetAsBand *bool
	// NoData overrides the dataset's nodata value ("nodata"; NaN is sent as "nan").
	NoData *float64
	// Unscale applies the internal scale and offset ("unscale").
	Unscale *bool
	// Reproject is the resampling method used when reprojecting ("reproject").
	Reproject Resampling
	// Resampling is the resampling method used when reading ("resampling").
	Resampling Resampling
	// Algorithm post-processes the data, e.g. AlgorithmHillshade ("algorithm").
	Algorithm Algorithm
	// AlgorithmParams are the algorithm's parameters as JSON ("algorithm_params").
	AlgorithmParams string
	// ColorFormula is a rio-color formula, e.g. "gamma rgb 1.3" ("color_formula").
	ColorFormula string
	// Rescale maps each band's [Min, Max] to 0..255 ("rescale", one per band, repeated).
	Rescale []Range
	// ColormapName is a named colormap such as "viridis" ("colormap_name").
	ColormapName string
	// Colormap is a custom colormap as JSON, e.g. {"1":[255,0,0,255]} ("colormap").
	Colormap string
	// ReturnMask adds the alpha mask to the image ("return_mask").
	ReturnMask *bool
}

func (p *RenderParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addStrings(q, "assets", p.Assets)
	addString(q, "expression", p.Expression)
	addStrings(q, "asset_bidx", p.AssetBandIndexes)
	for _, b := range p.BandIndexes {
		q.Add("bidx", strconv.Itoa(b))
	}
	addBool(q, "asset_as_band", p.AssetAsBand)
	addFloatPtr(q, "nodata", p.NoData)
	addBool(q, "unscale", p.Unscale)
	addString(q, "reproject", string(p.Reproject))
	addString(q, "resampling", string(p.Resampling))
	addString(q, "algorithm", string(p.Algorithm))
	addString(q, "algorithm_params", p.AlgorithmParams)
	addString(q, "color_formula", p.ColorFormula)
	for _, r := range p.Rescale {
		q.Add("rescale", r.String())
	}
	addString(q, "colormap_name", p.ColormapName)
	addString(q, "colormap", p.Colormap)
	addBool(q, "return_mask", p.ReturnMask)
}

// DatasetParams select a subdataset or slice of multidimensional data, and
// the temporal filter of an item.
type DatasetParams struct {
	// SubdatasetName names a subdataset (HDF/NetCDF) ("subdataset_name").
	SubdatasetName string
	// SubdatasetBands are the subdataset's bands ("subdataset_bands", comma-separated).
	SubdatasetBands []string
	// CRS is the CRS of the output bounds and coordinates ("crs").
	CRS string
	// Datetime is an RFC 3339 instant or interval ("datetime").
	Datetime string
	// Sel are xarray selections, each "dim=value" ("sel", repeated).
	Sel []string
	// SelMethod is the xarray selection method, e.g. "nearest" ("sel_method").
	SelMethod string
}

func (p *DatasetParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addString(q, "subdataset_name", p.SubdatasetName)
	if len(p.SubdatasetBands) > 0 {
		q.Set("subdataset_bands", strings.Join(p.SubdatasetBands, ","))
	}
	addString(q, "crs", p.CRS)
	addString(q, "datetime", p.Datetime)
	addStrings(q, "sel", p.Sel)
	addString(q, "sel_method", p.SelMethod)
}

// MosaicParams tune how a collection or search mosaic picks its items.
type MosaicParams struct {
	// ScanLimit is the most items to scan (pgSTAC default 10000) ("scan_limit").
	ScanLimit int
	// ItemsLimit is the most items per tile (default 100) ("items_limit").
	ItemsLimit int
	// TimeLimit is the scan time budget in seconds (default 5) ("time_limit").
	TimeLimit int
	// ExitWhenFull stops scanning once the tile is covered ("exitwhenfull").
	ExitWhenFull *bool
	// SkipCovered skips items whose footprint is already covered ("skipcovered").
	SkipCovered *bool
	// PixelSelection is how overlapping pixels combine ("pixel_selection").
	PixelSelection PixelSelection
	// Collection restricts a search mosaic to one collection ("collection").
	Collection string
}

func (p *MosaicParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addInt(q, "scan_limit", p.ScanLimit)
	addInt(q, "items_limit", p.ItemsLimit)
	addInt(q, "time_limit", p.TimeLimit)
	addBool(q, "exitwhenfull", p.ExitWhenFull)
	addBool(q, "skipcovered", p.SkipCovered)
	addString(q, "pixel_selection", string(p.PixelSelection))
	addString(q, "collection", p.Collection)
}

// CollectionFilter narrows the implicit search of a collection mosaic.
type CollectionFilter struct {
	// IDs are item ids ("ids", comma-separated).
	IDs []string
	// BBox is [minx, miny, maxx, maxy] ("bbox", comma-separated).
	BBox []float64
	// Query is a STAC query-extension object as JSON ("query").
	Query string
	// SortBy is e.g. "-datetime" ("sortby").
	SortBy string
}

func (p *CollectionFilter) encode(q url.Values) {
	if p == nil {
		return
	}
	if len(p.IDs) > 0 {
		q.Set("ids", strings.Join(p.IDs, ","))
	}
	if len(p.BBox) > 0 {
		q.Set("bbox", joinFloats(p.BBox))
	}
	addString(q, "query", p.Query)
	addString(q, "sortby", p.SortBy)
}

// TileJSONParams shape the tiles a TileJSON or WMTS document points at.
type TileJSONParams struct {
	// TileMatrixSetID picks the tile matrix set; empty means the service
	// default (WebMercatorQuad). It becomes part of the path.
	TileMatrixSetID string
	// TileFormat is the format of the tiles, e.g. FormatPNG ("tile_format").
	TileFormat ImageFormat
	// TileScale is the tile size multiplier (1 = 256 px) ("tile_scale").
	TileScale int
	// MinZoom and MaxZoom override the zoom range ("minzoom", "maxzoom").
	MinZoom, MaxZoom *int
	// Buffer adds pixels around each tile ("buffer").
	Buffer *float64
	// Padding adds pixels to read around each tile to avoid edge artifacts ("padding").
	Padding *int
}

func (p *TileJSONParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addString(q, "tile_format", string(p.TileFormat))
	addInt(q, "tile_scale", p.TileScale)
	addIntPtr(q, "minzoom", p.MinZoom)
	addIntPtr(q, "maxzoom", p.MaxZoom)
	addFloatPtr(q, "buffer", p.Buffer)
	addIntPtr(q, "padding", p.Padding)
}

// TileParams are the tile-only parameters.
type TileParams struct {
	// Buffer adds pixels around the tile ("buffer").
	Buffer *float64
	// Padding adds pixels to read around the tile ("padding").
	Padding *int
}

func (p *TileParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addFloatPtr(q, "buffer", p.Buffer)
	addIntPtr(q, "padding", p.Padding)
}

// OutputParams size and place the output of previews, crops and statistics.
type OutputParams struct {
	// MaxSize bounds the larger side of the output in pixels ("max_size").
	MaxSize int
	// Width and Height force the output size ("width", "height").
	Width, Height int
	// CoordCRS is the CRS of the coordinates given in the path or body ("coord_crs").
	CoordCRS string
	// DstCRS is the CRS of the output image ("dst_crs").
	DstCRS string
}

func (p *OutputParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addInt(q, "max_size", p.MaxSize)
	addInt(q, "width", p.Width)
	addInt(q, "height", p.Height)
	addString(q, "coord_crs", p.CoordCRS)
	addString(q, "dst_crs", p.DstCRS)
}

// StatisticsParams control statistics and histograms.
type StatisticsParams struct {
	// Categorical returns counts of unique values instead ("categorical").
	Categorical *bool
	// Categories are the pixel values to count when categorical ("c", repeated).
	Categories []float64
	// Percentiles to compute, e.g. 2, 50, 98 ("p", repeated).
	Percentiles []int
	// HistogramBins is the number of histogram bins ("histogram_bins").
	HistogramBins int
	// HistogramRange is the histogram's range ("histogram_range").
	HistogramRange *Range
}

func (p *StatisticsParams) encode(q url.Values) {
	if p == nil {
		return
	}
	addBool(q, "categorical", p.Categorical)
	for _, c := range p.Categories {
		q.Add("c", formatFloat(c))
	}
	for _, v := range p.Percentiles {
		q.Add("p", strconv.Itoa(v))
	}
	addInt(q, "histogram_bins", p.HistogramBins)
	if p.HistogramRange != nil {
		q.Set("histogram_range", p.HistogramRange.String())
	}
}

// ImageFormat is an output image format of the tiler.
type ImageFormat string

// Image formats the tiler produces.
const (
	FormatPNG    ImageFormat = "png"
	FormatPNGRaw ImageFormat = "pngraw"
	FormatJPEG   ImageFormat = "jpeg"
	FormatJPG    ImageFormat = "jpg"
	FormatWebP   ImageFormat = "webp"
	FormatJP2    ImageFormat = "jp2"
	FormatTIFF   ImageFormat = "tif"
	FormatNPY    ImageFormat = "npy"
)

// Resampling is a resampling method.
type Resampling string

// Resampling methods.
const (
	ResamplingNearest     Resampling = "nearest"
	ResamplingBilinear    Resampling = "bilinear"
	ResamplingCubic       Resampling = "cubic"
	ResamplingCubicSpline Resampling = "cubic_spline"
	ResamplingLanczos     Resampling = "lanczos"
	ResamplingAverage     Resampling = "average"
	ResamplingMode        Resampling = "mode"
	ResamplingGauss       Resampling = "gauss"
	ResamplingRMS         Resampling = "rms"
)

// Algorithm is a tiler post-processing algorithm.
type Algorithm string

// Algorithms.
const (
	AlgorithmHillshade       Algorithm = "hillshade"
	AlgorithmContours        Algorithm = "contours"
	AlgorithmNormalizedIndex Algorithm = "normalizedIndex"
	AlgorithmTerrarium       Algorithm = "terrarium"
	AlgorithmTerrainRGB      Algorithm = "terrainrgb"
)

// PixelSelection is how a mosaic combines overlapping items.
type PixelSelection string

// Pixel selection methods.
const (
	PixelSelectionFirst   PixelSelection = "first"
	PixelSelectionHighest PixelSelection = "highest"
	PixelSelectionLowest  PixelSelection = "lowest"
	PixelSelectionMean    PixelSelection = "mean"
	PixelSelectionMedian  PixelSelection = "median"
	PixelSelectionStdev   PixelSelection = "stdev"
)

// Query value helpers: each adds nothing for a zero value.

func addString(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

func addStrings(q url.Values, k string, vs []string) {
	for _, v := range vs {
		q.Add(k, v)
	}
}

func addInt(q url.Values, k string, v int) {
	if v != 0 {
		q.Set(k, strconv.Itoa(v))
	}
}

func addIntPtr(q url.Values, k string, v *int) {
	if v != nil {
		q.Set(k, strconv.Itoa(*v))
	}
}

func addBool(q url.Values, k string, v *bool) {
	if v != nil {
		q.Set(k, strconv.FormatBool(*v))
	}
}

func addFloatPtr(q url.Values, k string, v *float64) {
	if v != nil {
		q.Set(k, formatFloat(*v))
	}
}

// formatFloat writes the shortest representation; NaN and infinities the
// way the tiler parses them.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func joinFloats(vs []float64) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = formatFloat(v)
	}
	return strings.Join(s, ",")
}
