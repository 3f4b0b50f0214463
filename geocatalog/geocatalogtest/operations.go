package geocatalogtest

import (
	"context"
	"maps"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Operation statuses.
const (
	statusPending   = "Pending"
	statusRunning   = "Running"
	statusSucceeded = "Succeeded"
	statusFailed    = "Failed"
	statusCanceled  = "Canceled"
)

// Operation types (Operation.type).
const (
	opAddItem          = "AddItem"
	opUpdateItem       = "UpdateItem"
	opDeleteItem       = "DeleteItem"
	opAddCollection    = "AddCollection"
	opUpdateCollection = "UpdateCollection"
	opDeleteCollection = "DeleteCollection"
	opDeleteIngestion  = "DeleteIngestion"
	opStaticCatalog    = "IngestionStaticCatalog"
)

type statusEntry struct {
	Status       string    `json:"status"`
	Timestamp    time.Time `json:"timestamp"`
	ErrorCode    string    `json:"errorCode,omitempty"`
	ErrorMessage string    `json:"errorMessage,omitempty"`
}

// operation is the service's Operation. Its exported fields are guarded by
// operationStore.mu.
type operation struct {
	ID                    string            `json:"id"`
	Status                string            `json:"status"`
	StatusHistory         []statusEntry     `json:"statusHistory"`
	Type                  string            `json:"type"`
	CreationTime          time.Time         `json:"creationTime"`
	CollectionID          string            `json:"collectionId,omitempty"`
	AdditionalInformation map[string]string `json:"additionalInformation,omitempty"`
	StartTime             *time.Time        `json:"startTime,omitempty"`
	FinishTime            *time.Time        `json:"finishTime,omitempty"`
	Error                 *apiError         `json:"error,omitempty"`

	counts *itemCounts
	cancel context.CancelFunc
	ctx    context.Context
}

// itemCounts are the item counters of an ingestion run.
type itemCounts struct {
	Total, Pending, Succeeded, Failed int
}

func (op *operation) terminal() bool {
	switch op.Status {
	case statusSucceeded, statusFailed, statusCanceled:
		return true
	}
	return false
}

// operationStore holds a catalog's operations.
type operationStore struct {
	mu   sync.RWMutex
	byID map[string]*operation
	list []*operation
}

func newOperationStore() *operationStore {
	return &operationStore{byID: make(map[string]*operation)}
}

// view runs f on the operation with id under the read lock.
func (s *operationStore) view(id string, f func(op *operation)) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	op, ok := s.byID[id]
	if ok {
		f(op)
	}
	return ok
}

// update runs f on op under the write lock.
func (s *operationStore) update(op *operation, f func(op *operation)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(op)
}

func (s *operationStore) add(op *operation) {
	s.mu.Lock()
	s.byID[op.ID] = op
	s.list = append(s.list, op)
	s.mu.Unlock()
}

// setStatus appends a history entry and sets the status (lock held).
func (op *operation) setStatus(status string, e *apiError) {
	now := time.Now().UTC()
	op.Status = status
	se := statusEntry{Status: status, Timestamp: now}
	switch status {
	case statusRunning:
		op.StartTime = &now
	case statusSucceeded, statusFailed, statusCanceled:
		op.FinishTime = &now
		if e != nil {
			op.Error = e
			se.ErrorCode, se.ErrorMessage = e.Code, e.Message
		}
	}
	op.StatusHistory = append(op.StatusHistory, se)
	op.syncCounts()
}

// syncCounts mirrors the item counters into additionalInformation (lock held).
func (op *operation) syncCounts() {
	if op.counts == nil {
		return
	}
	if op.AdditionalInformation == nil {
		op.AdditionalInformation = make(map[string]string)
	}
	op.AdditionalInformation["TotalItems"] = strconv.Itoa(op.counts.Total)
	op.AdditionalInformation["TotalPendingItems"] = strconv.Itoa(op.counts.Pending)
	op.AdditionalInformation["TotalSuccessfulItems"] = strconv.Itoa(op.counts.Succeeded)
	op.AdditionalInformation["TotalFailedItems"] = strconv.Itoa(op.counts.Failed)
}

// opWork is the work of an operation, run when it leaves Pending. It
// returns the error that fails the operation, or nil.
type opWork func(ctx context.Context, op *operation) *apiError

// opSpec describes an operation to start.
type opSpec struct {
	typ        string
	collection string
	// keys serialize operations: an operation waits for the earlier
	// operations that share one of its keys.
	keys []string
	// after lists keys whose latest operation must finish first, without
	// registering this one under them.
	after  []string
	info   map[string]string
	counts bool
	work   opWork
}

// startOperation records a Pending operation and runs its work in the
// background after the catalog's delay. It returns the new operation.
func (c *Catalog) startOperation(spec opSpec) *operation {
	now := time.Now().UTC()
	op := &operation{
		ID:                    uuid.NewString(),
		Status:                statusPending,
		StatusHistory:         []statusEntry{{Status: statusPending, Timestamp: now}},
		Type:                  spec.typ,
		CreationTime:          now,
		CollectionID:          spec.collection,
		AdditionalInformation: maps.Clone(spec.info),
	}
	if spec.counts {
		op.counts = &itemCounts{}
		op.syncCounts()
	}
	op.ctx, op.cancel = context.WithCancel(c.srv.ctx)
	c.ops.add(op)
	prevs, done := c.sequence.acquire(spec.keys, spec.after)
	c.srv.goWork(func(ctx context.Context) {
		defer c.sequence.release(spec.keys, done)
		defer op.cancel()
		for _, p := range prevs {
			select {
			case <-p:
			case <-ctx.Done():
				return
			}
		}
		sleep(op.ctx, c.delay/2)
		started := false
		c.ops.update(op, func(op *operation) {
			if op.Status == statusPending && op.ctx.Err() == nil {
				op.setStatus(statusRunning, nil)
				started = true
			}
		})
		if !started {
			c.finish(op, nil)
			return
		}
		var err *apiError
		if c.faults.failOperation() {
			c.stats.operationFault()
			err = newAPIError("InternalError", "the operation failed (injected fault)")
		} else {
			err = spec.work(op.ctx, op)
		}
		sleep(op.ctx, c.delay-c.delay/2)
		c.finish(op, err)
	})
	return op
}

// finish ends op: Canceled if it was canceled, else Failed or Succeeded.
func (c *Catalog) finish(op *operation, err *apiError) {
	c.ops.update(op, func(op *operation) {
		if op.terminal() {
			return
		}
		switch {
		case op.ctx.Err() != nil && c.srv.ctx.Err() == nil:
			op.setStatus(statusCanceled, newAPIError("OperationIsCanceled", "the operation was canceled"))
		case err != nil:
			op.setStatus(statusFailed, err)
		default:
			op.setStatus(statusSucceeded, nil)
		}
	})
}

// cancelOperation cancels op if it has not finished.
func (c *Catalog) cancelOperation(op *operation) {
	c.ops.update(op, func(op *operation) {
		if op.terminal() {
			return
		}
		op.cancel()
		if op.Status == statusPending {
			op.setStatus(statusCanceled, newAPIError("OperationIsCanceled", "the operation was canceled"))
		}
	})
}

// setCounts updates an ingestion run's item counters.
func (c *Catalog) setCounts(op *operation, f func(n *itemCounts)) {
	c.ops.update(op, func(op *operation) {
		f(op.counts)
		op.syncCounts()
	})
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// opSequencer orders operations that touch the same keys.
type opSequencer struct {
	mu   sync.Mutex
	last map[string]chan struct{}
}

// acquire returns the done channels of the latest operations on keys and
// registers a new done channel as the latest for each key.
func (s *opSequencer) acquire(keys, after []string) ([]chan struct{}, chan struct{}) {
	done := make(chan struct{})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		s.last = make(map[string]chan struct{})
	}
	var prevs []chan struct{}
	for _, k := range after {
		if p, ok := s.last[k]; ok {
			prevs = append(prevs, p)
		}
	}
	for _, k := range keys {
		if p, ok := s.last[k]; ok {
			prevs = append(prevs, p)
		}
		s.last[k] = done
	}
	return prevs, done
}

// release marks an operation done.
func (s *opSequencer) release(keys []string, done chan struct{}) {
	s.mu.Lock()
	for _, k := range keys {
		if s.last[k] == done {
			delete(s.last, k)
		}
	}
	s.mu.Unlock()
	close(done)
}
