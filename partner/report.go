package partner

import (
	"sort"
	"time"
)

// Codes of failures the write path finds itself (the others are the
// catalog's error and operation codes, such as ItemAlreadyExistsInCollection,
// InvalidAssetHref or Forbidden).
const (
	CodeInvalidItem  = "InvalidItem"  // the item fails validation or cannot be read
	CodeStagingError = "StagingError" // an asset file could not be staged
	CodeDuplicateID  = "DuplicateItemID"
	CodeCanceled     = "Canceled"
)

// ItemResult is the outcome of one item of a write.
type ItemResult struct {
	// Index is the item's position in the input (0-based).
	Index int `json:"index"`
	// ID is the item id ("" when the input could not be decoded).
	ID      string  `json:"id"`
	Outcome Outcome `json:"outcome"`
	// Hash is the item's content hash (see ContentHash).
	Hash string `json:"hash,omitempty"`
	// OperationID is the catalog operation that wrote (or failed) the item.
	OperationID string `json:"operationId,omitempty"`
	// Code and Message explain a failure.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// FromJournal is set when the journal showed the item already delivered
	// with this content: nothing was sent for it.
	FromJournal bool `json:"fromJournal,omitempty"`
	// Err is the failure, for errors.As.
	Err error `json:"-"`
}

// Report is the result of a write: one ItemResult per input item, totals,
// timings and the manifest of staged assets.
type Report struct {
	Collection string        `json:"collection"`
	Items      []ItemResult  `json:"items"`
	Created    int           `json:"created"`
	Replaced   int           `json:"replaced"`
	Unchanged  int           `json:"unchanged"`
	Failed     int           `json:"failed"`
	Started    time.Time     `json:"started"`
	Finished   time.Time     `json:"finished"`
	Duration   time.Duration `json:"duration"`
	// Requests counts the catalog calls the write made (creates, replaces,
	// lookups, operation polls), not counting azcore retries.
	Requests int64 `json:"requests"`
	// Batches counts the creates sent (ItemCollections and single items).
	Batches int64 `json:"batches"`
	// Resent counts items sent again after a failed operation or call.
	Resent int64 `json:"resent"`
	// Timings adds up the time spent in each phase, over all goroutines
	// (so they can exceed Duration).
	Timings Timings `json:"timings"`
	// Throttled counts 429 answers seen by the Pacer during the write.
	Throttled int64     `json:"throttled"`
	Manifest  *Manifest `json:"-"`
}

// Total returns the number of items.
func (r *Report) Total() int { return len(r.Items) }

// ItemsPerSecond returns the delivered items (all but failed) per second.
func (r *Report) ItemsPerSecond() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Created+r.Replaced+r.Unchanged) / r.Duration.Seconds()
}

// FailedItems returns the failed results.
func (r *Report) FailedItems() []ItemResult {
	var out []ItemResult
	for _, it := range r.Items {
		if it.Outcome == OutcomeFailed {
			out = append(out, it)
		}
	}
	return out
}

func (r *Report) finish(results []ItemResult) {
	sort.Slice(results, func(i, j int) bool { return results[i].Index < results[j].Index })
	r.Items = results
	for _, it := range results {
		switch it.Outcome {
		case OutcomeCreated:
			r.Created++
		case OutcomeReplaced:
			r.Replaced++
		case OutcomeUnchanged:
			r.Unchanged++
		default:
			r.Failed++
		}
	}
	r.Finished = time.Now()
	r.Duration = r.Finished.Sub(r.Started)
}

// Timings are cumulative durations of a write's phases.
type Timings struct {
	// Prepare is validation, local file checksums and content hashes.
	Prepare time.Duration `json:"prepare"`
	// Lookup is the search for items already stored.
	Lookup time.Duration `json:"lookup"`
	// Staging is the upload of local asset files.
	Staging time.Duration `json:"staging"`
	// Write is the creates and replaces, including awaiting their operations.
	Write time.Duration `json:"write"`
}
