package main

import (
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// deliveryProgress feeds a delivery's progress callback to bar.
func deliveryProgress(bar *progress.Printer) func(gdp.Progress) {
	failed := 0
	return func(p gdp.Progress) {
		if !p.Item.Outcome.Done() {
			failed++
		}
		bar.Update(p.Done, p.Total, failed)
	}
}
