package stac_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// plainItem is the baseline: encoding/json into map-free structs that keep
// only the members the naip items have (and drop everything else).
type plainItem struct {
	Type           string      `json:"type"`
	StacVersion    string      `json:"stac_version"`
	StacExtensions []string    `json:"stac_extensions"`
	ID             string      `json:"id"`
	Collection     string      `json:"collection"`
	Geometry       plainGeom   `json:"geometry"`
	BBox           []float64   `json:"bbox"`
	Properties     plainProps  `json:"properties"`
	Links          []plainLink `json:"links"`
	Assets         plainAssets `json:"assets"`
}

type plainGeom struct {
	Type        string         `json:"type"`
	Coordinates [][][2]float64 `json:"coordinates"`
}

type plainProps struct {
	Datetime      string                     `json:"datetime"`
	GSD           float64                    `json:"gsd"`
	NaipState     string                     `json:"naip:state"`
	NaipYear      string                     `json:"naip:year"`
	ProjBBox      []float64                  `json:"proj:bbox"`
	ProjEPSG      int                        `json:"proj:epsg"`
	ProjShape     []int                      `json:"proj:shape"`
	ProjTransform []float64                  `json:"proj:transform"`
	ProjCentroid  struct{ Lat, Lon float64 } `json:"proj:centroid"`
	Providers     []struct {
		Name  string   `json:"name"`
		Roles []string `json:"roles"`
		URL   string   `json:"url"`
	} `json:"providers"`
}

type plainLink struct {
	Rel, Href, Type, Title string
}

type plainAsset struct {
	Href    string   `json:"href"`
	Type    string   `json:"type"`
	Title   string   `json:"title"`
	Roles   []string `json:"roles"`
	Rel     string   `json:"rel"`
	EOBands []struct {
		Name        string `json:"name"`
		CommonName  string `json:"common_name"`
		Description string `json:"description"`
	} `json:"eo:bands"`
}

type plainAssets struct {
	Image           plainAsset `json:"image"`
	Thumbnail       plainAsset `json:"thumbnail"`
	TileJSON        plainAsset `json:"tilejson"`
	RenderedPreview plainAsset `json:"rendered_preview"`
}

func benchItem(b *testing.B) []byte {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "naip-pc-item.json"))
	if err != nil {
		b.Fatal(err)
	}
	return bytes.TrimSpace(raw)
}

// BenchmarkDecodeItem decodes one real Planetary Computer naip item with
// json.Unmarshal into stac.Item.
func BenchmarkDecodeItem(b *testing.B) {
	raw := benchItem(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var it stac.Item
		if err := json.Unmarshal(raw, &it); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeItemOwned decodes with stac.DecodeItem, which skips the
// validation pass of encoding/json and the copy of the input.
func BenchmarkDecodeItemOwned(b *testing.B) {
	raw := benchItem(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		buf := append([]byte(nil), raw...)
		if _, err := stac.DecodeItem(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeItemPlainStructs is the baseline: encoding/json into
// map-free structs (lossy).
func BenchmarkDecodeItemPlainStructs(b *testing.B) {
	raw := benchItem(b)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		var it plainItem
		if err := json.Unmarshal(raw, &it); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeItem encodes the decoded naip item with json.Marshal.
func BenchmarkEncodeItem(b *testing.B) {
	raw := benchItem(b)
	var it stac.Item
	if err := json.Unmarshal(raw, &it); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(&it); err != nil {
			b.Fatal(err)
		}
	}
}

// naipPage builds a FeatureCollection of the 1000 naip items of the corpus.
func naipPage(b *testing.B) []byte {
	b.Helper()
	dir := corpusDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "items", "bulk", "pgstac__planetary-computer__naip__items.ndjson"))
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSpace(raw), []byte("\n"))
	page := []byte(`{"type":"FeatureCollection","features":[`)
	page = append(page, bytes.Join(lines, []byte(","))...)
	return append(page, `],"links":[{"rel":"next","href":"https://x/search?token=t"}]}`...)
}

// BenchmarkDecodePage decodes a page of 1000 naip items into stac.ItemCollection.
func BenchmarkDecodePage(b *testing.B) {
	page := naipPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		var ic stac.ItemCollection
		if err := json.Unmarshal(page, &ic); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePageDirect decodes the same page with stac.DecodeItemCollection.
func BenchmarkDecodePageDirect(b *testing.B) {
	page := naipPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := stac.DecodeItemCollection(page); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePagePlainStructs is the baseline for BenchmarkDecodePage.
func BenchmarkDecodePagePlainStructs(b *testing.B) {
	page := naipPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		var ic struct {
			Type     string      `json:"type"`
			Features []plainItem `json:"features"`
			Links    []plainLink `json:"links"`
		}
		if err := json.Unmarshal(page, &ic); err != nil {
			b.Fatal(err)
		}
	}
}
