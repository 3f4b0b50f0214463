package geocatalog

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// RedirectError reports a 3xx answer the client refused to follow. The
// client never follows a redirect: the bearer token (or a SAS query) would
// go with it to wherever the server points, another port, a plain-http URL
// or a look-alike host. GeoCatalog's data plane does not redirect, so a
// 3xx means a proxy or a server that is not the catalog. Unwrap gives the
// matching *azcore.ResponseError (ErrorCode "RedirectRefused"), so code
// that checks errors.As(err, **azcore.ResponseError) sees the status. The
// error is not retried.
type RedirectError struct {
	// StatusCode is the 3xx status of the answer (or, when a Transporter
	// followed a redirect by itself, the status of the answer it got).
	StatusCode int
	// Method and URL are the refused request, without its query string.
	Method, URL string
	// Location is the redirect target, without its query string (it may
	// carry a SAS): scheme, host, port and path only.
	Location string

	resp *azcore.ResponseError
}

// Error implements error.
func (e *RedirectError) Error() string {
	return redact(fmt.Sprintf("geocatalog: %s %s: refused redirect %d to %q: the client never follows redirects (the credential stays on its endpoint)", e.Method, e.URL, e.StatusCode, e.Location))
}

// Unwrap returns the *azcore.ResponseError of the 3xx answer.
func (e *RedirectError) Unwrap() error { return e.resp }

// NonRetriable tells azcore's retry policy not to retry.
func (e *RedirectError) NonRetriable() {}

// ResponseTooLargeError reports a response body larger than the client's
// limit for its call kind (ClientOptions.ResponseLimits). The body is not
// read past the limit (not at all when its Content-Length already says so)
// and its connection is closed. The error is not retried.
type ResponseTooLargeError struct {
	// Kind is the call kind whose limit applies: "page", "document" or
	// "operation".
	Kind string
	// Limit is that limit in bytes.
	Limit int64
	// ContentLength is the declared length, or -1 when the server sent
	// none (the body was then refused after Limit bytes).
	ContentLength int64
	// Method and URL are the request, without its query string.
	Method, URL string
}

// Error implements error.
func (e *ResponseTooLargeError) Error() string {
	size := "more than " + strconv.FormatInt(e.Limit, 10) + " bytes"
	if e.ContentLength >= 0 {
		size = "Content-Length " + strconv.FormatInt(e.ContentLength, 10)
	}
	return redact(fmt.Sprintf("geocatalog: %s %s: response body too large (%s; the %s limit is %d bytes, see ClientOptions.ResponseLimits)", e.Method, e.URL, size, e.Kind, e.Limit))
}

// NonRetriable tells azcore's retry policy not to retry.
func (e *ResponseTooLargeError) NonRetriable() {}

// newRedirectError builds the error for the 3xx answer resp to req. The
// body of resp has been closed.
func newRedirectError(req *http.Request, resp *http.Response) *RedirectError {
	loc := ""
	if r := resp.Request; r != nil && r != req && r.URL != nil {
		loc = urlWithoutQuery(r.URL) // the transport followed it by itself
	} else if l := resp.Header.Get("Location"); l != "" {
		if u, err := req.URL.Parse(l); err == nil {
			loc = urlWithoutQuery(u)
		} else {
			loc = "(unparsable)"
		}
	}
	e := &RedirectError{StatusCode: resp.StatusCode, Method: req.Method, URL: urlWithoutQuery(req.URL), Location: loc}
	e.resp = &azcore.ResponseError{ErrorCode: "RedirectRefused", StatusCode: resp.StatusCode, RawResponse: resp}
	return e
}
