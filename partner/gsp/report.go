package gsp

import (
	"time"

	"github.com/geocatalog-partner/sdk-go/partner"
)

// SourceOutcome is what happened to one source item.
type SourceOutcome string

// Outcomes of a source item.
const (
	// SourceDone: processed, and every derived item is in the output
	// collection (created, replaced or unchanged).
	SourceDone SourceOutcome = "done"
	// SourceFailed: the processor failed, an asset could not be read, or a
	// derived item could not be written. Err says why.
	SourceFailed SourceOutcome = "failed"
	// SourceSkipped: the journal shows the source item done by an earlier
	// run of the job.
	SourceSkipped SourceOutcome = "skipped"
	// SourceDryRun: processed in a dry run; nothing was written.
	SourceDryRun SourceOutcome = "dry-run"
)

// SourceResult is the result of one source item.
type SourceResult struct {
	// Collection and ItemID name the source item.
	Collection string `json:"collection"`
	ItemID     string `json:"item"`
	// Outcome is what happened.
	Outcome SourceOutcome `json:"outcome"`
	// Derived are the results of its derived items (write outcomes; in a
	// dry run, only their IDs).
	Derived []partner.ItemResult `json:"derived,omitempty"`
	// Message says why the source failed (no secrets).
	Message string `json:"message,omitempty"`
	// Duration is the processing time (processor plus write).
	Duration time.Duration `json:"duration"`
	// Err is the error of a failed source.
	Err error `json:"-"`
}

// Report is the outcome of Run for one shard.
type Report struct {
	// Shard is the shard that ran.
	Shard Shard `json:"shard"`
	// OutputCollection is where derived items were written.
	OutputCollection string `json:"outputCollection"`
	// DryRun is set when nothing was written.
	DryRun bool `json:"dryRun,omitempty"`
	// Sources has one result per source item of the shard that Run
	// reached, in the order they finished.
	Sources []SourceResult `json:"sources"`
	// Searched counts the items the search returned (every shard's; with
	// a Manifest, the items of the shard fetched by ID).
	Searched int `json:"searched"`
	// Done, Failed, Skipped and DryRuns count Sources by outcome.
	Done    int `json:"done"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
	DryRuns int `json:"dryRuns,omitempty"`
	// DerivedItems counts the derived items written (or, in a dry run,
	// made).
	DerivedItems int `json:"derivedItems"`
	// Started, Finished and Duration time the run.
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Duration time.Duration `json:"duration"`
	// Stopped says why the run stopped early ("" when it completed).
	Stopped string `json:"stopped,omitempty"`
}

func (r *Report) add(res SourceResult) {
	r.Sources = append(r.Sources, res)
	switch res.Outcome {
	case SourceDone:
		r.Done++
		r.DerivedItems += len(res.Derived)
	case SourceFailed:
		r.Failed++
	case SourceSkipped:
		r.Skipped++
	case SourceDryRun:
		r.DryRuns++
		r.DerivedItems += len(res.Derived)
	}
}

// FailedSources returns the results of the sources that failed.
func (r *Report) FailedSources() []SourceResult {
	var out []SourceResult
	for _, s := range r.Sources {
		if s.Outcome == SourceFailed {
			out = append(out, s)
		}
	}
	return out
}
