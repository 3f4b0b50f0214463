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
// on every run. The zero value injects nothing.
type Faults struct {
	// Seed seeds the random draws.
	Seed uint64
	// Latency delays requests per route ("GET /stac/search"; see
	// Exchange.Route); the key "*" applies to every route without its own entry.
	Latency map[string]time.Duration
	// Routes restricts RateLimit, ErrorRate and DropRate to these routes;
	// empty means every route.
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
	// OperationFailureRate is the probability that an asynchronous
	// operation fails with InternalError instead of doing its work.
	OperationFailureRate float64
}

type faultAction int

const (
	faultNone faultAction = iota
	faultThrottle
	faultUnavailable
	faultDrop
)

type faultInjector struct {
	mu     sync.Mutex
	f      Faults
	rng    *rand.Rand
	tokens float64
	last   time.Time
}

func (fi *faultInjector) reset(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	if f.RateLimit > 0 && f.Burst <= 0 {
		f.Burst = max(1, int(math.Ceil(f.RateLimit)))
	}
	fi.f = f
	fi.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
	fi.tokens = float64(f.Burst)
	fi.last = time.Now()
}

// SetFaults replaces the catalog's faults; the random sequence restarts from Faults.Seed.
func (c *Catalog) SetFaults(f Faults) { c.faults.reset(f) }

// decide draws the faults of one request to route: a delay, an action and,
// for faultThrottle, the Retry-After seconds.
func (fi *faultInjector) decide(route string) (time.Duration, faultAction, int) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := &fi.f
	lat, ok := f.Latency[route]
	if !ok {
		lat = f.Latency["*"]
	}
	if len(f.Routes) > 0 && !slices.Contains(f.Routes, route) {
		return lat, faultNone, 0
	}
	if f.RateLimit > 0 {
		now := time.Now()
		fi.tokens = math.Min(float64(f.Burst), fi.tokens+now.Sub(fi.last).Seconds()*f.RateLimit)
		fi.last = now
		if fi.tokens < 1 {
			wait := (1 - fi.tokens) / f.RateLimit
			return lat, faultThrottle, max(1, int(math.Ceil(wait)))
		}
		fi.tokens--
	}
	if f.DropRate > 0 && fi.rng.Float64() < f.DropRate {
		return lat, faultDrop, 0
	}
	if f.ErrorRate > 0 && fi.rng.Float64() < f.ErrorRate {
		return lat, faultUnavailable, 0
	}
	return lat, faultNone, 0
}

// failOperation draws whether an operation fails.
func (fi *faultInjector) failOperation() bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.f.OperationFailureRate > 0 && fi.rng.Float64() < fi.f.OperationFailureRate
}
