package partner

import (
	"context"
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// catalogCalls makes the Writer's catalog calls through a geocatalog.Client:
// paced (unless the Pacer is installed in the client's pipeline), counted,
// and with operations awaited by polling under the same pacing.
type catalogCalls struct {
	stac     *geocatalog.STACClient
	pacer    *Pacer
	requests atomic.Int64
	batches  atomic.Int64

	lookupNanos, writeNanos atomic.Int64
	opNanos                 atomic.Int64 // moving average of operation durations
}

func since(t time.Time, into *atomic.Int64) { into.Add(int64(time.Since(t))) }

func (c *catalogCalls) wait(ctx context.Context) error {
	c.requests.Add(1)
	if c.pacer == nil || c.pacer.installed.Load() {
		return ctx.Err()
	}
	return c.pacer.wait(ctx)
}

// observe applies the customer-wide back-off when a call ended in 429 after
// azcore's retries, for a Pacer that is not in the pipeline.
func (c *catalogCalls) observe(err error) {
	if c.pacer == nil || c.pacer.installed.Load() || err == nil {
		return
	}
	if geocatalog.IsThrottled(err) {
		c.pacer.observe429(responseHeader(err))
	}
}

// createItems sends one create (an item or an ItemCollection, the items'
// JSON as prepared) and awaits its operation.
func (c *catalogCalls) createItems(ctx context.Context, collection string, items []json.RawMessage) (*geocatalog.Operation, error) {
	defer since(time.Now(), &c.writeNanos)
	p, err := c.beginCreate(ctx, collection, items)
	if err != nil {
		return nil, err
	}
	res, err := await(ctx, c, p)
	return &res.Operation, err
}

// beginCreate sends one create (an item or an ItemCollection) made of the
// items' JSON as prepared: they are not encoded again.
func (c *catalogCalls) beginCreate(ctx context.Context, collection string, items []json.RawMessage) (*runtime.Poller[geocatalog.CreateItemsJSONResponse], error) {
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	c.batches.Add(1)
	p, err := c.stac.BeginCreateItemsJSON(ctx, collection, items, nil)
	if err != nil {
		c.observe(err)
	}
	return p, err
}

// replaceItem replaces one item and awaits its operation.
func (c *catalogCalls) replaceItem(ctx context.Context, collection string, item *stac.Item) (*geocatalog.Operation, error) {
	defer since(time.Now(), &c.writeNanos)
	if err := c.wait(ctx); err != nil {
		return nil, err
	}
	p, err := c.stac.BeginReplaceItem(ctx, collection, item.ID, item, nil)
	if err != nil {
		c.observe(err)
		return nil, err
	}
	res, err := await(ctx, c, p)
	return &res.Operation, err
}

// findItems returns the stored items among ids (one search per 100 ids).
func (c *catalogCalls) findItems(ctx context.Context, collection string, ids []string) (map[string]*stac.Item, error) {
	return c.findItemsPer(ctx, collection, ids, 100)
}

// findItemsPer is findItems with per ids per search request.
func (c *catalogCalls) findItemsPer(ctx context.Context, collection string, ids []string, per int) (map[string]*stac.Item, error) {
	defer since(time.Now(), &c.lookupNanos)
	found := make(map[string]*stac.Item, len(ids))
	for start := 0; start < len(ids); start += per {
		chunk := ids[start:min(start+per, len(ids))]
		pager := c.stac.NewSearchPager(&stac.SearchRequest{Collections: []string{collection}, IDs: chunk, Limit: len(chunk)}, nil)
		for pager.More() {
			if err := c.wait(ctx); err != nil {
				return nil, err
			}
			page, err := pager.NextPage(ctx)
			if err != nil {
				c.observe(err)
				return nil, err
			}
			for _, it := range page.Features {
				if it != nil && (it.Collection == "" || it.Collection == collection) {
					found[it.ID] = it
				}
			}
		}
	}
	return found, nil
}

// await polls an operation to its end, pacing every poll. The first poll
// waits for most of the typical operation duration seen so far (so that a
// single poll usually finds the end); later polls back off from the
// client's polling interval up to maxPollDelay.
func await[T any](ctx context.Context, c *catalogCalls, p *runtime.Poller[T]) (T, error) {
	var zero T
	start := time.Now()
	delay := time.Duration(c.opNanos.Load()) * 8 / 10
	var step time.Duration
	for !p.Done() {
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return zero, ctx.Err()
			case <-t.C:
			}
		}
		if err := c.wait(ctx); err != nil {
			return zero, err
		}
		resp, err := p.Poll(ctx)
		if err != nil {
			c.observe(err)
			return zero, err
		}
		if p.Done() {
			break
		}
		hint := RetryAfter(resp.Header, 100*time.Millisecond)
		if step == 0 {
			step = hint
		} else {
			step = min(maxPollDelay, step*3/2)
		}
		delay = max(hint, step)
	}
	c.observeOpDuration(time.Since(start))
	return p.Result(ctx)
}

// maxPollDelay bounds the back-off between polls of one operation.
const maxPollDelay = 500 * time.Millisecond

// observeOpDuration keeps a moving average of operation durations.
func (c *catalogCalls) observeOpDuration(d time.Duration) {
	for {
		old := c.opNanos.Load()
		next := int64(d)
		if old != 0 {
			next = (old*3 + int64(d)) / 4
		}
		if c.opNanos.CompareAndSwap(old, next) {
			return
		}
	}
}

// responseHeader returns the headers of the response behind an
// *azcore.ResponseError, or none.
func responseHeader(err error) http.Header {
	if re := responseErrorOf(err); re != nil && re.RawResponse != nil {
		return re.RawResponse.Header
	}
	return http.Header{}
}

// requestID returns the service's request id of a failed call, if any.
func requestID(err error) string {
	h := responseHeader(err)
	for _, k := range []string{"x-ms-request-id", "X-Request-ID", "x-azure-ref"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

func statusOf(err error) int {
	if re := responseErrorOf(err); re != nil {
		return re.StatusCode
	}
	return 0
}
