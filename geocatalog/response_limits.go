package geocatalog

import (
	"io"
	"net/http"
	"strings"
	"sync"
)

// DefaultMaxResponseBytes is the response-size limit of every call kind
// unless ClientOptions.ResponseLimits says otherwise: 64 MiB, far above any
// real page (a 1,000-item search page is a few MiB).
const DefaultMaxResponseBytes = 64 << 20

// ResponseLimits caps the size of a response body per call kind. A body
// over its limit ends the call with a *ResponseTooLargeError; it is not read
// further. Zero means DefaultMaxResponseBytes; a negative value means no
// limit.
type ResponseLimits struct {
	// Pages limits list and search pages (collections, items, search,
	// ingestions, runs, sources, operations lists), streamed or not.
	Pages int64
	// Documents limits every other answer: one collection, item,
	// configuration, token, legend, image or thumbnail, and error bodies.
	Documents int64
	// Operations limits the status answers of long-running operations.
	Operations int64
}

// callKind is the kind of call a request belongs to.
type callKind int

const (
	callDocument callKind = iota
	callPage
	callOperation
)

// String implements fmt.Stringer.
func (k callKind) String() string {
	switch k {
	case callPage:
		return "page"
	case callOperation:
		return "operation"
	}
	return "document"
}

// limit returns the byte limit of kind k (0: none).
func (l ResponseLimits) limit(k callKind) int64 {
	v := l.Documents
	switch k {
	case callPage:
		v = l.Pages
	case callOperation:
		v = l.Operations
	}
	switch {
	case v == 0:
		return DefaultMaxResponseBytes
	case v < 0:
		return 0
	}
	return v
}

// pageSegments are the last path segments of the paged GeoCatalog lists.
var pageSegments = map[string]bool{
	"collections": true, "items": true, "search": true, "ingestions": true,
	"runs": true, "sources": true, "ingestion-sources": true, "operations": true,
}

// classifyCall tells the kind of call of a request path, relative to the
// client's endpoint (its proxy prefix removed): a GeoCatalog URL alone says
// which it is, so the limit is applied in one place for every method.
func classifyCall(path string) callKind {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	last := segs[len(segs)-1]
	if len(segs) >= 2 && segs[len(segs)-2] == "operations" {
		return callOperation
	}
	if pageSegments[last] {
		return callPage
	}
	return callDocument
}

// limitedBody is a response body that fails with a *ResponseTooLargeError
// (and closes the connection) once more than limit bytes were read.
type limitedBody struct {
	body  io.ReadCloser
	limit int64
	read  int64
	err   *ResponseTooLargeError
	once  sync.Once
}

// Read implements io.Reader.
func (b *limitedBody) Read(p []byte) (int, error) {
	if b.read > b.limit {
		return 0, b.err
	}
	if room := b.limit + 1 - b.read; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.body.Read(p)
	b.read += int64(n)
	if b.read > b.limit {
		b.Close()
		return n - int(b.read-b.limit), b.err
	}
	return n, err
}

// Close implements io.Closer.
func (b *limitedBody) Close() error {
	var err error
	b.once.Do(func() { err = b.body.Close() })
	return err
}

// limitBody applies the limit of kind to resp: a declared Content-Length
// over it fails at once, without reading; otherwise the body is wrapped so
// that reading past the limit fails.
func limitBody(req *http.Request, resp *http.Response, kind callKind, limit int64) error {
	if limit <= 0 || resp.Body == nil || resp.Body == http.NoBody {
		return nil
	}
	tooLarge := &ResponseTooLargeError{Kind: kind.String(), Limit: limit, ContentLength: -1, Method: req.Method, URL: urlWithoutQuery(req.URL)}
	if resp.ContentLength > limit {
		tooLarge.ContentLength = resp.ContentLength
		_ = resp.Body.Close()
		return tooLarge
	}
	resp.Body = &limitedBody{body: resp.Body, limit: limit, err: tooLarge}
	return nil
}
