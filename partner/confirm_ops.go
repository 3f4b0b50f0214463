package partner

import (
	"context"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// Confirmation by operation listing: one GET /inma/operations of the
// collection answers the state of every create in flight, however many
// items they carry, where a search confirms at most confirmIDs ids. The
// confirmer uses it first and falls back to the search when the list is
// refused or fails.
const (
	// minOpsTop and maxOpsTop bound the page size ($top) of an operations
	// list; the service's maximum is 1000.
	minOpsTop = 10
	// opsQuiet is how long the confirmer waits for more creates, while
	// workers are preparing some, before it lists anyway.
	opsQuiet  = 250 * time.Millisecond
	maxOpsTop = 1000
)

// opState is what an operations list says of one pending batch.
type opState int

const (
	opUnknown   opState = iota // not listed, or still Pending or Running
	opSucceeded                // Succeeded with no failed item: created
	opEnded                    // ended otherwise: poll it for the details
)

// listOpStates lists the newest operations of the collection (one page of
// top) and returns the state of each of ids that the page shows, and
// whether the page was full (older operations were left out).
func (c *catalogCalls) listOpStates(ctx context.Context, ic *geocatalog.IngestionClient, collection string, ids map[string]bool, top int) (map[string]opState, bool, error) {
	pager := ic.NewListOperationsPager(&geocatalog.ListOperationsOptions{
		PageOptions:  geocatalog.PageOptions{Top: int64(top)},
		CollectionID: collection,
	})
	if err := c.wait(ctx); err != nil {
		return nil, false, err
	}
	page, err := pager.NextPage(ctx)
	if err != nil {
		c.observe(err)
		return nil, false, err
	}
	states := make(map[string]opState, len(ids))
	for i := range page.Value {
		op := &page.Value[i]
		if !ids[op.ID] {
			continue
		}
		states[op.ID] = stateOf(op)
	}
	return states, len(page.Value) >= top && page.NextLink != "", nil
}

// stateOf classifies an operation for the confirmer.
func stateOf(op *geocatalog.Operation) opState {
	switch {
	case !op.Status.IsTerminal():
		return opUnknown
	case op.Status == geocatalog.OperationStatusSucceeded:
		if n, ok := op.Counter("TotalFailedItems"); ok && n > 0 {
			return opEnded
		}
		return opSucceeded
	default:
		return opEnded
	}
}
