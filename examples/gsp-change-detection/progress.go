package main

import (
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// sourceProgress feeds a GSP job's source results to bar. The shard's size
// is unknown until its search ends, so the line shows counts and a rate.
func sourceProgress(bar *progress.Printer) func(gsp.SourceResult) {
	done, failed := 0, 0
	return func(res gsp.SourceResult) {
		done++
		if res.Outcome == gsp.SourceFailed {
			failed++
		}
		bar.Update(done, -1, failed)
	}
}
