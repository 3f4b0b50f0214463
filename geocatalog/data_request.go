package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// queryParams is a group of query parameters that options embed (the
// exported ...Params structs) or a single one (stringParam, ...). encode
// adds nothing for zero values.
type queryParams interface {
	encode(q url.Values)
}

// stringParam is one string query parameter.
type stringParam struct{ key, value string }

func (p stringParam) encode(q url.Values) { addString(q, p.key, p.value) }

// stringsParam is a repeated string query parameter.
type stringsParam struct {
	key    string
	values []string
}

func (p stringsParam) encode(q url.Values) { addStrings(q, p.key, p.values) }

// intParam is one integer query parameter.
type intParam struct {
	key   string
	value int
}

func (p intParam) encode(q url.Values) { addInt(q, p.key, p.value) }

// dataCall is one prepared tiler request, or the error that prevented it:
// the operations build it once and either turn it into a URL or send it.
type dataCall struct {
	d      *DataClient
	method string
	path   string
	query  url.Values
	body   any
	err    error
}

// newCall prepares a request of path (or keeps err, the path's error)
// with the encoded params.
func (d *DataClient) newCall(method, path string, err error, body any, params ...queryParams) dataCall {
	q := url.Values{}
	for _, p := range params {
		p.encode(q)
	}
	return dataCall{d: d, method: method, path: path, query: q, body: body, err: err}
}

// url returns the absolute URL of the request, with the api-version.
func (c dataCall) url() (string, error) {
	if c.err != nil {
		return "", c.err
	}
	req, err := c.d.c.newRequest(context.Background(), c.method, c.path, c.query)
	if err != nil {
		return "", err
	}
	return req.Raw().URL.String(), nil
}

// send sends the request with the Accept header; stream leaves the body
// unread. ok are the statuses accepted (200 when none is given).
func (c dataCall) send(ctx context.Context, accept string, stream bool, ok ...int) (*http.Response, error) {
	if c.err != nil {
		return nil, c.err
	}
	req, err := c.d.c.newRequest(ctx, c.method, c.path, c.query)
	if err != nil {
		return nil, err
	}
	if c.body != nil {
		if err := setJSONBody(req, c.body, ""); err != nil {
			return nil, err
		}
	}
	req.Raw().Header.Set("Accept", accept)
	if stream {
		streamBody(req)
	}
	return c.d.c.do(req, ok...)
}

// imageAccept is the Accept header of image requests, as the service documents it.
const imageAccept = "image/png, image/jpeg, image/jpg, image/webp, image/jp2, image/tiff; application=geotiff, application/x-binary"

// image sends the request and returns the body unread.
func (c dataCall) image(ctx context.Context) (Image, error) {
	resp, err := c.send(ctx, imageAccept, true)
	if err != nil {
		return Image{}, err
	}
	return Image{Body: resp.Body, ContentType: resp.Header.Get("Content-Type")}, nil
}

// document sends the request and returns the whole body.
func (c dataCall) document(ctx context.Context, accept string) ([]byte, error) {
	resp, err := c.send(ctx, accept, false)
	if err != nil {
		return nil, err
	}
	return readPayload(resp)
}

// decode sends the request and decodes the JSON answer into out, left as
// is on 204 No Content: a documented answer of several lists (tile matrix
// sets, available assets, legends), which so decodes as the empty value.
func (c dataCall) decode(ctx context.Context, out any) error {
	resp, err := c.send(ctx, "application/json", false, http.StatusOK, http.StatusNoContent)
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return decodeJSON(resp, out)
}
