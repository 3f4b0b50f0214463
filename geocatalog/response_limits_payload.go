package geocatalog

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Response bodies are downloaded by downloadPolicy (inside azcore's retry
// loop, in place of azcore's body download) with readBody, whose cost is
// bounded: azcore's download is io.ReadAll, which on a body refused at the
// limit has allocated about 2.5 times the limit; readBody allocates what it
// read plus at most one chunk. Every place that needs the bytes of a
// response calls readPayload.

// maxPayloadChunk is the largest chunk readBody reads a body of unknown
// length into; the first chunk is minPayloadChunk and each next one 1.5
// times the previous (as io.ReadAll grows, so that the last chunk wastes
// little).
const (
	minPayloadChunk = 4 << 10
	maxPayloadChunk = 1 << 20
)

// payloadBody is a downloaded response body: readPayload returns its bytes
// without a copy; it reads like any body for azcore's pollers and errors.
type payloadBody struct {
	bytes.Reader
	b []byte
}

// Close implements io.Closer.
func (*payloadBody) Close() error { return nil }

func newPayloadBody(b []byte) *payloadBody {
	p := &payloadBody{b: b}
	p.Reset(b)
	return p
}

// readPayload returns the whole body of resp, downloading it (bounded by the
// client's response limit) unless it already is: the one function of the
// package that reads a response body into memory. Afterwards resp.Body
// reads those bytes again from the start, so that azcore's error and poller
// code can still read it.
func readPayload(resp *http.Response) ([]byte, error) {
	if resp.Body == nil || resp.Body == http.NoBody {
		return nil, nil
	}
	if p, ok := resp.Body.(*payloadBody); ok {
		p.Reset(p.b)
		return p.b, nil
	}
	if resp.StatusCode >= http.StatusBadRequest {
		// azcore downloads every error body (from the transport's bounded
		// copy, see guardTransport) and keeps it: no second read.
		return runtime.Payload(resp)
	}
	b, err := readBody(resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = newPayloadBody(b)
	return b, nil
}

// readBody reads r to its end. With a known size it allocates exactly that
// (plus one byte to see the end); otherwise it reads into chunks of growing
// size (at most maxPayloadChunk) and joins them once at the end. On an error
// (a *ResponseTooLargeError from a limitedBody among them) it has allocated
// what it read plus at most one chunk.
func readBody(r io.Reader, size int64) ([]byte, error) {
	var chunks [][]byte
	next := minPayloadChunk
	if size >= 0 {
		next = int(size) + 1
	}
	total := 0
	for {
		buf := make([]byte, 0, next)
		n, err := readInto(r, &buf)
		total += n
		chunks = append(chunks, buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		next = min(cap(buf)+cap(buf)/2, maxPayloadChunk)
		if size >= 0 { // longer than declared: a transport that does not enforce it
			next = maxPayloadChunk
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// readInto fills buf up to its capacity from r. It returns io.EOF at the
// end of r, nil when buf is full.
func readInto(r io.Reader, buf *[]byte) (int, error) {
	b := *buf
	start := len(b)
	for len(b) < cap(b) {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			*buf = b
			return len(b) - start, err
		}
	}
	*buf = b
	return len(b) - start, nil
}

// streamedBody marks a request whose body its caller reads as it arrives
// (streamBody): downloadPolicy leaves it unread.
type streamedBody struct{}

// streamBody leaves the success body of req unread for the caller, in place
// of runtime.SkipBodyDownload.
func streamBody(req *policy.Request) {
	req.SetOperationValue(streamedBody{})
	runtime.SkipBodyDownload(req)
}

// downloadPolicy downloads every success body with readPayload, in place of
// azcore's body download (which it turns off), at the same place in the
// pipeline: inside the retry loop, so that a failed read of an idempotent
// request is retried as azcore would. Error bodies are left to azcore (the
// transport has already read them, bounded).
type downloadPolicy struct{}

// Do implements policy.Policy.
func (downloadPolicy) Do(req *policy.Request) (*http.Response, error) {
	var s streamedBody
	if req.OperationValue(&s) {
		return req.Next()
	}
	runtime.SkipBodyDownload(req)
	resp, err := req.Next()
	if err != nil || resp.StatusCode >= http.StatusBadRequest {
		return resp, err
	}
	if _, err := readPayload(resp); err != nil {
		return resp, downloadError(req.Raw().Method, err)
	}
	return resp, nil
}

// downloadError is what azcore's body download returns for a failed read:
// the error as is for an idempotent method (retried), otherwise wrapped so
// that it is not retried (the service may have acted on the request).
func downloadError(method string, err error) error {
	var tl *ResponseTooLargeError
	if errors.As(err, &tl) {
		return err
	}
	switch strings.ToUpper(method) {
	case http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead:
		return err
	}
	return &bodyReadError{err: err}
}

// bodyReadError is a failed read of a non-idempotent request's body.
type bodyReadError struct{ err error }

// Error implements error.
func (e *bodyReadError) Error() string {
	return "geocatalog: reading the response body: " + e.err.Error()
}

// Unwrap returns the read error.
func (e *bodyReadError) Unwrap() error { return e.err }

// NonRetriable tells azcore's retry policy not to retry.
func (e *bodyReadError) NonRetriable() {}

// downloadErrorBody reads the body of an error answer (which azcore always
// downloads, with io.ReadAll) in the transport, so that refusing one over
// the limit costs what readBody read; azcore then copies the bytes.
func downloadErrorBody(req *http.Request, resp *http.Response) error {
	b, err := readBody(resp.Body, resp.ContentLength)
	_ = resp.Body.Close()
	if err != nil {
		resp.Body = http.NoBody
		return downloadError(req.Method, err)
	}
	resp.Body = newPayloadBody(b)
	return nil
}
