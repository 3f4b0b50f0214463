package geocatalogtest

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Faults are failures a catalog injects on demand. Random draws come from a
// generator seeded with Seed, so a sequence of requests sees the same faults
// on every run: the n-th request (in arrival order) to the faulted routes
// gets the same fault whatever the concurrency (RateLimit aside: it depends
// on time). A request draws DropRate, then ErrorRate, then ThrottleRate,
// each among the requests the previous ones spared (ErrorRate 0.1 with
// DropRate 0.02 fails 9.8% of all requests with 503). The zero value
// injects nothing.
type Faults struct {
	// Seed seeds the random draws.
	Seed uint64
	// Latency delays requests per route ("GET /stac/search"; see
	// Exchange.Route); the key "*" applies to every route without its own entry.
	Latency map[string]time.Duration
	// Routes restricts RateLimit, ThrottleRate, ErrorRate and DropRate to
	// these routes; empty means every route.
	Routes []string
	// RateLimit is the sustained rate in requests per second above which
	// requests get 429 with Retry-After (a token bucket); 0 means no limit.
	RateLimit float64
	// Burst is the bucket size (default: RateLimit rounded up, at least 1).
	Burst int
	// ErrorRate is the probability that a request gets 503 ServiceUnavailable.
	ErrorRate float64
	// DropRate is the probability that a request's connection is closed
	// without an answer.
	DropRate float64
	// ThrottleRate is the probability that a request gets 429
	// TooManyRequests with a Retry-After of RetryAfter, independently of
	// RateLimit.
	ThrottleRate float64
	// RetryAfter is the back-off the 429s of ThrottleRate ask for (default
	// 1 s, like RateLimit's). They carry it as Retry-After in whole seconds,
	// rounded up, and exactly as retry-after-ms.
	RetryAfter time.Duration
	// OperationFailureRate is the probability that an asynchronous
	// operation fails with InternalError instead of doing its work. These
	// draws have their own generator (also seeded with Seed), so the n-th
	// operation's fate does not depend on how many requests came before it.
	OperationFailureRate float64
}

type faultAction int

const (
	faultNone faultAction = iota
	faultThrottle
	faultUnavailable
	faultDrop
)

// defaultRetryAfter is the Retry-After of ThrottleRate's 429s when
// Faults.RetryAfter is zero.
const defaultRetryAfter = time.Second

// faultDecision is what the catalog does to one request.
type faultDecision struct {
	latency time.Duration
	action  faultAction
	// retryAfter is the back-off of a faultThrottle answer.
	retryAfter time.Duration
}

type faultInjector struct {
	mu     sync.Mutex
	f      Faults
	rng    *rand.Rand // request faults
	opRng  *rand.Rand // operation failures
	tokens float64
	last   time.Time
}

func newFaultRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

func (fi *faultInjector) reset(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if f.RateLimit > 0 && f.Burst <= 0 {
		f.Burst = max(1, int(math.Ceil(f.RateLimit)))
	}
	if f.RetryAfter <= 0 {
		f.RetryAfter = defaultRetryAfter
	}
	fi.f = f
	fi.rng = newFaultRand(f.Seed)
	fi.opRng = newFaultRand(f.Seed)
	fi.tokens = float64(f.Burst)
	fi.last = time.Now()
}

// SetFaults replaces the catalog's faults; the random sequence restarts from Faults.Seed.
func (c *Catalog) SetFaults(f Faults) { c.faults.reset(f) }

// decide draws the faults of one request to route. Each rate draws only
// when it is set, so adding a rate leaves the draws of the others as they were.
func (fi *faultInjector) decide(route string) faultDecision {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := &fi.f
	lat, ok := f.Latency[route]
	if !ok {
		lat = f.Latency["*"]
	}
	d := faultDecision{latency: lat}
	if len(f.Routes) > 0 && !slices.Contains(f.Routes, route) {
		return d
	}
	if f.RateLimit > 0 {
		now := time.Now()
		fi.tokens = math.Min(float64(f.Burst), fi.tokens+now.Sub(fi.last).Seconds()*f.RateLimit)
		fi.last = now
		if fi.tokens < 1 {
			wait := (1 - fi.tokens) / f.RateLimit
			d.action, d.retryAfter = faultThrottle, time.Duration(max(1, math.Ceil(wait)))*time.Second
			return d
		}
		fi.tokens--
	}
	switch {
	case f.DropRate > 0 && fi.rng.Float64() < f.DropRate:
		d.action = faultDrop
	case f.ErrorRate > 0 && fi.rng.Float64() < f.ErrorRate:
		d.action = faultUnavailable
	case f.ThrottleRate > 0 && fi.rng.Float64() < f.ThrottleRate:
		d.action, d.retryAfter = faultThrottle, f.RetryAfter
	}
	return d
}

// failOperation draws whether an operation fails.
func (fi *faultInjector) failOperation() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.f.OperationFailureRate > 0 && fi.opRng.Float64() < fi.f.OperationFailureRate
}
