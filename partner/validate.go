package partner

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Service limits on one item (GeoCatalog error codes ItemSizeExceeded and
// TotalAssetsExceeded).
const (
	MaxItemBytes  = 1 << 20
	MaxItemAssets = 100
)

// InvalidItemError lists why an item cannot be written. The Writer reports
// it as a failed item with code CodeInvalidItem, before sending anything.
type InvalidItemError struct {
	ItemID   string
	Problems []string
}

// Error lists every problem of the item.
func (e *InvalidItemError) Error() string {
	return fmt.Sprintf("partner: item %q is invalid: %s", e.ItemID, strings.Join(e.Problems, "; "))
}

// validateItem checks what the service would refuse: the id rules, the
// members it requires and the asset count (prepare checks the 1 MB size on
// the item's JSON, which it encodes once). It is deliberately
// lenient on everything else: real catalogs hold items that fail the STAC
// schema.
func validateItem(it *stac.Item) error {
	if it == nil {
		return &InvalidItemError{Problems: []string{"item is null"}}
	}
	var p []string
	if !validItemID(it.ID) {
		p = append(p, fmt.Sprintf("id %q must be 1-64 characters of letters, digits, '-', '_' or '.'", it.ID))
	}
	if it.Type != "Feature" {
		p = append(p, fmt.Sprintf("type is %q, not Feature", it.Type))
	}
	if len(it.Geometry) == 0 {
		p = append(p, "geometry is missing")
	} else if !json.Valid(it.Geometry) {
		p = append(p, "geometry is not valid JSON")
	}
	if !it.Properties.Has("datetime") && !(it.Properties.Has("start_datetime") && it.Properties.Has("end_datetime")) {
		p = append(p, "properties need datetime, or start_datetime and end_datetime")
	}
	if len(it.Assets) > MaxItemAssets {
		p = append(p, fmt.Sprintf("%d assets; the limit is %d", len(it.Assets), MaxItemAssets))
	}
	for k, a := range it.Assets {
		if a == nil || a.Href == "" {
			p = append(p, fmt.Sprintf("asset %q has no href", k))
		}
	}
	if len(p) > 0 {
		return &InvalidItemError{ItemID: it.ID, Problems: p}
	}
	return nil
}

func validItemID(id string) bool {
	if len(id) < 1 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}
