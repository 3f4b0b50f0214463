package geocatalog

import (
	"context"
	"net/http"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// PageOptions are the OData paging parameters of the /inma lists.
type PageOptions struct {
	// Top is the page size ($top); zero means the service default.
	Top int64
	// Skip is the number of entries to skip ($skip).
	Skip int64
}

func (p PageOptions) check(op string) error {
	if p.Top < 0 {
		return &InvalidArgumentError{Op: op, Param: "Top", Reason: "must not be negative"}
	}
	if p.Skip < 0 {
		return &InvalidArgumentError{Op: op, Param: "Skip", Reason: "must not be negative"}
	}
	return nil
}

func (p PageOptions) query(q url.Values) url.Values {
	if q == nil {
		q = url.Values{}
	}
	if p.Top > 0 {
		q.Set("$top", itoa(p.Top))
	}
	if p.Skip > 0 {
		q.Set("$skip", itoa(p.Skip))
	}
	return q
}

// nextLinker is implemented by the page types of the GET next-link lists
// (the /inma lists and the collection list).
type nextLinker interface {
	nextLink() string
	empty() bool
}

// newNextLinkPager pages a list whose pages name the next one by a GET link:
// an /inma list ({"value": [...], "nextLink": "..."}) or the STAC
// collection list (links[rel=next]). The next link is rebased onto the client's endpoint (or refused), paging
// stops on a missing link, an empty page or a link already visited.
// A validation error is returned by the pager's first NextPage call, with
// no request sent.
func newNextLinkPager[P any, PP interface {
	*P
	nextLinker
}](c *Client, path string, query url.Values, argErr error) *runtime.Pager[P] {
	seen := map[string]bool{}
	return runtime.NewPager(runtime.PagingHandler[P]{
		More: func(page P) bool {
			pp := PP(&page)
			next := pp.nextLink()
			if next == "" || pp.empty() {
				return false
			}
			u, err := c.rebase(next)
			if err != nil {
				return true // let Fetcher report the refusal
			}
			return !seen[u.String()]
		},
		Fetcher: func(ctx context.Context, page *P) (P, error) {
			var zero P
			if argErr != nil {
				return zero, argErr
			}
			var req *policyRequest
			var err error
			if page == nil {
				req, err = c.newRequest(ctx, http.MethodGet, path, query)
				if err == nil {
					seen[req.Raw().URL.String()] = true
				}
			} else {
				var u *url.URL
				u, err = c.rebase(PP(page).nextLink())
				if err == nil {
					seen[u.String()] = true
					req, err = runtimeNewRequest(ctx, http.MethodGet, u.String())
				}
			}
			if err != nil {
				return zero, err
			}
			resp, err := c.do(req, http.StatusOK)
			if err != nil {
				return zero, err
			}
			var out P
			if err := decodeJSON(resp, &out); err != nil {
				return zero, err
			}
			return out, nil
		},
		Tracer: c.internal.Tracer(),
	})
}
