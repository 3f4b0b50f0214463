package store

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/paulmach/orb"
)

// Limits of search pages, as the service applies them.
const (
	// DefaultSearchLimit is the page size of /stac/search when limit is absent.
	DefaultSearchLimit = 250
	// MaxSearchLimit is the largest limit /stac/search accepts.
	MaxSearchLimit = 1000
	// DefaultItemsLimit is the page size of /stac/collections/{id}/items.
	DefaultItemsLimit = 10
	// MaxItemsLimit is the largest limit the items list accepts.
	MaxItemsLimit = 10000
)

// Query is a parsed STAC item search. The HTTP layer may read and set its
// exported fields (for example Collections for the items list of one
// collection, or Limit) before calling Store.Search.
type Query struct {
	// Collections restricts the search to these collection ids (all when empty).
	Collections []string
	// IDs restricts the search to these item ids (all when empty).
	IDs []string
	// BBox is the bbox filter as given: 4 or 6 numbers, or nil.
	BBox []float64
	// Intersects is the intersects filter geometry, or nil.
	Intersects orb.Geometry
	// Datetime is the datetime filter as given (instant or interval), "" for none.
	Datetime string
	// Interval is the parsed Datetime, nil when there is none.
	Interval *TimeInterval
	// Limit is the page size.
	Limit int
	// SortBy is the requested order; empty means datetime descending, then id.
	SortBy []SortBy
	// Fields selects the returned attributes; nil returns documents verbatim.
	Fields *Fields
	// Token is the paging token of a previous page's Next, "" for the first page.
	Token string

	// filter is the compiled CQL2 filter and STAC query extension, nil for
	// none; filterSrc is its source, part of the query's signature.
	filter    node
	filterSrc string
}

// signature identifies what a query matches (not its page size, fields or
// token), so that a count carried by a token is used only by the same query.
func (q *Query) signature() uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%q|%q|%v|%v|%q|%v|%q", q.Collections, q.IDs, q.BBox, q.Intersects, q.Datetime, q.SortBy, q.filterSrc)
	return h.Sum64()
}

// HasFilter reports whether the query carries a CQL2 filter or a STAC query
// extension expression.
func (q *Query) HasFilter() bool { return q != nil && q.filter != nil }

// SortBy is one sort criterion.
type SortBy struct {
	// Field is a property name (properties. prefix removed) or id, collection, datetime.
	Field string
	// Desc is true for descending order.
	Desc bool
}

// Fields is the STAC fields extension: dotted attribute paths to include and exclude.
type Fields struct {
	// Include lists attributes added to the default set.
	Include []string
	// Exclude lists attributes removed from the result.
	Exclude []string
}

// TimeInterval is a closed time interval; a zero Start or End is open.
type TimeInterval struct {
	// Start is the first instant, zero for an open start.
	Start time.Time
	// End is the last instant, zero for an open end.
	End time.Time
}

// QueryError is a malformed search request: the HTTP layer answers 400 with
// its message.
type QueryError struct {
	// Param is the offending parameter (for example "bbox"), may be empty.
	Param string
	// Msg describes the problem.
	Msg string
}

// Error implements error.
func (e *QueryError) Error() string {
	if e.Param == "" {
		return e.Msg
	}
	return fmt.Sprintf("invalid %s: %s", e.Param, e.Msg)
}

func qerr(param, format string, args ...any) *QueryError {
	return &QueryError{Param: param, Msg: fmt.Sprintf(format, args...)}
}
