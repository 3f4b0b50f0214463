package geocatalog

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// stacRequest is one request of a STAC paging sequence.
type stacRequest struct {
	method string
	url    string // absolute, on the client's endpoint
	body   []byte // POST body
}

func (r stacRequest) key() string { return r.method + " " + r.url + "\n" + string(r.body) }

// stacPage is implemented by the page types of the STAC pagers.
type stacPage interface {
	collection() *stac.ItemCollection
	request() stacRequest
	setRequest(stacRequest)
}

// nextSTACRequest builds the request a "next" link asks for: GET href, or
// POST href with the link's body (merged into the previous body when merge
// is true; the previous body when the link has none). The href is rebased
// onto the client's endpoint or refused.
func (c *Client) nextSTACRequest(prev stacRequest, link *stac.Link) (stacRequest, error) {
	u, err := c.rebase(link.Href)
	if err != nil {
		return stacRequest{}, err
	}
	method := strings.ToUpper(strings.TrimSpace(link.Method))
	switch method {
	case "", http.MethodGet:
		return stacRequest{method: http.MethodGet, url: u.String()}, nil
	case http.MethodPost:
		body := []byte(link.Body)
		if link.Merge || len(body) == 0 || string(body) == "null" {
			body, err = mergeJSONObjects(prev.body, link.Body)
			if err != nil {
				return stacRequest{}, err
			}
		}
		return stacRequest{method: http.MethodPost, url: u.String(), body: body}, nil
	default:
		return stacRequest{}, &UnsafeURLError{URL: redactURL(link.Href), Reason: "next link method " + method + " is not GET or POST"}
	}
}

// mergeJSONObjects returns base with the members of overlay set on it.
func mergeJSONObjects(base, overlay []byte) ([]byte, error) {
	m := map[string]json.RawMessage{}
	if len(base) > 0 {
		if err := json.Unmarshal(base, &m); err != nil {
			return nil, err
		}
	}
	if len(overlay) > 0 && string(overlay) != "null" {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(overlay, &o); err != nil {
			return nil, errors.New("geocatalog: next link body is not a JSON object")
		}
		for k, v := range o {
			m[k] = v
		}
	}
	return json.Marshal(m)
}

// newSTACPager pages a STAC item sequence from first: it follows
// links[rel=next] (rebased), stops on a missing link or an empty page,
// refuses to fetch a request it already fetched (a cycle) and stops after
// maxItems items when maxItems > 0, truncating the last page.
// argErr, when set, is returned by the first NextPage with no request sent.
func newSTACPager[P any, PP interface {
	*P
	stacPage
}](c *Client, first stacRequest, maxItems int, argErr error) *runtime.Pager[P] {
	seen := map[string]bool{}
	count := 0
	next := func(page PP) (stacRequest, bool, error) {
		ic := page.collection()
		link := ic.NextLink()
		if link == nil || len(ic.Features) == 0 || (maxItems > 0 && count >= maxItems) {
			return stacRequest{}, false, nil
		}
		r, err := c.nextSTACRequest(page.request(), link)
		if err != nil {
			return stacRequest{}, true, err
		}
		return r, !seen[r.key()], nil
	}
	return runtime.NewPager(runtime.PagingHandler[P]{
		More: func(page P) bool {
			_, more, _ := next(PP(&page))
			return more
		},
		Fetcher: func(ctx context.Context, page *P) (P, error) {
			var zero P
			if argErr != nil {
				return zero, argErr
			}
			r := first
			if page != nil {
				var more bool
				var err error
				r, more, err = next(PP(page))
				if err != nil {
					return zero, err
				}
				if !more {
					return zero, errors.New("geocatalog: no more pages")
				}
			}
			seen[r.key()] = true
			req, err := runtimeNewRequest(ctx, r.method, r.url)
			if err != nil {
				return zero, err
			}
			req.Raw().Header.Set("Accept", "application/geo+json, application/json")
			if r.method == http.MethodPost {
				if err := setRawBody(req, r.body, "application/json"); err != nil {
					return zero, err
				}
			}
			resp, err := c.do(req, http.StatusOK, http.StatusNoContent)
			if err != nil {
				return zero, err
			}
			var out P
			op := PP(&out)
			ic := op.collection()
			if resp.StatusCode == http.StatusOK {
				b, err := runtime.Payload(resp)
				if err != nil {
					return zero, err
				}
				if len(b) > 0 {
					if err := ic.UnmarshalJSON(b); err != nil {
						return zero, err
					}
				}
			}
			if maxItems > 0 && count+len(ic.Features) > maxItems {
				ic.Features = ic.Features[:maxItems-count]
			}
			count += len(ic.Features)
			op.setRequest(r)
			return out, nil
		},
		Tracer: c.internal.Tracer(),
	})
}

// streamItems turns a pager into an iterator of items. Each page's items are
// released as they are yielded, so only the current page is held.
func streamItems[P any, PP interface {
	*P
	stacPage
}](ctx context.Context, pager *runtime.Pager[P]) iter.Seq2[*stac.Item, error] {
	return func(yield func(*stac.Item, error) bool) {
		for pager.More() {
			page, err := pager.NextPage(ctx)
			if err != nil {
				yield(nil, err)
				return
			}
			feats := PP(&page).collection().Features
			for i, it := range feats {
				feats[i] = nil
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}
