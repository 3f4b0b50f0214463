package gsp

import (
	"strings"
	"time"
)

// MergeReports merges the reports of the shards of one job into one report
// of the whole job (Shard All): every source result, the counts summed, the
// earliest start and latest finish, and the shards' stop reasons, each
// prefixed with its shard. Nil reports are ignored.
func MergeReports(reports ...*Report) *Report {
	out := &Report{Shard: All, Sources: []SourceResult{}}
	var stops []string
	for _, r := range reports {
		if r == nil {
			continue
		}
		if out.OutputCollection == "" {
			out.OutputCollection = r.OutputCollection
		}
		out.DryRun = out.DryRun || r.DryRun
		out.Sources = append(out.Sources, r.Sources...)
		out.Searched += r.Searched
		out.Done += r.Done
		out.Failed += r.Failed
		out.Skipped += r.Skipped
		out.DryRuns += r.DryRuns
		out.DerivedItems += r.DerivedItems
		if !r.Started.IsZero() && (out.Started.IsZero() || r.Started.Before(out.Started)) {
			out.Started = r.Started
		}
		if r.Finished.After(out.Finished) {
			out.Finished = r.Finished
		}
		if r.Stopped != "" {
			stops = append(stops, "shard "+r.Shard.String()+": "+r.Stopped)
		}
	}
	out.Stopped = strings.Join(stops, "; ")
	if !out.Started.IsZero() {
		out.Duration = out.Finished.Sub(out.Started)
	} else {
		out.Duration = time.Duration(0)
	}
	return out
}
