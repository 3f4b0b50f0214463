package geocatalog

import (
	"strings"
	"unicode"
)

// maxIDLength is the longest path identifier the service accepts.
const maxIDLength = 500

// checkID rejects identifiers that cannot name a resource: empty, longer
// than 500 characters, surrounded by spaces, holding control characters, or
// "." / "..". Other characters are allowed and escaped in paths; the STAC
// validators apply the finer item and collection id rules before writes.
func checkID(op, param, id string) error {
	reason := ""
	switch {
	case id == "":
		reason = "must not be empty"
	case len(id) > maxIDLength:
		reason = "longer than 500 characters"
	case id == "." || id == "..":
		reason = "must not be . or .."
	case strings.TrimSpace(id) != id:
		reason = "must not start or end with white space"
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		reason = "must not contain control characters"
	}
	if reason == "" {
		return nil
	}
	return &InvalidArgumentError{Op: op, Param: param, Reason: reason}
}
