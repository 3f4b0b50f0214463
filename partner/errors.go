package partner

import (
	"errors"
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// AccessDeniedError is returned when the catalog refuses the partner's
// identity (401) or its role (403): every further write would fail the same
// way, so the write stops. Use errors.As.
type AccessDeniedError struct {
	// Endpoint is the catalog.
	Endpoint string
	// StatusCode is 401 or 403.
	StatusCode int
	// Op is what was refused ("create collection", "create items", ...).
	Op  string
	Err error
}

// Error describes the refusal; it names the endpoint, never a token.
func (e *AccessDeniedError) Error() string {
	what := "the partner's identity is not accepted (401)"
	if e.StatusCode == 403 {
		what = "the partner's role does not allow writing (403; GeoCatalog Administrator is needed)"
	}
	return fmt.Sprintf("partner: %s refused by %s: %s", e.Op, e.Endpoint, what)
}

// Unwrap returns the catalog's error (an *azcore.ResponseError).
func (e *AccessDeniedError) Unwrap() error { return e.Err }

func responseErrorOf(err error) *azcore.ResponseError {
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		return re
	}
	return nil
}

func isAccessDenied(err error) bool {
	return geocatalog.IsForbidden(err) || geocatalog.IsUnauthorized(err)
}

// errorCode returns the catalog's code of a failed call or operation.
func errorCode(err error) string {
	var oe *geocatalog.OperationError
	if errors.As(err, &oe) && oe.Code != "" {
		return oe.Code
	}
	var ia *geocatalog.InvalidArgumentError
	if errors.As(err, &ia) {
		return CodeInvalidItem
	}
	var ii *InvalidItemError
	if errors.As(err, &ii) {
		return CodeInvalidItem
	}
	if re := responseErrorOf(err); re != nil {
		if re.ErrorCode != "" {
			return re.ErrorCode
		}
		return fmt.Sprintf("HTTP%d", re.StatusCode)
	}
	if errors.Is(err, errCanceled) {
		return CodeCanceled
	}
	return "Error"
}

var errCanceled = errors.New("partner: write canceled")

// retryableCodes are operation failures worth another attempt.
var retryableCodes = map[string]bool{
	"InternalError": true, "InternalIntermitentError": true, "InternalIntermittentError": true,
	"IngestionResourceTimeout": true, "CogTransformationTimeout": true, "GenericIngestionError": true,
	"Error": true, "HTTP500": true, "HTTP502": true, "HTTP503": true, "HTTP504": true,
	"ServiceUnavailable": true, "InternalServerError": true, "TooManyRequests": true, "HTTP429": true,
}

// redactMessage removes SAS signatures and tokens from text that may quote
// hrefs (geocatalog.Redact, the module's one redaction function).
func redactMessage(s string) string { return geocatalog.Redact(s) }

// redactedError is an error whose text went through redactMessage; the
// cause stays reachable with errors.As (its own text may not be redacted:
// print the outer error).
type redactedError struct {
	msg string
	err error
}

// Error implements error.
func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the cause.
func (e *redactedError) Unwrap() error { return e.err }

// stagingError reports a failed staging request to u (which may carry the
// container SAS) without the signature in the text.
func stagingError(what, u string, err error) error {
	return &redactedError{msg: redactMessage("partner: " + what + " " + u + ": " + err.Error()), err: err}
}
