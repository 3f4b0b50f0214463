package geocatalog

import (
	"context"
	"net/http"
	"net/url"
)

// getJSON GETs path and decodes a 200 JSON answer into out.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	req, err := c.newRequest(ctx, http.MethodGet, path, query)
	if err != nil {
		return err
	}
	resp, err := c.do(req, http.StatusOK)
	if err != nil {
		return err
	}
	return decodeJSON(resp, out)
}

// sendJSON sends body (nil for none) with method to path, accepts the given
// statuses and decodes a non-empty answer into out (when out is not nil).
func (c *Client) sendJSON(ctx context.Context, method, path string, query url.Values, body any, contentType string, out any, ok ...int) (*http.Response, error) {
	req, err := c.newRequest(ctx, method, path, query)
	if err != nil {
		return nil, err
	}
	if body != nil {
		if err := setJSONBody(req, body, contentType); err != nil {
			return nil, err
		}
	}
	resp, err := c.do(req, ok...)
	if err != nil {
		return nil, err
	}
	if out != nil {
		b, err := readPayload(resp)
		if err != nil {
			return nil, err
		}
		if len(b) > 0 {
			if err := decodeJSON(resp, out); err != nil {
				return nil, err
			}
		}
	}
	return resp, nil
}
