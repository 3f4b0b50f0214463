package geocatalog

import "net/http"

// NewResponseError returns the *azcore.ResponseError this package builds for
// a non-success GeoCatalog response (error code and message from the body's
// known shapes, secrets redacted). Pipeline policies that turn a response
// into an error of their own (package tenancy does for 401 and 403) wrap it
// so that callers still see the usual error.
func NewResponseError(resp *http.Response) error { return newResponseError(resp) }
