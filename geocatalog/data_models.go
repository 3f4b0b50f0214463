package geocatalog

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TileJSON is a TileJSON 2.2 document describing a tiled layer; hand its
// URL (TileJSONURL) to MapLibre or Leaflet.
// Fields mirror the service's JSON members of the same names.
type TileJSON struct {
	TileJSON    string   `json:"tilejson,omitempty"`
	Name        string   `json:"name,omitempty"`
	Description string   `json:"description,omitempty"`
	Version     string   `json:"version,omitempty"`
	Attribution string   `json:"attribution,omitempty"`
	Template    string   `json:"template,omitempty"`
	Legend      string   `json:"legend,omitempty"`
	Scheme      string   `json:"scheme,omitempty"`
	Tiles       []string `json:"tiles"`
	Grids       []string `json:"grids,omitempty"`
	Data        []string `json:"data,omitempty"`
	MinZoom     *int     `json:"minzoom,omitempty"`
	MaxZoom     *int     `json:"maxzoom,omitempty"`
	// Bounds is [west, south, east, north] in WGS84.
	Bounds []float64 `json:"bounds,omitempty"`
	// Center is [longitude, latitude, zoom].
	Center []float64 `json:"center,omitempty"`
}

// Point is the value of every band at one location.
type Point struct {
	// Coordinates is [longitude, latitude] (or x, y in coord_crs).
	Coordinates []float64 `json:"coordinates"`
	// Values has one value per band; a masked (nodata) value is NaN.
	Values []float64 `json:"-"`
	// BandNames names the bands, e.g. "image_b1".
	BandNames []string `json:"band_names"`
}

// UnmarshalJSON decodes a point, reading null values (masked) as NaN.
func (p *Point) UnmarshalJSON(b []byte) error {
	type plain Point
	var aux struct {
		plain
		Values []*float64 `json:"values"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*p = Point(aux.plain)
	p.Values = make([]float64, len(aux.Values))
	for i, v := range aux.Values {
		if v == nil {
			p.Values[i] = math.NaN()
		} else {
			p.Values[i] = *v
		}
	}
	return nil
}

// MarshalJSON encodes a point, writing NaN values as null.
func (p Point) MarshalJSON() ([]byte, error) {
	type plain Point
	vals := make([]*float64, len(p.Values))
	for i := range p.Values {
		if v := p.Values[i]; v == v {
			vals[i] = &v
		}
	}
	return json.Marshal(struct {
		plain
		Values []*float64 `json:"values"`
	}{plain(p), vals})
}

// BandStatistics are the statistics of one band (rio-tiler's shape).
// Fields mirror the service's JSON members of the same names.
type BandStatistics struct {
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Mean     float64 `json:"mean"`
	Count    float64 `json:"count"`
	Sum      float64 `json:"sum"`
	Std      float64 `json:"std"`
	Median   float64 `json:"median"`
	Majority float64 `json:"majority"`
	Minority float64 `json:"minority"`
	Unique   float64 `json:"unique"`
	// Histogram is [counts, bin edges] (edges has one more element).
	Histogram    [][]float64 `json:"histogram"`
	ValidPercent float64     `json:"valid_percent"`
	MaskedPixels float64     `json:"masked_pixels"`
	ValidPixels  float64     `json:"valid_pixels"`
	// Percentiles holds every "percentile_N" member, keyed by N (2 and 98 by default).
	Percentiles map[string]float64 `json:"-"`
}

// UnmarshalJSON decodes the statistics and gathers the percentile_N members.
func (s *BandStatistics) UnmarshalJSON(b []byte) error {
	type plain BandStatistics
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	for k, v := range all {
		if n, ok := strings.CutPrefix(k, "percentile_"); ok {
			var f float64
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			if s.Percentiles == nil {
				s.Percentiles = map[string]float64{}
			}
			s.Percentiles[n] = f
		}
	}
	return nil
}

// MarshalJSON encodes the statistics with the percentile_N members.
func (s BandStatistics) MarshalJSON() ([]byte, error) {
	type plain BandStatistics
	b, err := json.Marshal(plain(s))
	if err != nil || len(s.Percentiles) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range s.Percentiles {
		m["percentile_"+k], _ = json.Marshal(v)
	}
	return json.Marshal(m)
}

// Percentile returns the p-th percentile if the service computed it.
func (s *BandStatistics) Percentile(p int) (float64, bool) {
	v, ok := s.Percentiles[fmt.Sprint(p)]
	return v, ok
}

// Statistics maps band names ("image_b1", "b1") to their statistics.
type Statistics map[string]*BandStatistics

// AssetStatistics maps asset keys to the statistics of their bands.
type AssetStatistics map[string]Statistics

// StatisticsFeature is the GeoJSON Feature answered by the feature
// statistics operations: the input geometry with properties.statistics.
// Fields mirror the service's JSON members of the same names.
type StatisticsFeature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties struct {
		// Statistics are the statistics of the pixels inside the geometry.
		Statistics Statistics `json:"statistics"`
	} `json:"properties"`
}

// BandName is one entry of Info.BandMetadata / BandDescriptions: a band
// name with a value (metadata object or description string).
type BandName[T any] struct {
	Name  string
	Value T
}

// UnmarshalJSON reads the [name, value] pair.
func (n *BandName[T]) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("band entry has %d elements, want 2", len(pair))
	}
	if err := json.Unmarshal(pair[0], &n.Name); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &n.Value)
}

// MarshalJSON writes the [name, value] pair.
func (n BandName[T]) MarshalJSON() ([]byte, error) { return json.Marshal([]any{n.Name, n.Value}) }

// Info describes one raster asset (rio-tiler's Info).
// Fields mirror the service's JSON members of the same names.
type Info struct {
	// Bounds is [minx, miny, maxx, maxy] in CRS.
	Bounds           []float64                  `json:"bounds"`
	CRS              string                     `json:"crs,omitempty"`
	BandMetadata     []BandName[map[string]any] `json:"band_metadata"`
	BandDescriptions []BandName[string]         `json:"band_descriptions"`
	DType            string                     `json:"dtype"`
	NoDataType       string                     `json:"nodata_type"`
	NoDataValue      *float64                   `json:"nodata_value,omitempty"`
	ColorInterp      []string                   `json:"colorinterp,omitempty"`
	Scales           []float64                  `json:"scales,omitempty"`
	Offsets          []float64                  `json:"offsets,omitempty"`
	ColorMap         map[string][]int           `json:"colormap,omitempty"`
	MinZoom          *int                       `json:"minzoom,omitempty"`
	MaxZoom          *int                       `json:"maxzoom,omitempty"`
	Driver           string                     `json:"driver,omitempty"`
	Count            int                        `json:"count,omitempty"`
	Width            int                        `json:"width,omitempty"`
	Height           int                        `json:"height,omitempty"`
	Overviews        []int                      `json:"overviews,omitempty"`
}

// ItemInfo maps asset keys to their Info.
type ItemInfo map[string]*Info

// InfoFeature is GET …/info.geojson: the item's footprint as a GeoJSON
// Feature whose properties map asset keys to their Info.
// Fields mirror the service's JSON members of the same names.
type InfoFeature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	BBox       []float64       `json:"bbox,omitempty"`
	Properties ItemInfo        `json:"properties"`
}

// Bounds is the answer of GET …/bounds.
type Bounds struct {
	// Bounds is [minx, miny, maxx, maxy] in WGS84 (or the crs asked for).
	Bounds []float64 `json:"bounds"`
	CRS    string    `json:"crs,omitempty"`
}

// MosaicMetadata describes a registered search ("metadata" of a registration).
// Fields mirror the service's JSON members of the same names.
type MosaicMetadata struct {
	// Type is "mosaic" (default) or "search".
	Type    string          `json:"type,omitempty"`
	Name    string          `json:"name,omitempty"`
	Bounds  json.RawMessage `json:"bounds,omitempty"`
	MinZoom *int            `json:"minzoom,omitempty"`
	MaxZoom *int            `json:"maxzoom,omitempty"`
	Assets  []string        `json:"assets,omitempty"`
	// Defaults are named render presets (query-parameter maps).
	Defaults map[string]json.RawMessage `json:"defaults,omitempty"`
}

// PgSTACSearch is a search as pgSTAC stores it.
// Fields mirror the service's JSON members of the same names.
type PgSTACSearch struct {
	// Hash is the search id.
	Hash string `json:"hash"`
	// Search is the STAC search body that was registered.
	Search   json.RawMessage `json:"search"`
	Where    string          `json:"_where,omitempty"`
	OrderBy  string          `json:"orderby,omitempty"`
	LastUsed string          `json:"lastused,omitempty"`
	UseCount int             `json:"usecount,omitempty"`
	Metadata MosaicMetadata  `json:"metadata"`
}

// SearchInfo is the answer of …/info for a collection or search mosaic.
type SearchInfo struct {
	Search PgSTACSearch `json:"search"`
	Links  []stac.Link  `json:"links,omitempty"`
}

// RegisterSearchRequest is the body of POST /data/mosaic/register: a STAC
// search whose matching items make the mosaic.
// Fields mirror the service's JSON members of the same names.
type RegisterSearchRequest struct {
	Collections []string        `json:"collections,omitempty"`
	IDs         []string        `json:"ids,omitempty"`
	BBox        []float64       `json:"bbox,omitempty"`
	Intersects  json.RawMessage `json:"intersects,omitempty"`
	Query       json.RawMessage `json:"query,omitempty"`
	Filter      json.RawMessage `json:"filter,omitempty"`
	FilterLang  string          `json:"filter-lang,omitempty"`
	Datetime    string          `json:"datetime,omitempty"`
	SortBy      []stac.SortBy   `json:"sortby,omitempty"`
	Metadata    *MosaicMetadata `json:"metadata,omitempty"`
}

// RegisteredSearch is the answer of a registration.
type RegisteredSearch struct {
	// SearchID identifies the mosaic in /data/mosaic/searches/{searchId}.
	// The service has sent it as "searchId" and as "searchid"; both decode.
	SearchID string      `json:"searchId"`
	Links    []stac.Link `json:"links,omitempty"`
}

// MosaicItem is an item of a mosaic that covers a point, tile or bbox.
// Fields mirror the service's JSON members of the same names.
type MosaicItem struct {
	ID         string                    `json:"id"`
	Collection string                    `json:"collection,omitempty"`
	BBox       []float64                 `json:"bbox,omitempty"`
	Assets     map[string]MosaicAssetRef `json:"assets,omitempty"`
}

// MosaicAssetRef is an asset of a MosaicItem.
type MosaicAssetRef struct {
	Href string `json:"href"`
}

// TileMatrixSet is an OGC two-dimensional tile matrix set.
// Fields mirror the service's JSON members of the same names.
type TileMatrixSet struct {
	ID                string          `json:"id"`
	Title             *string         `json:"title"`
	Description       *string         `json:"description"`
	Keywords          []string        `json:"keywords"`
	URI               string          `json:"uri,omitempty"`
	OrderedAxes       []string        `json:"orderedAxes,omitempty"`
	CRS               string          `json:"crs"`
	WellKnownScaleSet string          `json:"wellKnownScaleSet,omitempty"`
	BoundingBox       json.RawMessage `json:"boundingBox"`
	TileMatrices      []TileMatrix    `json:"tileMatrices"`
}

// TileMatrix is one zoom level of a TileMatrixSet.
// Fields mirror the service's JSON members of the same names.
type TileMatrix struct {
	ID                   string          `json:"id"`
	Title                *string         `json:"title"`
	Description          *string         `json:"description"`
	Keywords             []string        `json:"keywords"`
	ScaleDenominator     float64         `json:"scaleDenominator"`
	CellSize             float64         `json:"cellSize"`
	CornerOfOrigin       string          `json:"cornerOfOrigin,omitempty"`
	PointOfOrigin        []float64       `json:"pointOfOrigin"`
	TileWidth            int             `json:"tileWidth"`
	TileHeight           int             `json:"tileHeight"`
	MatrixWidth          int             `json:"matrixWidth"`
	MatrixHeight         int             `json:"matrixHeight"`
	VariableMatrixWidths json.RawMessage `json:"variableMatrixWidths"`
}

// TileSetList is the OGC API - Tiles list of tilesets of a dataset.
type TileSetList struct {
	TileSets []TileSet `json:"tilesets"`
}

// TileSet is the OGC API - Tiles metadata of one tileset.
// Fields mirror the service's JSON members of the same names.
type TileSet struct {
	Title               string             `json:"title,omitempty"`
	Description         string             `json:"description,omitempty"`
	DataType            string             `json:"dataType,omitempty"`
	CRS                 json.RawMessage    `json:"crs,omitempty"`
	TileMatrixSetURI    string             `json:"tileMatrixSetURI,omitempty"`
	BoundingBox         *TileSetBBox       `json:"boundingBox,omitempty"`
	TileMatrixSetLimits []TileMatrixLimits `json:"tileMatrixSetLimits,omitempty"`
	Links               []stac.Link        `json:"links"`
}

// TileSetBBox is the extent of a tileset.
// Fields mirror the service's JSON members of the same names.
type TileSetBBox struct {
	LowerLeft  []float64       `json:"lowerLeft"`
	UpperRight []float64       `json:"upperRight"`
	CRS        json.RawMessage `json:"crs,omitempty"`
}

// TileMatrixLimits are the tile rows and columns with data at one level.
// Fields mirror the service's JSON members of the same names.
type TileMatrixLimits struct {
	TileMatrix string `json:"tileMatrix"`
	MinTileRow int    `json:"minTileRow"`
	MaxTileRow int    `json:"maxTileRow"`
	MinTileCol int    `json:"minTileCol"`
	MaxTileCol int    `json:"maxTileCol"`
}

// ClassmapLegend maps class values to RGBA colours.
type ClassmapLegend map[string][]int

// IntervalLegend lists value intervals and their RGBA colours.
type IntervalLegend []IntervalClass

// IntervalClass is one entry of an IntervalLegend: [[min, max], [r, g, b, a]].
type IntervalClass struct {
	Min, Max float64
	Color    []int
}

// UnmarshalJSON reads the [[min, max], [r, g, b, a]] pair.
func (c *IntervalClass) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return fmt.Errorf("interval legend entry has %d elements, want 2", len(pair))
	}
	var r []float64
	if err := json.Unmarshal(pair[0], &r); err != nil {
		return err
	}
	if len(r) != 2 {
		return fmt.Errorf("interval has %d bounds, want 2", len(r))
	}
	c.Min, c.Max = r[0], r[1]
	return json.Unmarshal(pair[1], &c.Color)
}

// MarshalJSON writes the [[min, max], [r, g, b, a]] pair.
func (c IntervalClass) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{[]float64{c.Min, c.Max}, c.Color})
}
