package main

import (
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

// jobProgress feeds Watch's task counts to bar: completed of all tasks,
// failed ones counted.
func jobProgress(bar *progress.Printer) func(batch.Progress) {
	return func(p batch.Progress) { bar.Update(p.Completed, p.Tasks, p.Failed) }
}
