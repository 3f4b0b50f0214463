package geocatalog

import (
	"encoding/json"
	"fmt"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// maxItemJSON is the largest item document the service accepts
// (ItemSizeExceeded).
const maxItemJSON = 1 << 20

// checkItemForWrite validates an item before a write to collectionID and
// returns its JSON body with "collection" set to collectionID. The caller's
// item is not modified.
func checkItemForWrite(op, param, collectionID string, item *stac.Item) ([]byte, error) {
	bad := func(reason string, err error) error {
		return &InvalidArgumentError{Op: op, Param: param, Reason: reason, Err: err}
	}
	if item == nil {
		return nil, bad("must not be nil", nil)
	}
	if item.Collection != "" && item.Collection != collectionID {
		return nil, bad(fmt.Sprintf("collection %q differs from the target collection %q", item.Collection, collectionID), nil)
	}
	cp := *item
	cp.Collection = collectionID
	if err := validateItem(&cp); err != nil {
		return nil, bad("", err)
	}
	b, err := json.Marshal(cp)
	if err != nil {
		return nil, bad("does not encode", err)
	}
	if len(b) > maxItemJSON {
		return nil, bad(fmt.Sprintf("item JSON is %d bytes, more than the 1 MB the service accepts", len(b)), nil)
	}
	return b, nil
}

// checkCollectionForWrite validates a collection before a write.
func checkCollectionForWrite(op, param string, col *stac.Collection) error {
	if col == nil {
		return &InvalidArgumentError{Op: op, Param: param, Reason: "must not be nil"}
	}
	if err := validateCollection(col); err != nil {
		return &InvalidArgumentError{Op: op, Param: param, Err: err}
	}
	return nil
}
