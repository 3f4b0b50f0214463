package gdp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// DefaultBulkThreshold is the item count above which an order goes the bulk
// way (static catalog and ingestion run).
const DefaultBulkThreshold = 1000

// DeliverOptions configures Deliver. A nil *DeliverOptions means the
// defaults (no staging: local asset files then fail their items).
type DeliverOptions struct {
	// Stager stages local asset files (and, for bulk orders, the static
	// catalog) into the partner's blob container.
	Stager *partner.Stager
	// Journal records outcomes so that a re-run after a crash does no
	// completed work again; JournalPath opens one (closed at the end) when
	// Journal is nil.
	Journal     *partner.Journal
	JournalPath string
	// Pacer paces this customer's requests (see partner.Pacer).
	Pacer *partner.Pacer
	// Concurrency and MaxBatchItems tune the direct path (see
	// partner.WriterOptions).
	Concurrency   int
	MaxBatchItems int
	// ConfirmByLookup confirms batches by listing the collection's
	// operations (or searching their ids) rather than polling each
	// operation (see partner.WriterOptions).
	ConfirmByLookup bool
	// MaxAttempts bounds the attempts per item after failed operations
	// (see partner.WriterOptions).
	MaxAttempts int
	// BulkThreshold is the item count above which the order goes the bulk
	// way (default DefaultBulkThreshold); a negative value means never.
	// Orders whose count is unknown (ItemSeq) go the direct way.
	BulkThreshold int
	// Ingest tunes the bulk path.
	Ingest *partner.IngestOptions
	// Progress is called after each item's outcome.
	Progress func(Progress)
	// Logger receives the audit records (customer, tenant, collection,
	// item, outcome, operation and request ids; never tokens or SAS).
	Logger *slog.Logger
	// Customer and TenantID label the audit records and the report.
	Customer string
	TenantID string
}

// Progress is a delivery's state after one item.
type Progress struct {
	Customer string
	// Done counts items with an outcome; Total is the order's item count
	// (-1 when unknown).
	Done, Total int
	Item        partner.ItemResult
}

// Report is the outcome of a delivery to one customer.
type Report struct {
	Customer string `json:"customer,omitempty"`
	// CollectionCreated is set when the delivery created the collection.
	CollectionCreated bool `json:"collectionCreated"`
	// Bulk is set when the order went the bulk way; Ingest then names the
	// ingestion runs.
	Bulk   bool                  `json:"bulk"`
	Ingest *partner.IngestResult `json:"ingest,omitempty"`
	// Report has the per-item results, totals and timings.
	*partner.Report
	// Err is the delivery's error (also returned by Deliver).
	Err error `json:"-"`
}

// Deliver delivers an order into the catalog of client: it ensures the
// collection (refusing with a *partner.AccessDeniedError, before any item is
// sent, when the partner may not write there), then writes the items the
// direct way or, above the bulk threshold, through a static catalog and an
// ingestion run. The report is per item; the error is nil unless the
// delivery as a whole stopped.
func Deliver(ctx context.Context, client *geocatalog.Client, order Order, options *DeliverOptions) (*Report, error) {
	var o DeliverOptions
	if options != nil {
		o = *options
	}
	if order.Collection == nil || order.Collection.ID == "" {
		return nil, errNoCollection
	}
	if order.Items == nil {
		return nil, errors.New("gdp: the order has no items")
	}
	if o.BulkThreshold == 0 {
		o.BulkThreshold = DefaultBulkThreshold
	}
	attrs := []slog.Attr{}
	if o.Customer != "" {
		attrs = append(attrs, slog.String("customer", o.Customer))
	}
	if o.TenantID != "" {
		attrs = append(attrs, slog.String("tenant", o.TenantID))
	}
	rep := &Report{Customer: o.Customer}
	ctx, span := spans.Start(ctx, client.Tracer(), "gdp.Deliver", spans.Attr(spans.Customer, o.Customer),
		spans.Attr(spans.Tenant, o.TenantID), spans.Attr(spans.Collection, order.Collection.ID))
	defer endDeliverSpan(span, rep)
	started := time.Now()
	fail := func(err error) (*Report, error) {
		if o.Logger != nil {
			o.Logger.LogAttrs(ctx, slog.LevelError, "gdp.delivery.failed",
				append(attrs, slog.String("collection", order.Collection.ID), slog.String("error", err.Error()))...)
		}
		if rep.Report == nil {
			rep.Report = &partner.Report{Collection: order.Collection.ID, Started: started, Finished: time.Now(), Manifest: &partner.Manifest{}}
			rep.Duration = rep.Finished.Sub(started)
		}
		rep.Err = err
		return rep, err
	}

	journal := o.Journal
	if journal == nil && o.JournalPath != "" {
		j, err := partner.OpenJournal(o.JournalPath)
		if err != nil {
			return fail(err)
		}
		defer j.Close()
		journal = j
	}
	if journal != nil {
		// A journal of another catalog or tenant fails here, before the
		// collection is created or anything else is sent.
		if err := journal.Bind(partner.CatalogBinding(client, o.TenantID, order.Collection.ID)); err != nil {
			return fail(err)
		}
	}

	created, err := ensureCollection(ctx, client, &order, o.Pacer)
	rep.CollectionCreated = created
	if err != nil {
		return fail(err)
	}

	total := order.Items.Count()
	span.SetAttributes(spans.Attr("geocatalog.order_items", total))
	done := 0
	w := partner.NewWriter(client, &partner.WriterOptions{
		Stager: o.Stager, BaseDir: order.Items.BaseDir(), Journal: journal, TenantID: o.TenantID, Pacer: o.Pacer,
		Concurrency: o.Concurrency, MaxBatchItems: o.MaxBatchItems, MaxAttempts: o.MaxAttempts, AssumeNew: created,
		ConfirmByLookup: o.ConfirmByLookup,
		BeforeFirstWrite: func(ctx context.Context) error {
			if created {
				return nil // creating the collection proved write access
			}
			return probeWrite(ctx, client, order.Collection.ID, o.Pacer)
		},
		Logger: o.Logger, LogAttrs: attrs,
		OnItem: func(r partner.ItemResult) {
			done++
			if o.Progress != nil {
				o.Progress(Progress{Customer: o.Customer, Done: done, Total: total, Item: r})
			}
		},
	})
	if o.BulkThreshold > 0 && total > o.BulkThreshold {
		if o.Stager == nil {
			return fail(fmt.Errorf("gdp: an order of %d items goes the bulk way and needs a Stager", total))
		}
		rep.Bulk = true
		var res partner.IngestResponse
		res, err = w.Ingest(ctx, order.Collection.ID, order.Items.All(), o.Ingest)
		rep.Report, rep.Ingest = res.Report, res.Ingest
	} else {
		var res partner.WriteResponse
		res, err = w.Write(ctx, order.Collection.ID, order.Items.All(), nil)
		rep.Report = res.Report
	}
	if err != nil {
		return fail(err)
	}
	if o.Logger != nil {
		o.Logger.LogAttrs(ctx, slog.LevelInfo, "gdp.delivery", append(attrs,
			slog.String("collection", order.Collection.ID), slog.Bool("bulk", rep.Bulk),
			slog.Int("created", rep.Created), slog.Int("replaced", rep.Replaced),
			slog.Int("unchanged", rep.Unchanged), slog.Int("failed", rep.Failed),
			slog.Duration("duration", rep.Duration))...)
	}
	return rep, nil
}
