package partner

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Pacer spaces one customer's requests to a configured rate and pauses all of
// them when the catalog answers 429 with Retry-After (a customer-wide
// back-off: the other requests to the same catalog would be throttled too).
// Pacers of different customers are independent. A Pacer is safe for
// concurrent use.
//
// Waiting requests take the free slots in no set order, except that a
// request made with a context from withPacerPriority (the Writer's
// confirmation lookups) goes before the others: a lookup that confirms ten
// batches must not queue behind every create in flight.
//
// Install it in the customer's client pipeline with Policy (per retry, so
// azcore's retries are paced and see the back-off). A Writer whose Pacer is
// not installed paces the requests it starts itself instead.
type Pacer struct {
	interval  time.Duration // zero: no rate limit
	mu        sync.Mutex
	next      time.Time    // earliest start of the next request (after any pause)
	priority  atomic.Int64 // priority requests waiting
	installed atomic.Bool
	throttled atomic.Int64
}

// NewPacer returns a Pacer allowing perSecond requests per second. Zero or
// less means no rate limit (only the 429 back-off).
func NewPacer(perSecond float64) *Pacer {
	p := &Pacer{}
	if perSecond > 0 {
		p.interval = time.Duration(float64(time.Second) / perSecond)
	}
	return p
}

type pacerPriorityKey struct{}

// withPacerPriority marks ctx's requests to go first on a Pacer.
func withPacerPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, pacerPriorityKey{}, true)
}

// wait blocks until the caller may send a request, or ctx is done.
func (p *Pacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	prio := ctx.Value(pacerPriorityKey{}) != nil
	if prio {
		p.priority.Add(1)
		defer p.priority.Add(-1)
	}
	for {
		p.mu.Lock()
		now := time.Now()
		at := p.next
		if !now.Before(at) && (prio || p.priority.Load() == 0) {
			// Take the slot. A slot taken late (timer and scheduling
			// delays) keeps the schedule; a slot nobody took is lost.
			start := at
			if now.Sub(at) > p.interval {
				start = now
			}
			p.next = start.Add(p.interval)
			p.mu.Unlock()
			return ctx.Err()
		}
		p.mu.Unlock()
		// Sleep until the slot (a request yielding to a priority one
		// looks again shortly).
		d := max(at.Sub(now), time.Millisecond)
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// PauseFor holds every request of this Pacer back for d from now.
func (p *Pacer) PauseFor(d time.Duration) {
	if p == nil || d <= 0 {
		return
	}
	p.mu.Lock()
	if until := time.Now().Add(d); until.After(p.next) {
		p.next = until
	}
	p.mu.Unlock()
}

// Throttled returns how many 429 answers the Pacer has seen.
func (p *Pacer) Throttled() int64 {
	if p == nil {
		return 0
	}
	return p.throttled.Load()
}

// Policy returns an azcore per-retry policy that waits on the Pacer before
// every attempt and pauses it on 429 for the answer's Retry-After (1 s when
// absent). Add it to the client's ClientOptions.PerRetryPolicies.
func (p *Pacer) Policy() policy.Policy {
	p.installed.Store(true)
	return pacerPolicy{p}
}

type pacerPolicy struct{ p *Pacer }

func (pp pacerPolicy) Do(req *policy.Request) (*http.Response, error) {
	if err := pp.p.wait(req.Raw().Context()); err != nil {
		return nil, err
	}
	resp, err := req.Next()
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		pp.p.observe429(resp.Header)
	}
	return resp, err
}

func (p *Pacer) observe429(h http.Header) {
	p.throttled.Add(1)
	p.PauseFor(RetryAfter(h, time.Second))
}

// RetryAfter parses a Retry-After header (seconds or an HTTP date), or the
// retry-after-ms variants Azure services send; def when absent.
func RetryAfter(h http.Header, def time.Duration) time.Duration {
	for _, name := range []string{"retry-after-ms", "x-ms-retry-after-ms"} {
		if v := h.Get(name); v != "" {
			if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 {
				return time.Duration(ms * float64(time.Millisecond))
			}
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(v); err == nil {
			return time.Until(t)
		}
	}
	return def
}

// Pace waits for the next request slot (or ctx) unless the Pacer is installed in the client pipeline
// (Policy), where the pipeline waits for every attempt already. Callers that
// make catalog calls outside a Writer use it before each call.
func (p *Pacer) Pace(ctx context.Context) error {
	if p == nil || p.installed.Load() {
		return ctx.Err()
	}
	return p.wait(ctx)
}
