package geocatalog

import (
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// validateItem applies the stac package's item rules (a *stac.ValidationError
// listing every problem).
func validateItem(item *stac.Item) error { return stac.ValidateItem(item) }

// validateCollection applies the stac package's collection rules.
func validateCollection(col *stac.Collection) error { return stac.ValidateCollection(col) }
