package geocatalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// operationResult is implemented by the result types of the Begin* pollers:
// they receive the final Operation (the zero Operation with status Succeeded
// when the service completed the request synchronously) and, for a
// synchronous completion, the response body.
type operationResult interface {
	setOperation(op Operation)
}

// bodyResult is implemented by results that decode a synchronous response
// body (e.g. a collection returned by a 200 to PUT).
type bodyResult interface {
	setBody(body []byte) error
}

// lroHandler is the runtime.PollingHandler of every GeoCatalog long-running
// operation. It polls GET /inma/operations/{id} (the operation-location,
// else the Location header, else built from the operation id in the body),
// always rebased onto the client's endpoint. Its exported fields are the
// resume token.
type lroHandler[T any] struct {
	c *Client

	// Origin is the client endpoint the token was issued for.
	Origin string `json:"origin"`
	// PollURL is the rebased operation URL.
	PollURL string `json:"pollURL,omitempty"`
	// Operation is the last operation state seen.
	Operation *Operation `json:"operation,omitempty"`
	// Sync is set when the service answered the request synchronously.
	Sync bool `json:"sync,omitempty"`
	// Body is the synchronous response body.
	Body json.RawMessage `json:"body,omitempty"`
}

// Done implements runtime.PollingHandler.
func (h *lroHandler[T]) Done() bool {
	return h.Sync || (h.Operation != nil && h.Operation.Status.IsTerminal())
}

// Poll implements runtime.PollingHandler.
func (h *lroHandler[T]) Poll(ctx context.Context) (*http.Response, error) {
	req, err := runtimeNewRequest(ctx, http.MethodGet, h.PollURL)
	if err != nil {
		return nil, err
	}
	resp, err := h.c.do(req, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var op Operation
	if err := decodeJSON(resp, &op); err != nil {
		return nil, err
	}
	h.Operation = &op
	// runtime.Poller.PollUntilDone waits for Retry-After when present: use it
	// to apply ClientOptions.PollFrequency when the service sent none.
	if resp.Header.Get("Retry-After") == "" && resp.Header.Get("retry-after-ms") == "" && resp.Header.Get("x-ms-retry-after-ms") == "" {
		resp.Header.Set("retry-after-ms", strconv.FormatInt(h.c.pollFreq.Milliseconds(), 10))
	}
	return resp, nil
}

// Result implements runtime.PollingHandler.
func (h *lroHandler[T]) Result(ctx context.Context, out *T) error {
	if !h.Done() {
		return errors.New("geocatalog: operation is not finished")
	}
	if h.Sync {
		if r, ok := any(out).(operationResult); ok {
			r.setOperation(Operation{Status: OperationStatusSucceeded})
		}
		if r, ok := any(out).(bodyResult); ok && len(h.Body) > 0 {
			return r.setBody(h.Body)
		}
		return nil
	}
	if r, ok := any(out).(operationResult); ok {
		r.setOperation(*h.Operation)
	}
	return operationOutcome(h.Operation)
}

// newLROPoller makes the poller of a long-running request from its first
// response. 202 (or any status with an Operation body) starts polling;
// 200, 201 and 204 with another body mean the service finished
// synchronously (docs and service disagree on these statuses, §12).
func newLROPoller[T any](c *Client, resp *http.Response) (*runtime.Poller[T], error) {
	h := &lroHandler[T]{c: c, Origin: c.endpoint.String()}
	body, err := readPayload(resp)
	if err != nil {
		return nil, err
	}
	op, isOp := looksLikeOperation(body)
	if resp.StatusCode == http.StatusAccepted || isOp {
		link := resp.Header.Get("Operation-Location")
		if link == "" {
			link = resp.Header.Get("Location")
		}
		if link == "" && isOp {
			link = "/inma/operations/" + pathSegment(op.ID)
		}
		if link == "" {
			return nil, errors.New("geocatalog: long-running operation response has no operation-location, Location or operation id")
		}
		u, err := c.rebase(link)
		if err != nil {
			return nil, err
		}
		h.PollURL = u.String()
		h.Operation = op
	} else {
		h.Sync = true
		if len(strings.TrimSpace(string(body))) > 0 {
			h.Body = append(json.RawMessage(nil), body...)
		}
	}
	return runtime.NewPoller(resp, c.pl, &runtime.NewPollerOptions[T]{Handler: h, Tracer: c.internal.Tracer()})
}

// resumeLROPoller rebuilds a poller from a ResumeToken. Tokens issued for
// another endpoint, or whose operation URL cannot be rebased onto this
// client's endpoint, are refused with an *UnsafeURLError.
func resumeLROPoller[T any](c *Client, token string) (*runtime.Poller[T], error) {
	h := &lroHandler[T]{c: c}
	p, err := runtime.NewPollerFromResumeToken(token, c.pl, &runtime.NewPollerFromResumeTokenOptions[T]{Handler: h, Tracer: c.internal.Tracer()})
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(h.Origin, c.endpoint.String()) {
		return nil, &UnsafeURLError{URL: redactURL(h.Origin), Reason: "resume token was issued for another endpoint than " + c.endpoint.String()}
	}
	if !h.Sync {
		u, err := c.rebase(h.PollURL)
		if err != nil {
			return nil, err
		}
		if u.String() != h.PollURL {
			return nil, &UnsafeURLError{URL: redactURL(h.PollURL), Reason: "resume token's operation URL is not on the client's endpoint"}
		}
	}
	h.c = c
	return p, nil
}

// beginLRO sends req and turns the answer into a poller; accepted statuses
// are 200, 201, 202 and 204.
func beginLRO[T any](c *Client, req *policyRequest) (*runtime.Poller[T], error) {
	resp, err := c.do(req, http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent)
	if err != nil {
		return nil, err
	}
	return newLROPoller[T](c, resp)
}
