package geocatalog

import (
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// GuardTransport returns a transport, built on next (nil: a default HTTP
// client), that the module's pipelines use and that a caller can give the
// azblob clients it builds for partner.Stager:
//
//   - it never follows a redirect: a 3xx answer (other than 304) becomes a
//     *RedirectError, so no Authorization header or SAS query ever goes to
//     the server a Location names. An *http.Client is used through a copy
//     whose CheckRedirect stops at the first answer; a transport that
//     followed a redirect by itself (the answer is for another URL than the
//     request) is refused the same way;
//   - it strips secrets (SAS signatures, bearer tokens) from every response
//     header before azcore's logging and tracing policies see them.
func GuardTransport(next policy.Transporter) policy.Transporter {
	return newGuardTransport(next, nil)
}

// guardTransport implements GuardTransport; with a prefix-aware limits
// function it also applies the client's response-size limits, and reads
// error bodies itself, bounded (downloadErrorBody).
type guardTransport struct {
	next policy.Transporter
	// limitFor returns the call kind and byte limit of a request (limit 0:
	// none). Nil for no limits.
	limitFor func(*http.Request) (callKind, int64)
}

func newGuardTransport(next policy.Transporter, limitFor func(*http.Request) (callKind, int64)) *guardTransport {
	if g, ok := next.(*guardTransport); ok {
		next = g.next
	}
	switch t := next.(type) {
	case nil:
		next = &http.Client{CheckRedirect: stopAtFirstAnswer}
	case *http.Client:
		c := *t
		c.CheckRedirect = stopAtFirstAnswer
		next = &c
	}
	return &guardTransport{next: next, limitFor: limitFor}
}

// stopAtFirstAnswer makes an http.Client return a 3xx answer as is.
func stopAtFirstAnswer(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// Do implements policy.Transporter.
func (g *guardTransport) Do(req *http.Request) (*http.Response, error) {
	resp, err := g.next.Do(req)
	if err != nil || resp == nil {
		return resp, err
	}
	redactHeader(resp.Header)
	if isRedirect(resp.StatusCode) || answeredElsewhere(req, resp) {
		closeUnread(resp)
		return nil, newRedirectError(req, resp)
	}
	if g.limitFor != nil {
		kind, limit := g.limitFor(req)
		if err := limitBody(req, resp, kind, limit); err != nil {
			return nil, err
		}
		if limit > 0 && resp.StatusCode >= http.StatusBadRequest && resp.Body != nil && resp.Body != http.NoBody {
			if err := downloadErrorBody(req, resp); err != nil {
				return nil, err
			}
		}
	}
	return resp, nil
}

// isRedirect reports a 3xx status that asks the client to go elsewhere (304
// Not Modified answers a conditional request and is not one).
func isRedirect(status int) bool {
	return status >= 300 && status < 400 && status != http.StatusNotModified
}

// answeredElsewhere reports an answer for another origin than the request:
// the transport followed a redirect by itself.
func answeredElsewhere(req *http.Request, resp *http.Response) bool {
	r := resp.Request
	if r == nil || r == req || r.URL == nil {
		return false
	}
	return !strings.EqualFold(r.URL.Scheme, req.URL.Scheme) || !strings.EqualFold(r.URL.Host, req.URL.Host)
}

// closeUnread closes the body of a refused answer without reading it and
// leaves an empty one for the error's RawResponse.
func closeUnread(resp *http.Response) {
	if resp.Body != nil {
		_ = resp.Body.Close()
	}
	resp.Body = http.NoBody
}
