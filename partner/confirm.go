package partner

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// Confirmation by lookup (WriterOptions.ConfirmByLookup): instead of
// polling every create operation, the batches in flight are confirmed
// together by one list of the collection's operations (confirm_ops.go:
// one request for all of them, due when the workers still free just
// cover its round trip or when every worker waits), or, when the catalog
// does not list operations, by one search for all their ids (up to
// confirmIDs per request), as described below.
// Each lookup costs a request under the customer's rate limit, so the
// confirmer waits until a lookup is worth it: when the pending batches fill
// one (confirmIDs ids), when every worker is waiting for a confirmation
// (no create can come before one), when no batch has been sent for a while
// (the end of the input, or a pause), or when the oldest has waited
// maxConfirmWait. A batch whose items are all stored is created; a batch
// not confirmed after max(confirmPatience, 3 x the typical operation time)
// has its operation polled as usual, which then drives the normal failure
// handling.
const (
	confirmIDs    = 1000
	minConfirmGap = 20 * time.Millisecond
	maxConfirmGap = 500 * time.Millisecond
	// maxConfirmWait bounds the wait of the oldest pending batch before a
	// lookup.
	maxConfirmWait = time.Second
	// A batch is polled when lookups have not confirmed it after
	// max(confirmPatience, 3 x the typical operation time).
	confirmPatience = 3 * time.Second
)

type pendingBatch struct {
	ps   []*prepared
	opID string // the create's operation id ("" when unknown)
	sent time.Time
	done chan bool // true: confirmed; false: poll the operation
}

type confirmer struct {
	r    *writeRun
	mu   sync.Mutex
	list []*pendingBatch
	ids  int           // items in list
	step time.Duration // moving average of the time between two adds
	wake chan struct{}

	// owned by the run goroutine
	last time.Time     // the last lookup
	gap  time.Duration // between lookups; doubles while none confirms
	rtt  time.Duration // moving average of a confirmation request's time
	// freed is when the last confirmation answered its batches: their
	// workers send again from then on.
	freed time.Time

	byOps  atomic.Bool // confirm by operations list (see confirm_ops.go)
	opsTop int         // page size of the list; doubles when too small
}

func newConfirmer(r *writeRun) *confirmer {
	c := &confirmer{r: r, wake: make(chan struct{}, 1), opsTop: min(maxOpsTop, max(minOpsTop, 2*r.w.opts.Concurrency))}
	c.byOps.Store(true)
	return c
}

func (c *confirmer) add(pb *pendingBatch) {
	c.mu.Lock()
	if n := len(c.list); n > 0 {
		d := pb.sent.Sub(c.list[n-1].sent)
		if c.step == 0 {
			c.step = d
		} else {
			c.step = (3*c.step + d) / 4
		}
	}
	c.list = append(c.list, pb)
	c.ids += len(pb.ps)
	c.mu.Unlock()
	c.poke()
}

// poke has the confirmer look at its pending batches again.
func (c *confirmer) poke() {
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
	c.list, c.ids = nil, 0
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
	c.mu.Unlock()
	if c.gap == 0 {
		c.gap = minConfirmGap
	}
	for {
		at, ok := c.due()
		if !ok {
			return false
		}
		d := time.Until(at)
		if d <= 0 {
			break
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			c.release()
			return false
		case <-c.wake: // a batch came: the lookup may be due sooner
			t.Stop()
		case <-t.C:
		}
	}
	c.last = time.Now()
	var answered map[*pendingBatch]bool
	var confirmed bool
	if c.byOps.Load() {
		answered, confirmed = c.confirmByOps(ctx)
	} else {
		answered, confirmed = c.confirmByLookup(ctx)
	}
	if confirmed {
		c.freed = time.Now()
	}
	if d := time.Since(c.last); c.rtt == 0 {
		c.rtt = d
	} else {
		c.rtt = (3*c.rtt + d) / 4
	}
	if confirmed {
		c.gap = minConfirmGap
	} else {
		c.gap = min(maxConfirmGap, c.gap*2)
	}
	c.mu.Lock()
	kept := c.list[:0]
	c.ids = 0
	for _, pb := range c.list {
		if !answered[pb] {
			kept = append(kept, pb)
			c.ids += len(pb.ps)
		}
	}
	clear(c.list[len(kept):])
	c.list = kept
	remain := len(c.list) > 0
	c.mu.Unlock()
	return remain
}

// confirmByLookup looks the oldest pending batches up (up to confirmIDs
// ids) and answers those it can.
func (c *confirmer) confirmByLookup(ctx context.Context) (answered map[*pendingBatch]bool, confirmed bool) {
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

	// The lookup goes before the creates waiting on the Pacer: the
	// batches it confirms free their workers.
	stored, err := c.r.cat.findItemsPer(withPacerPriority(ctx), c.r.collection, ids, confirmIDs)
	answered = map[*pendingBatch]bool{}
	patience := c.patience()
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
	return answered, confirmed
}

// confirmByOps lists the collection's newest operations and answers the
// pending batches whose operation ended: Succeeded with no failed item is
// created; any other end is polled (which drives the usual failure
// handling). When the list fails other than by the write's end, the
// confirmer turns to lookups for good.
func (c *confirmer) confirmByOps(ctx context.Context) (answered map[*pendingBatch]bool, confirmed bool) {
	c.mu.Lock()
	snap := slices.Clone(c.list)
	c.mu.Unlock()
	ids := make(map[string]bool, len(snap))
	for _, pb := range snap {
		if pb.opID != "" {
			ids[pb.opID] = true
		}
	}
	top := min(maxOpsTop, max(c.opsTop, len(snap)+c.r.w.opts.Concurrency))
	states, full, err := c.r.cat.listOpStates(withPacerPriority(ctx), c.r.w.client.Ingestion(), c.r.collection, ids, top)
	answered = map[*pendingBatch]bool{}
	if err != nil {
		if ctx.Err() != nil {
			for _, pb := range snap {
				answered[pb] = true
				pb.done <- false
			}
			return answered, false
		}
		// Lookups confirm from now on (the catalog may not list operations
		// to this caller); the batches stay pending until then.
		c.byOps.Store(false)
		return answered, false
	}
	patience := c.patience()
	missing := false
	for _, pb := range snap {
		st, listed := states[pb.opID]
		switch {
		case st == opSucceeded:
			c.r.cat.observeOpDuration(time.Since(pb.sent))
			answered[pb] = true
			confirmed = true
			pb.done <- true
		case st == opEnded || time.Since(pb.sent) > patience:
			answered[pb] = true
			pb.done <- false
		default:
			missing = missing || !listed
		}
	}
	if missing && full {
		c.opsTop = min(maxOpsTop, 2*top)
	}
	if len(states) == 0 && len(ids) > 0 && (full && top == maxOpsTop || time.Since(snap[0].sent) > maxConfirmWait) {
		// The list does not show this write's operations (another order,
		// or too many newer ones): lookups confirm from now on.
		c.byOps.Store(false)
	}
	return answered, confirmed
}

// patience is how long a batch may stay unconfirmed before its operation
// is polled.
func (c *confirmer) patience() time.Duration {
	return max(confirmPatience, 3*time.Duration(c.r.cat.opNanos.Load()))
}

// opsTrigger is the number of pending batches at which an operations list
// is due: all the workers but those that keep sending creates while the
// list is on its way (its round trip over the time between two creates),
// and at least three quarters of them.
func (c *confirmer) opsTrigger() int {
	n := c.r.w.opts.Concurrency
	reserve := 1
	if c.step > 0 {
		reserve += int((c.rtt + c.step - 1) / c.step)
	}
	return max(1, (3*n+3)/4, n-reserve)
}

// due returns when the next lookup is worth its request (see the
// constants above); false when nothing is pending.
func (c *confirmer) due() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.list)
	if n == 0 {
		return time.Time{}, false
	}
	oldest, newest := c.list[0].sent, c.list[n-1].sent
	if c.byOps.Load() {
		// One list answers every batch: it is due when the workers
		// still free just cover its round trip.
		earliest := later(c.last.Add(c.gap), oldest.Add(minConfirmGap))
		if n >= c.opsTrigger() {
			return earliest, true
		}
		if int64(n) >= c.r.busy.Load() {
			// Every worker with a chunk waits: no create comes before
			// a confirmation.
			return later(c.last.Add(c.gap), newest.Add(minConfirmGap)), true
		}
		// Workers are preparing creates: a list is due when none came
		// for a long while, counted from when the last list freed them.
		at := later(newest, c.freed).Add(max(opsQuiet, 2*c.step))
		if w := oldest.Add(maxConfirmWait); w.Before(at) {
			at = w
		}
		return later(earliest, at), true
	}
	// The operations need a moment after their 202 in any case.
	earliest := later(c.last.Add(c.gap), newest.Add(minConfirmGap))
	if (c.ids >= confirmIDs && !c.byOps.Load()) || n >= c.r.w.opts.Concurrency {
		return earliest, true
	}
	quiet := max(2*minConfirmGap, 2*c.step) // no batch for this long: none is coming soon
	at := newest.Add(quiet)
	if w := oldest.Add(maxConfirmWait); w.Before(at) {
		at = w
	}
	return later(earliest, at), true
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// createConfirmed sends a batch and waits for the confirmer; when the
// confirmer gives up, it polls the operation like createItems.
func (r *writeRun) createConfirmed(ctx context.Context, ps []*prepared, items []json.RawMessage) (*geocatalog.Operation, error) {
	start := time.Now()
	defer since(start, &r.cat.writeNanos)
	p, err := r.cat.beginCreate(ctx, r.collection, items)
	if err != nil {
		return nil, err
	}
	pb := &pendingBatch{ps: ps, opID: pollerOperationID(p), sent: time.Now(), done: make(chan bool, 1)}
	r.confirm.add(pb)
	if <-pb.done {
		return &geocatalog.Operation{ID: pollerOperationID(p), Status: geocatalog.OperationStatusSucceeded}, nil
	}
	res, err := await(ctx, r.cat, p)
	return &res.Operation, err
}

// pollerOperationID reads the operation id from a poller's resume token
// ("" when it cannot).
func pollerOperationID[T any](p *runtime.Poller[T]) string {
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
