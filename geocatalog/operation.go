package geocatalog

import (
	"encoding/json"
	"fmt"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"strconv"
	"strings"
	"time"
)

// OperationStatus is the status of a long-running operation. The service is
// not consistent in its spelling, so compare with the methods, which are
// case-insensitive and know the variants seen in the wild.
type OperationStatus string

// Operation statuses of the GeoCatalog API.
const (
	OperationStatusPending   OperationStatus = "Pending"
	OperationStatusRunning   OperationStatus = "Running"
	OperationStatusSucceeded OperationStatus = "Succeeded"
	OperationStatusCanceling OperationStatus = "Canceling"
	OperationStatusCanceled  OperationStatus = "Canceled"
	OperationStatusFailed    OperationStatus = "Failed"
)

// IsSucceeded reports a success status: Succeeded, Success, Suceeded (sic),
// Finished or Completed, in any case.
func (s OperationStatus) IsSucceeded() bool {
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "succeeded", "success", "suceeded", "finished", "completed":
		return true
	}
	return false
}

// IsCanceled reports Canceled or Cancelled, in any case.
func (s OperationStatus) IsCanceled() bool {
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "canceled", "cancelled":
		return true
	}
	return false
}

// IsFailed reports Failed, in any case.
func (s OperationStatus) IsFailed() bool {
	return strings.EqualFold(strings.TrimSpace(string(s)), "failed")
}

// IsTerminal reports whether the operation will not change any more.
func (s OperationStatus) IsTerminal() bool { return s.IsSucceeded() || s.IsCanceled() || s.IsFailed() }

// OperationStatusHistoryItem is one entry of Operation.StatusHistory.
type OperationStatusHistoryItem struct {
	Timestamp    time.Time       `json:"timestamp"`
	Status       OperationStatus `json:"status"`
	ErrorCode    string          `json:"errorCode,omitempty"`
	ErrorMessage string          `json:"errorMessage,omitempty"`
}

// Operation is a GeoCatalog long-running operation (GET /inma/operations/{id}).
type Operation struct {
	ID            string                       `json:"id"`
	Status        OperationStatus              `json:"status"`
	Type          string                       `json:"type"`
	CollectionID  string                       `json:"collectionId,omitempty"`
	CreationTime  time.Time                    `json:"creationTime"`
	StartTime     *time.Time                   `json:"startTime,omitempty"`
	FinishTime    *time.Time                   `json:"finishTime,omitempty"`
	StatusHistory []OperationStatusHistoryItem `json:"statusHistory"`
	// AdditionalInformation carries counters as strings, e.g. TotalItems,
	// TotalFailedItems, and ids such as IngestionId.
	AdditionalInformation map[string]string `json:"additionalInformation,omitempty"`
	Error                 *ErrorDetail      `json:"error,omitempty"`
}

// Counter returns the integer value of AdditionalInformation[name] (for
// example "TotalFailedItems"), and false when absent or not a number.
func (o *Operation) Counter(name string) (int64, bool) {
	v, ok := o.AdditionalInformation[name]
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}

// errorCodeMessage returns the code and message that explain a failed
// operation: Operation.error (or its nested error), else the last status
// history entry carrying an error code.
func (o *Operation) errorCodeMessage() (code, message string) {
	if o.Error != nil {
		code, message = o.Error.first()
	}
	for i := len(o.StatusHistory) - 1; i >= 0 && (code == "" || message == ""); i-- {
		h := o.StatusHistory[i]
		if h.ErrorCode == "" && h.ErrorMessage == "" {
			continue
		}
		if code == "" {
			code = h.ErrorCode
		}
		if message == "" {
			message = h.ErrorMessage
		}
	}
	return code, message
}

// OperationError is returned when a long-running operation ends Failed or
// Canceled, or succeeds with failed items (AdditionalInformation
// TotalFailedItems > 0). Use errors.As to get it.
type OperationError struct {
	// Operation is the final state of the operation.
	Operation *Operation
	// Code is Operation.error.code, the nested error.error.code, or the last
	// status history errorCode; "Canceled" for a canceled operation without
	// one, "ErrorsInBatchOperation" for a partial failure without one.
	Code string
	// Message is the matching error message.
	Message string
}

// Error implements error.
func (e *OperationError) Error() string {
	op := e.Operation
	if op == nil {
		op = &Operation{}
	}
	msg := fmt.Sprintf("geocatalog: operation %s (%s) ended %s", op.ID, op.Type, op.Status)
	if op.CollectionID != "" {
		msg += " in collection " + op.CollectionID
	}
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return redact(msg)
}

// operationOutcome returns nil for a successful terminal operation and an
// *OperationError otherwise.
func operationOutcome(op *Operation) error {
	switch {
	case op.Status.IsSucceeded():
		if n, ok := op.Counter("TotalFailedItems"); ok && n > 0 {
			code, msg := op.errorCodeMessage()
			if code == "" {
				code = "ErrorsInBatchOperation"
			}
			if msg == "" {
				msg = fmt.Sprintf("%d item(s) failed", n)
			}
			return &OperationError{Operation: op, Code: code, Message: msg}
		}
		return nil
	case op.Status.IsCanceled():
		code, msg := op.errorCodeMessage()
		if code == "" {
			code = "Canceled"
		}
		return &OperationError{Operation: op, Code: code, Message: msg}
	default:
		code, msg := op.errorCodeMessage()
		return &OperationError{Operation: op, Code: code, Message: msg}
	}
}

// looksLikeOperation reports whether a JSON body is an Operation (has id,
// status and statusHistory or type), as opposed to a resource.
func looksLikeOperation(body []byte) (*Operation, bool) {
	if len(body) == 0 {
		return nil, false
	}
	var probe struct {
		ID            string          `json:"id"`
		Status        json.RawMessage `json:"status"`
		StatusHistory json.RawMessage `json:"statusHistory"`
		Type          json.RawMessage `json:"type"`
	}
	if json.Unmarshal(body, &probe) != nil || probe.ID == "" || len(probe.Status) == 0 {
		return nil, false
	}
	if len(probe.StatusHistory) == 0 && len(probe.Type) == 0 {
		return nil, false
	}
	var op Operation
	if json.Unmarshal(body, &op) != nil {
		return nil, false
	}
	return &op, true
}

// OperationResult is what every long-running operation's response holds:
// the final operation. The Begin* response types embed it.
type OperationResult struct {
	// Operation is the final operation; when the service completed the
	// request synchronously (200/201/204) it has no ID and status Succeeded.
	// Its AdditionalInformation carries the item counters of a batch.
	Operation Operation
}

func (r *OperationResult) setOperation(op Operation) { r.Operation = op }

// CollectionOperationResult is OperationResult with the collection the
// service returned when it completed a collection write synchronously.
type CollectionOperationResult struct {
	OperationResult
	// Collection is the collection the service returned synchronously, if
	// any.
	Collection *stac.Collection
}

func (r *CollectionOperationResult) setBody(b []byte) error {
	return decodeCollectionBody(b, &r.Collection)
}
