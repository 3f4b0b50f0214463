package geocatalogtest

import (
	"crypto/sha256"
	"maps"
	"sync"
	"time"
)

// maxExchanges bounds a catalog's exchange log; later exchanges are counted
// but not logged.
const maxExchanges = 1 << 20

// Exchange is one request to a catalog and the status it got (0 when the
// connection was dropped on purpose).
type Exchange struct {
	// Method is the HTTP method.
	Method string
	// Path is the URL path requested.
	Path string
	// Route is the matched route: method and path template, such as
	// "GET /stac/collections/{collectionId}"; "METHOD (unmatched)" otherwise.
	Route string
	// Status is the HTTP status answered, 0 for a dropped connection.
	Status int
	// Principal is the ObjectID of the authenticated caller, "" if none.
	Principal string
	// Time is when the request arrived.
	Time time.Time
}

// TenantTokens counts the tokens a catalog saw from one tenant.
type TenantTokens struct {
	// Tokens is the number of distinct tokens.
	Tokens int
	// Requests is the number of requests that carried one of them.
	Requests int
}

// Stats is a snapshot of a catalog's counters since it started or since
// ResetStats.
type Stats struct {
	// Requests counts requests per route (see Exchange.Route), faulted ones included.
	Requests map[string]int
	// Principals counts authenticated requests per principal ObjectID.
	Principals map[string]int
	// Tenants counts valid tokens per issuing tenant, including tenants
	// other than the catalog's (those requests got 401).
	Tenants map[string]TenantTokens
	// Statuses counts answers per HTTP status (0: dropped).
	Statuses map[int]int
	// Total is the number of requests.
	Total int
	// OperationFaults counts the operations failed by
	// Faults.OperationFailureRate.
	OperationFaults int
}

type statsRecorder struct {
	mu         sync.Mutex
	requests   map[string]int
	principals map[string]int
	tenants    map[string]TenantTokens
	tokens     map[string]map[[32]byte]struct{}
	statuses   map[int]int
	total      int
	opFaults   int
	exchanges  []Exchange
}

func (s *statsRecorder) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = make(map[string]int)
	s.principals = make(map[string]int)
	s.tenants = make(map[string]TenantTokens)
	s.tokens = make(map[string]map[[32]byte]struct{})
	s.statuses = make(map[int]int)
	s.total = 0
	s.opFaults = 0
	s.exchanges = nil
}

// record adds one finished exchange.
func (s *statsRecorder) record(e Exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	s.requests[e.Route]++
	s.statuses[e.Status]++
	if e.Principal != "" {
		s.principals[e.Principal]++
	}
	if len(s.exchanges) < maxExchanges {
		s.exchanges = append(s.exchanges, e)
	}
}

// operationFault counts one operation failed on purpose.
func (s *statsRecorder) operationFault() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opFaults++
}

// token counts one request carrying a valid token of tenant. Only a hash of
// the token is kept.
func (s *statsRecorder) token(tenant, token string) {
	h := sha256.Sum256([]byte(token))
	s.mu.Lock()
	defer s.mu.Unlock()
	set := s.tokens[tenant]
	if set == nil {
		set = make(map[[32]byte]struct{})
		s.tokens[tenant] = set
	}
	set[h] = struct{}{}
	t := s.tenants[tenant]
	t.Tokens = len(set)
	t.Requests++
	s.tenants[tenant] = t
}

// Stats returns a snapshot of the catalog's counters.
func (c *Catalog) Stats() Stats {
	s := &c.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		Requests:   maps.Clone(s.requests),
		Principals: maps.Clone(s.principals),
		Tenants:    maps.Clone(s.tenants),
		Statuses:   maps.Clone(s.statuses),
		Total:      s.total,

		OperationFaults: s.opFaults,
	}
}

// Exchanges returns a copy of the catalog's exchange log, oldest first.
func (c *Catalog) Exchanges() []Exchange {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	return append([]Exchange(nil), c.stats.exchanges...)
}

// ResetStats clears the counters and the exchange log.
func (c *Catalog) ResetStats() { c.stats.reset() }
