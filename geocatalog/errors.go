package geocatalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// InvalidArgumentError reports an argument the client refused before sending
// any request: an empty or malformed id, an invalid STAC document, an
// option out of range. When the cause is a validator's error (for example a
// *stac.ValidationError) it is kept in Err and reachable with errors.As.
type InvalidArgumentError struct {
	// Op is the method that refused the argument, e.g. "GetCollection".
	Op string
	// Param names the argument, e.g. "collectionID".
	Param string
	// Reason says what is wrong with it.
	Reason string
	// Err is the underlying validation error, if any.
	Err error
}

// Error implements error.
func (e *InvalidArgumentError) Error() string {
	msg := "geocatalog: " + e.Op + ": invalid " + e.Param
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return redact(msg)
}

// Unwrap returns the underlying validation error.
func (e *InvalidArgumentError) Unwrap() error { return e.Err }

// UnsafeURLError reports a URL the client refused to follow: a link or an
// operation location that cannot be rebased onto the client's endpoint, or a
// resume token issued for another endpoint. No request is sent for it.
type UnsafeURLError struct {
	// URL is the refused URL with any SAS signature redacted.
	URL string
	// Reason says why it was refused.
	Reason string
}

// Error implements error.
func (e *UnsafeURLError) Error() string {
	return "geocatalog: refused URL " + e.URL + ": " + e.Reason
}

// ErrorDetail is the GeoCatalog error object ({"code","message",...}), used in
// error responses and in Operation.Error. Nested errors (error.error) seen in
// the operations list are kept in Error.
type ErrorDetail struct {
	Code       string          `json:"code,omitempty"`
	Message    string          `json:"message,omitempty"`
	Target     string          `json:"target,omitempty"`
	Details    []ErrorDetail   `json:"details,omitempty"`
	InnerError json.RawMessage `json:"innererror,omitempty"`
	// Error is a nested error object, as in {"error":{"error":{code,message}}}.
	Error *ErrorDetail `json:"error,omitempty"`
}

// first returns the first non-empty code and message of e and its nested
// errors.
func (e *ErrorDetail) first() (code, message string) {
	for d := e; d != nil; d = d.Error {
		if code == "" {
			code = d.Code
		}
		if message == "" {
			message = d.Message
		}
	}
	return code, message
}

// errorBody decodes the error body shapes the service and its engines use.
type errorBody struct {
	Error       *ErrorDetail    `json:"error"`
	Code        json.RawMessage `json:"code"`
	Message     string          `json:"message"`
	Description string          `json:"description"`
	Detail      json.RawMessage `json:"detail"`
}

// parseErrorBody returns the code and message of an error response body:
// {"error":{code,message}}, {"code","description"}, {"code","message"} or
// {"detail": string | [...]}. Unknown bodies give the trimmed raw text.
func parseErrorBody(body []byte) (code, message string) {
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		return "", strings.TrimSpace(string(body))
	}
	if eb.Error != nil {
		code, message = eb.Error.first()
	}
	if code == "" && len(eb.Code) > 0 {
		var s string
		if json.Unmarshal(eb.Code, &s) == nil {
			code = s
		} else {
			code = string(eb.Code) // numeric codes
		}
	}
	if message == "" {
		message = eb.Message
	}
	if message == "" {
		message = eb.Description
	}
	if message == "" && len(eb.Detail) > 0 {
		var s string
		if json.Unmarshal(eb.Detail, &s) == nil {
			message = s
		} else {
			message = string(eb.Detail)
		}
	}
	return code, message
}

// newResponseError builds the *azcore.ResponseError for a non-success
// response: ErrorCode from x-ms-error-code or the body, and an error text
// holding the method, URL path, status, code, message and X-Request-ID, with
// any SAS signature or token redacted. Nothing is logged from here.
func newResponseError(resp *http.Response) error {
	body, err := readPayload(resp)
	if err != nil {
		body = nil
	}
	bodyCode, message := parseErrorBody(body)
	code := resp.Header.Get("x-ms-error-code")
	if code == "" {
		code = bodyCode
	}
	var b strings.Builder
	if req := resp.Request; req != nil {
		fmt.Fprintf(&b, "%s %s://%s%s\n", req.Method, req.URL.Scheme, req.URL.Host, req.URL.EscapedPath())
	}
	fmt.Fprintf(&b, "RESPONSE %d: %s\n", resp.StatusCode, http.StatusText(resp.StatusCode))
	if code != "" {
		fmt.Fprintf(&b, "ERROR CODE: %s\n", code)
	} else {
		b.WriteString("ERROR CODE UNAVAILABLE\n")
	}
	if message != "" {
		if len(message) > 2048 {
			message = message[:2048] + "..."
		}
		fmt.Fprintf(&b, "MESSAGE: %s\n", message)
	}
	for _, h := range []string{"X-Request-ID", "x-ms-request-id", "x-azure-ref"} {
		if v := resp.Header.Get(h); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", h, v)
		}
	}
	re := &azcore.ResponseError{}
	// UnmarshalJSON is the only way to give a ResponseError its own text; it
	// keeps the text free of tokens, which the default text (the raw body)
	// does not guarantee.
	raw, _ := json.Marshal(map[string]any{"errorCode": code, "statusCode": resp.StatusCode, "errorMessage": redact(b.String())})
	_ = re.UnmarshalJSON(raw)
	re.RawResponse = resp
	return re
}

func statusOf(err error) int {
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}

func operationCodeOf(err error) string {
	var oe *OperationError
	if errors.As(err, &oe) {
		return oe.Code
	}
	return ""
}

// IsNotFound reports whether err is a 404 response, or a failed operation
// whose code says the collection or item does not exist.
func IsNotFound(err error) bool {
	if statusOf(err) == http.StatusNotFound {
		return true
	}
	switch operationCodeOf(err) {
	case "CollectionDoesNotExist", "OperationNotExistsInCollection", "NoRecordsToDelete", "NoRecordsToUpdate", "NoRecordsToPatch":
		return true
	}
	return false
}

// IsConflict reports whether err is a 409 response, or a failed operation
// whose code says the thing already exists (ItemAlreadyExistsInCollection,
// CollectionAlreadyExists, ...): two writers raced, or a retried create had
// already been accepted.
func IsConflict(err error) bool {
	if statusOf(err) == http.StatusConflict {
		return true
	}
	code := operationCodeOf(err)
	return strings.HasSuffix(code, "AlreadyExists") || strings.Contains(code, "AlreadyExistsIn")
}

// IsForbidden reports whether err is a 403 response (the principal lacks the
// GeoCatalog role, or access was revoked).
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }

// IsUnauthorized reports whether err is a 401 response (missing, expired or
// foreign-tenant token).
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsThrottled reports whether err is a 429 response that survived the
// client's retries.
func IsThrottled(err error) bool { return statusOf(err) == http.StatusTooManyRequests }
