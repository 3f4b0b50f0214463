package geocatalog

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// The crops of an item, a collection mosaic and a search mosaic: to a
// bounding box, or to a GeoJSON feature.

// BBox is a bounding box [MinX, MinY, MaxX, MaxY], in WGS84 unless the
// options give another CoordCRS.
type BBox struct {
	MinX, MinY, MaxX, MaxY float64
}

// CropSize is the output of a crop: Width and Height in pixels (both 0:
// the native resolution, bounded by max_size) and Format (empty: PNG for a
// bbox crop; for a feature crop with no size, the route without a format).
type CropSize struct {
	Width, Height int
	Format        ImageFormat
}

// Feature is a GeoJSON Feature sent as the body of crops and statistics.
type Feature struct {
	// Type is "Feature" (filled in when empty).
	Type string `json:"type"`
	// Geometry is a GeoJSON geometry in WGS84 (or the options' CoordCRS).
	Geometry json.RawMessage `json:"geometry"`
	// Properties are passed through.
	Properties map[string]any `json:"properties"`
}

// featureBody checks a feature argument (its geometry's ranges when crs
// is WGS84, see checkDataGeometry) and fills in its defaults.
func featureBody(op string, f *Feature, crs string) (*Feature, error) {
	if f == nil || len(f.Geometry) == 0 {
		return nil, invalid(op, "feature", "a feature with a geometry is required")
	}
	if err := checkDataGeometry(op, "feature.geometry", crs, f.Geometry); err != nil {
		return nil, err
	}
	out := *f
	if out.Type == "" {
		out.Type = "Feature"
	}
	if out.Properties == nil {
		out.Properties = map[string]any{}
	}
	return &out, nil
}

// GetBBoxCropOptions are the optional parameters of GetBBoxCrop (for
// MosaicParams and CollectionFilter, see GetTileOptions).
type GetBBoxCropOptions struct {
	RenderParams
	DatasetParams
	MosaicParams
	CollectionFilter
	OutputParams
}

// BBoxCropURLOptions are the optional parameters of BBoxCropURL: those of
// GetBBoxCrop.
type BBoxCropURLOptions GetBBoxCropOptions

// CropFeatureOptions are the optional parameters of CropFeature: those of
// GetBBoxCrop.
type CropFeatureOptions GetBBoxCropOptions

// GetBBoxCropResponse is the result of GetBBoxCrop: the image, streamed.
type GetBBoxCropResponse struct {
	Image
}

// CropFeatureResponse is the result of CropFeature: the image, streamed.
type CropFeatureResponse struct {
	Image
}

// bboxPath is {base}/bbox/{minx},{miny},{maxx},{maxy}[/{w}x{h}].{format}
// (crop/... in the earlier item layout), or .../assets when assets is set.
// A bbox in WGS84 (crs) is range-checked first.
func (t *dataTarget) bboxPath(bb BBox, crs string, size CropSize, assets bool) pathFunc {
	return func(op, b string) (string, error) {
		if err := checkDataBBox(op, crs, bb); err != nil {
			return "", err
		}
		seg := "/bbox/"
		if t.d.preGA() {
			if t.kind != targetItem || assets {
				return "", t.d.notInVersion(op)
			}
			seg = "/crop/"
		}
		p := b + seg + joinFloats([]float64{bb.MinX, bb.MinY, bb.MaxX, bb.MaxY})
		if assets {
			return p + "/assets", nil
		}
		if size.Width > 0 || size.Height > 0 {
			p += "/" + strconv.Itoa(size.Width) + "x" + strconv.Itoa(size.Height)
		}
		return p + "." + url.PathEscape(string(cmp.Or(size.Format, FormatPNG))), nil
	}
}

// featurePath is {base}/feature[/{w}x{h}][.{format}] (crop... in the
// earlier item layout).
func (t *dataTarget) featurePath(size CropSize) pathFunc {
	return func(op, b string) (string, error) {
		seg := "/feature"
		if t.d.preGA() {
			if t.kind != targetItem {
				return "", t.d.notInVersion(op)
			}
			seg = "/crop"
			size.Format = cmp.Or(size.Format, FormatPNG)
		}
		p := b + seg
		switch {
		case size.Width > 0 || size.Height > 0:
			p += "/" + strconv.Itoa(size.Width) + "x" + strconv.Itoa(size.Height) + "." + url.PathEscape(string(cmp.Or(size.Format, FormatPNG)))
		case size.Format != "":
			p += "." + url.PathEscape(string(size.Format))
		}
		return p, nil
	}
}

func (t *dataTarget) cropCall(name, method string, path pathFunc, body any, o *GetBBoxCropOptions) dataCall {
	o = orZero(o)
	return t.call(name, method, path, body, &o.RenderParams, &o.DatasetParams, &o.MosaicParams, &o.CollectionFilter, &o.OutputParams)
}

// BBoxCropURL returns the URL of an image cropped to bbox. A bbox in WGS84
// (no CoordCRS, or WGS84) out of range is an *InvalidArgumentError; in
// another CoordCRS it is not range-checked.
func (t *dataTarget) BBoxCropURL(bbox BBox, size CropSize, options *BBoxCropURLOptions) (string, error) {
	o := orZero((*GetBBoxCropOptions)(options))
	return t.cropCall("BBoxCropURL", http.MethodGet, t.bboxPath(bbox, o.CoordCRS, size, false), nil, o).url()
}

// GetBBoxCrop fetches an image cropped to bbox. A bbox in WGS84 (no
// CoordCRS, or WGS84) out of range is an *InvalidArgumentError wrapping a
// *stac.ValidationError, and nothing is sent; in another CoordCRS it is not
// range-checked.
func (t *dataTarget) GetBBoxCrop(ctx context.Context, bbox BBox, size CropSize, options *GetBBoxCropOptions) (GetBBoxCropResponse, error) {
	o := orZero(options)
	img, err := t.cropCall("GetBBoxCrop", http.MethodGet, t.bboxPath(bbox, o.CoordCRS, size, false), nil, o).image(ctx)
	return GetBBoxCropResponse{Image: img}, err
}

// CropFeature fetches an image cropped to a GeoJSON feature (POST). With
// size zero the route without dimensions or format is used. A geometry in
// WGS84 (no CoordCRS, or WGS84) that is malformed or out of range is an
// *InvalidArgumentError wrapping a *stac.ValidationError, and nothing is
// sent; in another CoordCRS it is not range-checked.
func (t *dataTarget) CropFeature(ctx context.Context, feature *Feature, size CropSize, options *CropFeatureOptions) (CropFeatureResponse, error) {
	body, err := featureBody(t.op("CropFeature"), feature, orZero(options).CoordCRS)
	if err != nil {
		return CropFeatureResponse{}, err
	}
	img, err := t.cropCall("CropFeature", http.MethodPost, t.featurePath(size), body, (*GetBBoxCropOptions)(options)).image(ctx)
	return CropFeatureResponse{Image: img}, err
}
