package gdp

import (
	"context"
	"sync"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// Target is one customer of DeliverMany: its catalog client (built for the
// customer's tenant, e.g. by tenancy) and its own journal, pacing and staging.
type Target struct {
	// Name identifies the customer in reports and audit records.
	Name string
	// TenantID labels the audit records.
	TenantID string
	// Client is the customer's catalog client.
	Client *geocatalog.Client
	// JournalPath is this customer's journal ("" for none).
	JournalPath string
	// Pacer paces this customer's requests; nil means DeliverManyOptions.Rate
	// (a new Pacer per customer). For the customer-wide back-off to see
	// every 429 (including those azcore retries), build Client with
	// Pacer.Policy() in its ClientOptions.PerRetryPolicies; otherwise only
	// the 429s that outlive azcore's retries pause the customer.
	Pacer *partner.Pacer
	// Stager, when set, replaces DeliverManyOptions.Stager for this customer.
	Stager *partner.Stager
}

// DeliverManyOptions configures DeliverMany. A nil *DeliverManyOptions
// means the defaults.
type DeliverManyOptions struct {
	// Deliver is the per-customer template (its Journal, JournalPath, Pacer,
	// Customer and TenantID are replaced by the target's).
	Deliver DeliverOptions
	// Rate is the request rate per customer when a target has no Pacer
	// (0: no pacing).
	Rate float64
	// MaxCustomers bounds the customers delivered at once (default: all).
	MaxCustomers int
}

// DeliverMany delivers one order to many customers at once, each through its
// own client, Pacer and journal, so that one customer's throttling (429 and
// its back-off), failure or revoked access neither slows nor stops the
// others. The result maps each target's Name to its report (never nil);
// a customer's failure is in its Report.Err.
func DeliverMany(ctx context.Context, targets []Target, order Order, options *DeliverManyOptions) map[string]*Report {
	var o DeliverManyOptions
	if options != nil {
		o = *options
	}
	limit := o.MaxCustomers
	if limit <= 0 {
		limit = len(targets)
	}
	sem := make(chan struct{}, max(1, limit))
	out := make(map[string]*Report, len(targets))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			opts := o.Deliver
			opts.Journal, opts.JournalPath = nil, t.JournalPath
			opts.Customer, opts.TenantID = t.Name, t.TenantID
			opts.Pacer = t.Pacer
			if opts.Pacer == nil {
				opts.Pacer = partner.NewPacer(o.Rate)
			}
			if t.Stager != nil {
				opts.Stager = t.Stager
			}
			rep, err := Deliver(ctx, t.Client, order, &opts)
			if rep == nil {
				rep = &Report{Customer: t.Name, Err: err}
			}
			mu.Lock()
			out[t.Name] = rep
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
