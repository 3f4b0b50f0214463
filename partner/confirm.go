package partner

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// Confirmation by lookup (WriterOptions.ConfirmByLookup): instead of
// polling every create operation, the batches in flight are confirmed
// together by one search for all their ids (up to confirmIDs per request).
// A batch whose items are all stored is created; a
// batch not confirmed after confirmRounds lookups has its operation polled
// as usual, which then drives the normal failure handling.
const (
	confirmIDs    = 1000
	minConfirmGap = 20 * time.Millisecond
	maxConfirmGap = 500 * time.Millisecond
	// A batch is polled when lookups have not confirmed it after
	// max(confirmPatience, 3 x the typical operation time).
	confirmPatience = 3 * time.Second
)

type pendingBatch struct {
	ps   []*prepared
	sent time.Time
	done chan bool // true: confirmed; false: poll the operation
}

type confirmer struct {
	r    *writeRun
	mu   sync.Mutex
	list []*pendingBatch
	wake chan struct{}

	// owned by the run goroutine
	last time.Time     // the last lookup
	gap  time.Duration // between lookups; doubles while none confirms
}

func newConfirmer(r *writeRun) *confirmer {
	return &confirmer{r: r, wake: make(chan struct{}, 1)}
}

func (c *confirmer) add(pb *pendingBatch) {
	c.mu.Lock()
	c.list = append(c.list, pb)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// run confirms pending batches until ctx ends.
func (c *confirmer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			c.release()
			return
		case <-c.wake:
		}
		for c.confirmOnce(ctx) {
		}
	}
}

// release answers every pending batch with "poll" (the write is ending).
func (c *confirmer) release() {
	c.mu.Lock()
	list := c.list
	c.list = nil
	c.mu.Unlock()
	for _, pb := range list {
		pb.done <- false
	}
}

// confirmOnce waits for the typical operation time, looks the pending
// batches up and answers those it can; it returns whether batches remain.
func (c *confirmer) confirmOnce(ctx context.Context) bool {
	c.mu.Lock()
	if len(c.list) == 0 {
		c.mu.Unlock()
		return false
	}
	oldest := c.list[0].sent
	c.mu.Unlock()
	typical := time.Duration(c.r.cat.opNanos.Load())
	if c.gap == 0 {
		c.gap = max(minConfirmGap, typical/2)
	}
	at := oldest.Add(max(minConfirmGap, typical*9/10))
	if next := c.last.Add(c.gap); next.After(at) {
		at = next
	}
	if d := time.Until(at); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			c.release()
			return false
		case <-t.C:
		}
	}
	c.last = time.Now()
	c.mu.Lock()
	var snap []*pendingBatch
	var ids []string
	for _, pb := range c.list {
		if len(ids)+len(pb.ps) > confirmIDs && len(snap) > 0 {
			break
		}
		snap = append(snap, pb)
		for _, p := range pb.ps {
			ids = append(ids, p.item.ID)
		}
	}
	c.mu.Unlock()

	stored, err := c.r.cat.findItemsPer(ctx, c.r.collection, ids, confirmIDs)
	answered := map[*pendingBatch]bool{}
	patience := max(confirmPatience, 3*typical)
	confirmed := false
	for _, pb := range snap {
		ok := err == nil
		for _, p := range pb.ps {
			if !ok {
				break
			}
			// Present is enough: the batch was sent because its items
			// were missing (looked up, or the collection was new).
			_, ok = stored[p.item.ID]
		}
		switch {
		case ok:
			c.r.cat.observeOpDuration(time.Since(pb.sent))
			answered[pb] = true
			confirmed = true
			pb.done <- true
		case err != nil || time.Since(pb.sent) > patience:
			answered[pb] = true
			pb.done <- false
		}
	}
	if confirmed {
		c.gap = max(minConfirmGap, time.Duration(c.r.cat.opNanos.Load())/2)
	} else {
		c.gap = min(maxConfirmGap, c.gap*2)
	}
	c.mu.Lock()
	kept := c.list[:0]
	for _, pb := range c.list {
		if !answered[pb] {
			kept = append(kept, pb)
		}
	}
	c.list = kept
	remain := len(c.list) > 0
	c.mu.Unlock()
	return remain
}

// createConfirmed sends a batch and waits for the confirmer; when the
// confirmer gives up, it polls the operation like createItems.
func (r *writeRun) createConfirmed(ctx context.Context, ps []*prepared, items []json.RawMessage) (*geocatalog.Operation, error) {
	start := time.Now()
	defer since(start, &r.cat.writeNanos)
	t0 := time.Now()
	p, err := r.cat.beginCreate(ctx, r.collection, items)
	if ps[0].index < 500 {
		fmt.Println("DEBUG create", ps[0].index, "at", t0.Format("05.000"), "took", time.Since(t0))
	}
	if err != nil {
		return nil, err
	}
	pb := &pendingBatch{ps: ps, sent: time.Now(), done: make(chan bool, 1)}
	r.confirm.add(pb)
	if <-pb.done {
		return &geocatalog.Operation{ID: pollerOperationID(p), Status: geocatalog.OperationStatusSucceeded}, nil
	}
	return await(ctx, r.cat, p)
}

// pollerOperationID reads the operation id from a poller's resume token
// ("" when it cannot).
func pollerOperationID(p *runtime.Poller[geocatalog.ItemWriteResponse]) string {
	tok, err := p.ResumeToken()
	if err != nil {
		return ""
	}
	var t struct {
		Token struct {
			Operation struct {
				ID string `json:"id"`
			} `json:"operation"`
		} `json:"token"`
	}
	if json.Unmarshal([]byte(tok), &t) != nil {
		return ""
	}
	return t.Token.Operation.ID
}
