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

// stacSeq is the state of one STAC paging sequence: the first request, the
// requests already sent (a cycle guard) and the items delivered (MaxItems).
type stacSeq struct {
	c        *Client
	first    stacRequest
	maxItems int
	argErr   error
	seen     map[string]bool
	count    int
}

func newSTACSeq(c *Client, first stacRequest, maxItems int, argErr error) *stacSeq {
	return &stacSeq{c: c, first: first, maxItems: maxItems, argErr: argErr, seen: map[string]bool{}}
}

// full reports whether MaxItems items were delivered.
func (s *stacSeq) full() bool { return s.maxItems > 0 && s.count >= s.maxItems }

// next returns the request that follows a page with the given links and
// number of features: more is false on a missing next link, an empty page,
// MaxItems reached or a request already sent (a cycle).
func (s *stacSeq) next(prev stacRequest, links []stac.Link, n int) (r stacRequest, more bool, err error) {
	link := stac.Links(links).First(stac.RelNext)
	if link == nil || n == 0 || s.full() {
		return stacRequest{}, false, nil
	}
	r, err = s.c.nextSTACRequest(prev, link)
	if err != nil {
		return stacRequest{}, true, err
	}
	return r, !s.seen[r.key()], nil
}

// send sends r; stream leaves the body unread for the caller.
func (s *stacSeq) send(ctx context.Context, r stacRequest, stream bool) (*http.Response, error) {
	s.seen[r.key()] = true
	req, err := runtimeNewRequest(ctx, r.method, r.url)
	if err != nil {
		return nil, err
	}
	req.Raw().Header.Set("Accept", "application/geo+json, application/json")
	if r.method == http.MethodPost {
		if err := setRawBody(req, r.body, "application/json"); err != nil {
			return nil, err
		}
	}
	if stream {
		streamBody(req)
	}
	return s.c.do(req, http.StatusOK, http.StatusNoContent)
}

// newSTACPager pages a STAC item sequence from first: it follows
// links[rel=next] (rebased), stops on a missing link or an empty page,
// refuses to fetch a request it already fetched (a cycle) and stops after
// maxItems items when maxItems > 0, truncating the last page. Pages are
// downloaded by the pipeline (so azcore retries a failed read) and decoded
// without a second copy. argErr, when set, is returned by the first
// NextPage with no request sent.
func newSTACPager[P any, PP interface {
	*P
	stacPage
}](c *Client, first stacRequest, maxItems int, argErr error) *runtime.Pager[P] {
	seq := newSTACSeq(c, first, maxItems, argErr)
	return runtime.NewPager(runtime.PagingHandler[P]{
		More: func(page P) bool {
			pp := PP(&page)
			ic := pp.collection()
			_, more, _ := seq.next(pp.request(), ic.Links, len(ic.Features))
			return more
		},
		Fetcher: func(ctx context.Context, page *P) (P, error) {
			var zero P
			if seq.argErr != nil {
				return zero, seq.argErr
			}
			r := seq.first
			if page != nil {
				pp := PP(page)
				ic := pp.collection()
				var more bool
				var err error
				r, more, err = seq.next(pp.request(), ic.Links, len(ic.Features))
				if err != nil {
					return zero, err
				}
				if !more {
					return zero, errors.New("geocatalog: no more pages")
				}
			}
			resp, err := seq.send(ctx, r, false)
			if err != nil {
				return zero, err
			}
			var out P
			op := PP(&out)
			ic := op.collection()
			if resp.StatusCode == http.StatusOK {
				b, err := readPayload(resp)
				if err != nil {
					return zero, err
				}
				if len(b) > 0 {
					if err := decodeItemCollection(b, ic); err != nil {
						return zero, err
					}
				}
			}
			if seq.maxItems > 0 && seq.count+len(ic.Features) > seq.maxItems {
				ic.Features = ic.Features[:seq.maxItems-seq.count]
			}
			seq.count += len(ic.Features)
			op.setRequest(r)
			return out, nil
		},
		Tracer: c.internal.Tracer(),
	})
}

// streamItems is the iterator of a STAC paging sequence. Each response body
// is decoded as it arrives and every item is yielded as soon as it is
// decoded: neither a whole page nor an earlier item is held by the iterator,
// so memory stays flat however many items stream through. azcore retries a
// request until its answer starts; a connection lost in the middle of a body
// ends the sequence with that error.
func streamItems(ctx context.Context, seq *stacSeq) iter.Seq2[*stac.Item, error] {
	return func(yield func(*stac.Item, error) bool) {
		if seq.argErr != nil {
			yield(nil, seq.argErr)
			return
		}
		r := seq.first
		for {
			resp, err := seq.send(ctx, r, true)
			if err != nil {
				yield(nil, err)
				return
			}
			var members []rawMember
			stopped, n := false, 0
			if resp.StatusCode == http.StatusOK {
				members, stopped, err = newReaderStream(resp.Body).collection(func(it *stac.Item) bool {
					if seq.full() {
						return false
					}
					seq.count++
					n++
					return yield(it, nil)
				})
			}
			if stopped || err != nil {
				drainClose(resp.Body)
				if err != nil {
					yield(nil, err)
				}
				return
			}
			drainClose(resp.Body)
			var links []stac.Link
			for _, m := range members {
				if string(m.key) == `"links"` {
					if err := json.Unmarshal(m.val, &links); err != nil {
						yield(nil, err)
						return
					}
				}
			}
			next, more, err := seq.next(r, links, n)
			if err != nil {
				yield(nil, err)
				return
			}
			if !more {
				return
			}
			r = next
		}
	}
}
