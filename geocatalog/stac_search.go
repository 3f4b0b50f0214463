package geocatalog

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// maxSearchLimit is the largest search page size.
const maxSearchLimit = 1000

// SearchOptions are the optional parameters of NewSearchPager and
// SearchItems.
type SearchOptions struct {
	// MaxItems stops paging after this many items; zero means all. When the
	// request has no Limit (or a larger one), the first page asks for
	// MaxItems items.
	MaxItems int
	// Sign asks the service to sign asset hrefs (sets the request's "sign"
	// and "duration", the latter converted to the api-version's unit).
	Sign *SignOption
}

// SearchResponse is one page of NewSearchPager.
type SearchResponse struct {
	stac.ItemCollection
	req stacRequest
}

func (p *SearchResponse) collection() *stac.ItemCollection { return &p.ItemCollection }
func (p *SearchResponse) request() stacRequest             { return p.req }
func (p *SearchResponse) setRequest(r stacRequest)         { p.req = r }

// NewSearchPager searches items (POST /stac/search) with every member of
// req: collections, ids, bbox or intersects, datetime, query, CQL2 filter
// and filter-lang, sortby, fields, limit, sign and duration. It follows the
// next links (GET href, or POST with the link's body, merged into the
// previous body when the link says merge), rebased onto the client's
// endpoint; it stops on a missing link or an empty page, never fetches the
// same request twice, and honours MaxItems. An invalid request makes the
// first NextPage return an *InvalidArgumentError without sending anything.
// req is not modified.
func (s *STACClient) NewSearchPager(req *stac.SearchRequest, options *SearchOptions) *runtime.Pager[SearchResponse] {
	var opts SearchOptions
	if options != nil {
		opts = *options
	}
	first, err := s.searchRequest(req, opts)
	return newSTACPager[SearchResponse](s.c, first, opts.MaxItems, err)
}

// SearchItems is the iter.Seq2 form of NewSearchPager: the same request,
// next links, cycle guard and MaxItems (one sequencer, stacSeq, drives
// both), but every response body is decoded as it arrives and each item is
// yielded as soon as it is decoded, so neither pages nor earlier items are
// held and memory stays flat for any number of items. The sequence ends
// after the first error; breaking out of the loop stops paging.
func (s *STACClient) SearchItems(ctx context.Context, req *stac.SearchRequest, options *SearchOptions) iter.Seq2[*stac.Item, error] {
	var opts SearchOptions
	if options != nil {
		opts = *options
	}
	first, err := s.searchRequest(req, opts)
	return streamItems(ctx, newSTACSeq(s.c, first, opts.MaxItems, err))
}

func (s *STACClient) searchRequest(in *stac.SearchRequest, opts SearchOptions) (stacRequest, error) {
	const op = "NewSearchPager"
	if in == nil {
		in = &stac.SearchRequest{}
	}
	if err := checkSearch(op, in); err != nil {
		return stacRequest{}, err
	}
	if opts.MaxItems < 0 {
		return stacRequest{}, &InvalidArgumentError{Op: op, Param: "MaxItems", Reason: "must not be negative"}
	}
	req := in.Clone()
	if opts.MaxItems > 0 && (req.Limit == 0 || req.Limit > opts.MaxItems) {
		req.Limit = min(opts.MaxItems, maxSearchLimit)
	}
	if opts.Sign != nil {
		if opts.Sign.Duration < 0 {
			return stacRequest{}, &InvalidArgumentError{Op: op, Param: "Sign.Duration", Reason: "must not be negative"}
		}
		req.Sign = stac.Bool(true)
		if d := stacSignDuration(s.c.apiVersion, opts.Sign.Duration); d > 0 {
			req.Duration = int(d)
		}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return stacRequest{}, &InvalidArgumentError{Op: op, Param: "req", Reason: "does not encode", Err: err}
	}
	r, err := s.c.newRequest(context.Background(), http.MethodPost, "/stac/search", nil)
	if err != nil {
		return stacRequest{}, err
	}
	return stacRequest{method: http.MethodPost, url: r.Raw().URL.String(), body: body}, nil
}

// checkSearch validates a search request before anything is sent.
func checkSearch(op string, r *stac.SearchRequest) error {
	bad := func(param, reason string, err error) error {
		return &InvalidArgumentError{Op: op, Param: param, Reason: reason, Err: err}
	}
	for i, c := range r.Collections {
		if err := checkID(op, fmt.Sprintf("Collections[%d]", i), c); err != nil {
			return err
		}
	}
	for i, id := range r.IDs {
		if err := checkID(op, fmt.Sprintf("IDs[%d]", i), id); err != nil {
			return err
		}
	}
	if r.Limit < 0 || r.Limit > maxSearchLimit {
		return bad("Limit", "must be between 1 and 1000 (0 for the default)", nil)
	}
	if r.BBox != nil {
		if err := checkBBox(op, "BBox", r.BBox); err != nil {
			return err
		}
	}
	if !r.Intersects.IsNull() {
		if r.BBox != nil {
			return bad("Intersects", "cannot be combined with BBox", nil)
		}
		if err := stac.ValidateGeometry(r.Intersects); err != nil {
			return bad("Intersects", "", err)
		}
	}
	if r.Datetime != "" {
		if _, _, err := stac.ParseDatetime(r.Datetime); err != nil {
			return bad("Datetime", "", err)
		}
	}
	if len(r.Filter) > 0 {
		if !json.Valid(r.Filter) {
			return bad("Filter", "is not valid JSON", nil)
		}
		trimmed := strings.TrimSpace(string(r.Filter))
		switch {
		case strings.HasPrefix(trimmed, "{"):
			if r.FilterLang != "" && r.FilterLang != stac.FilterLangCQL2JSON && r.FilterLang != stac.FilterLangCQLJSON {
				return bad("FilterLang", "a JSON filter needs cql2-json or cql-json", nil)
			}
		case strings.HasPrefix(trimmed, `"`):
			if r.FilterLang != stac.FilterLangCQL2Text {
				return bad("FilterLang", "a text filter needs cql2-text", nil)
			}
		default:
			return bad("Filter", "must be a CQL2-JSON object or a CQL2 text string", nil)
		}
	}
	switch r.FilterLang {
	case "", stac.FilterLangCQL2JSON, stac.FilterLangCQL2Text, stac.FilterLangCQLJSON:
	default:
		return bad("FilterLang", fmt.Sprintf("unknown filter language %q", r.FilterLang), nil)
	}
	for i, sb := range r.SortBy {
		if strings.TrimSpace(sb.Field) == "" {
			return bad(fmt.Sprintf("SortBy[%d].Field", i), "must not be empty", nil)
		}
		switch strings.ToLower(sb.Direction) {
		case "", stac.SortAsc, stac.SortDesc:
		default:
			return bad(fmt.Sprintf("SortBy[%d].Direction", i), "must be asc or desc", nil)
		}
	}
	if r.Duration < 0 {
		return bad("Duration", "must not be negative", nil)
	}
	for k, v := range r.Query {
		if strings.TrimSpace(k) == "" {
			return bad("Query", "has an empty property name", nil)
		}
		b, err := json.Marshal(v)
		if err != nil || !strings.HasPrefix(strings.TrimSpace(string(b)), "{") {
			return bad("Query["+k+"]", "must be an object of operators, e.g. {\"lt\": 10}", err)
		}
	}
	return nil
}
