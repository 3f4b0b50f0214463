package geocatalog

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// DataClient is the client of the data (tiler) API under /data: map tiles,
// TileJSON and WMTS documents, point values, previews, crops, statistics and
// metadata of single items, of collection mosaics and of registered search
// mosaics; search registration; legends; tile matrix sets.
//
// Every image endpoint comes two ways: a ...URL method that builds the URL
// (for map clients that fetch tiles themselves; the URL carries the
// api-version and no credential, so the caller must send a bearer token or
// go through a proxy that does), and a Get... method that fetches the image
// and returns it as a stream with its content type.
//
// Paths follow the client's api-version: the GA layout of 2026-04-15
// (/data/mosaic/collections/..., /data/mosaic/searches/...) by default, and
// the earlier layout (/data/collections/..., /data/mosaic/{searchId}/...)
// with APIVersion2025Preview. Operations that the earlier layout lacks
// return an *InvalidArgumentError under that version.
type DataClient struct {
	c *Client
}

// Data returns the client of the data (tiler) API.
func (c *Client) Data() *DataClient { return &DataClient{c: c} }

// ImageResponse is an image (or other binary document) streamed from the
// service. The caller must close Body.
type ImageResponse struct {
	// Body is the response body.
	Body io.ReadCloser
	// ContentType is the media type the service sent, e.g. "image/png".
	ContentType string
}

// imageAccept is the Accept header of image requests, as the service documents it.
const imageAccept = "image/png, image/jpeg, image/jpg, image/webp, image/jp2, image/tiff; application=geotiff, application/x-binary"

// preGA reports whether the client speaks an api-version older than the GA
// 2026-04-15, whose tiler paths differ.
func (d *DataClient) preGA() bool {
	v := d.c.apiVersion
	return len(v) >= 10 && v[:10] < "2026-04-15"
}

func (d *DataClient) notInVersion(op string) error {
	return &InvalidArgumentError{Op: op, Param: "api-version",
		Reason: fmt.Sprintf("the operation does not exist in api-version %s", d.c.apiVersion)}
}

// buildURL returns the absolute URL of path with query and api-version.
func (d *DataClient) buildURL(path string, q url.Values) (string, error) {
	req, err := d.c.newRequest(context.Background(), http.MethodGet, path, q)
	if err != nil {
		return "", err
	}
	return req.Raw().URL.String(), nil
}

// fetchImage sends the request and returns the body unread.
func (d *DataClient) fetchImage(ctx context.Context, method, path string, q url.Values, body any) (*ImageResponse, error) {
	req, err := d.c.newRequest(ctx, method, path, q)
	if err != nil {
		return nil, err
	}
	if body != nil {
		if err := setJSONBody(req, body, ""); err != nil {
			return nil, err
		}
	}
	req.Raw().Header.Set("Accept", imageAccept)
	runtime.SkipBodyDownload(req)
	resp, err := d.c.do(req, http.StatusOK)
	if err != nil {
		return nil, err
	}
	return &ImageResponse{Body: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}

// fetchBytes sends the request and returns the whole body and its type.
func (d *DataClient) fetchBytes(ctx context.Context, path string, q url.Values, accept string) ([]byte, string, error) {
	req, err := d.c.newRequest(ctx, http.MethodGet, path, q)
	if err != nil {
		return nil, "", err
	}
	req.Raw().Header.Set("Accept", accept)
	resp, err := d.c.do(req, http.StatusOK)
	if err != nil {
		return nil, "", err
	}
	b, err := runtime.Payload(resp)
	return b, resp.Header.Get("Content-Type"), err
}

// fetchJSON sends the request (with a JSON body when body is not nil) and
// decodes the JSON answer into out (left as is on 204 No Content).
func (d *DataClient) fetchJSON(ctx context.Context, method, path string, q url.Values, body, out any) error {
	req, err := d.c.newRequest(ctx, method, path, q)
	if err != nil {
		return err
	}
	if body != nil {
		if err := setJSONBody(req, body, ""); err != nil {
			return err
		}
	}
	req.Raw().Header.Set("Accept", "application/json")
	// 204 is a documented answer of several lists (tile matrix sets,
	// available assets, legends): it decodes as the empty value.
	resp, err := d.c.do(req, http.StatusOK, http.StatusNoContent)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNoContent {
		drainClose(resp.Body)
		return nil
	}
	return decodeJSON(resp, out)
}

// Tile addresses one map tile. TileMatrixSetID, Scale and Format are
// optional: each one left empty is left out of the path and the service
// default applies (WebMercatorQuad, 1 = 256 px, PNG or the data's format).
type Tile struct {
	// TileMatrixSetID is e.g. "WebMercatorQuad".
	TileMatrixSetID string
	// Z, X and Y are the zoom level, column and row.
	Z, X, Y int
	// Scale is the size multiplier ("@2x" gives 512 px tiles).
	Scale int
	// Format is the image format.
	Format ImageFormat
}

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

// dataTarget is what a tiler request is about: an item, a collection
// mosaic or a registered search mosaic.
type dataTarget struct {
	kind                   targetKind
	collection, item, srch string
}

type targetKind int

const (
	targetItem targetKind = iota
	targetCollection
	targetSearch
)

func itemTarget(collectionID, itemID string) dataTarget {
	return dataTarget{kind: targetItem, collection: collectionID, item: itemID}
}

func collectionTarget(collectionID string) dataTarget {
	return dataTarget{kind: targetCollection, collection: collectionID}
}

func searchTarget(searchID string) dataTarget {
	return dataTarget{kind: targetSearch, srch: searchID}
}

// base returns the escaped path of the target for the client's version.
func (d *DataClient) base(op string, t dataTarget) (string, error) {
	check := func(param, v string) error {
		if v == "" {
			return &InvalidArgumentError{Op: op, Param: param, Reason: "must not be empty"}
		}
		return nil
	}
	pre := d.preGA()
	switch t.kind {
	case targetItem:
		if err := check("collectionID", t.collection); err != nil {
			return "", err
		}
		if err := check("itemID", t.item); err != nil {
			return "", err
		}
		p := "/data/mosaic/collections/"
		if pre {
			p = "/data/collections/"
		}
		return p + url.PathEscape(t.collection) + "/items/" + url.PathEscape(t.item), nil
	case targetCollection:
		if err := check("collectionID", t.collection); err != nil {
			return "", err
		}
		if pre {
			return "", d.notInVersion(op)
		}
		return "/data/mosaic/collections/" + url.PathEscape(t.collection), nil
	default:
		if err := check("searchID", t.srch); err != nil {
			return "", err
		}
		if pre {
			return "/data/mosaic/" + url.PathEscape(t.srch), nil
		}
		return "/data/mosaic/searches/" + url.PathEscape(t.srch), nil
	}
}

// tilePath is the path of a tile under the target.
func (d *DataClient) tilePath(op string, t dataTarget, tile Tile) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	if tile.Z < 0 || tile.X < 0 || tile.Y < 0 || tile.Scale < 0 {
		return "", &InvalidArgumentError{Op: op, Param: "tile", Reason: "negative z, x, y or scale"}
	}
	if d.preGA() { // the earlier layout has only the full form
		if tile.Scale == 0 {
			tile.Scale = 1
		}
		if tile.Format == "" {
			tile.Format = FormatPNG
		}
	}
	p := b + "/tiles"
	if tile.TileMatrixSetID != "" {
		p += "/" + url.PathEscape(tile.TileMatrixSetID)
	}
	p += "/" + strconv.Itoa(tile.Z) + "/" + strconv.Itoa(tile.X) + "/" + strconv.Itoa(tile.Y)
	if tile.Scale > 0 {
		p += "@" + strconv.Itoa(tile.Scale) + "x"
	}
	if tile.Format != "" {
		p += "." + url.PathEscape(string(tile.Format))
	}
	return p, nil
}

// tmsDocPath is the path of a per-TMS document (tilejson.json,
// WMTSCapabilities.xml): {base}[/{tms}]/{doc}.
func (d *DataClient) tmsDocPath(op string, t dataTarget, tms, doc string) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	if tms != "" {
		b += "/" + url.PathEscape(tms)
	}
	return b + "/" + doc, nil
}

// pointPath is {base}/point/{lon},{lat}[/assets]; the earlier search layout
// only has {base}/{lon},{lat}/assets.
func (d *DataClient) pointPath(op string, t dataTarget, lon, lat float64, assets bool) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	coords := formatFloat(lon) + "," + formatFloat(lat)
	if d.preGA() && t.kind == targetSearch {
		if !assets {
			return "", d.notInVersion(op)
		}
		return b + "/" + coords + "/assets", nil
	}
	p := b + "/point/" + coords
	if assets {
		p += "/assets"
	}
	return p, nil
}

// bboxPath is {base}/bbox/{minx},{miny},{maxx},{maxy}[/{w}x{h}].{format}
// (crop/... in the earlier item layout), or .../assets when assets is set.
func (d *DataClient) bboxPath(op string, t dataTarget, bb BBox, size CropSize, assets bool) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	seg := "/bbox/"
	if d.preGA() {
		if t.kind != targetItem || assets {
			return "", d.notInVersion(op)
		}
		seg = "/crop/"
	}
	p := b + seg + joinFloats([]float64{bb.MinX, bb.MinY, bb.MaxX, bb.MaxY})
	if assets {
		return p + "/assets", nil
	}
	format := size.Format
	if format == "" {
		format = FormatPNG
	}
	if size.Width > 0 || size.Height > 0 {
		p += "/" + strconv.Itoa(size.Width) + "x" + strconv.Itoa(size.Height)
	}
	return p + "." + url.PathEscape(string(format)), nil
}

// featurePath is {base}/feature[/{w}x{h}][.{format}] (crop... in the
// earlier item layout).
func (d *DataClient) featurePath(op string, t dataTarget, size CropSize) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	seg := "/feature"
	if d.preGA() {
		if t.kind != targetItem {
			return "", d.notInVersion(op)
		}
		seg = "/crop"
		if size.Format == "" {
			size.Format = FormatPNG
		}
	}
	p := b + seg
	switch {
	case size.Width > 0 || size.Height > 0:
		if size.Format == "" {
			size.Format = FormatPNG
		}
		p += "/" + strconv.Itoa(size.Width) + "x" + strconv.Itoa(size.Height) + "." + url.PathEscape(string(size.Format))
	case size.Format != "":
		p += "." + url.PathEscape(string(size.Format))
	}
	return p, nil
}

// subPath is {base}/{sub}; gaOnly refuses the earlier layout.
func (d *DataClient) subPath(op string, t dataTarget, sub string, gaOnly bool) (string, error) {
	if gaOnly && d.preGA() {
		return "", d.notInVersion(op)
	}
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	return b + "/" + sub, nil
}

// queryOf runs the encoders into a fresh url.Values.
func queryOf(encoders ...func(url.Values)) url.Values {
	q := url.Values{}
	for _, e := range encoders {
		e(q)
	}
	return q
}

// tileAssetsPath is {base}/tiles[/{tms}]/{z}/{x}/{y}/assets.
func (d *DataClient) tileAssetsPath(op string, t dataTarget, tile Tile) (string, error) {
	b, err := d.base(op, t)
	if err != nil {
		return "", err
	}
	if tile.Z < 0 || tile.X < 0 || tile.Y < 0 {
		return "", &InvalidArgumentError{Op: op, Param: "tile", Reason: "negative z, x or y"}
	}
	p := b + "/tiles"
	if tile.TileMatrixSetID != "" {
		p += "/" + url.PathEscape(tile.TileMatrixSetID)
	}
	return p + "/" + strconv.Itoa(tile.Z) + "/" + strconv.Itoa(tile.X) + "/" + strconv.Itoa(tile.Y) + "/assets", nil
}
