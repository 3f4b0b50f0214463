package geocatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// TestBeginCreateItemsJSON creates items from their JSON as encoded by the
// caller (one item, then an ItemCollection) and refuses what is not a JSON
// object or exceeds 1 MB.
func TestBeginCreateItemsJSON(t *testing.T) {
	_, client := newEmulator(t, nil)
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("rawjson"), nil)).done(t)
	items := loadNAIP(t)[:3]
	raws := make([]json.RawMessage, len(items))
	for i, it := range items {
		it.Collection = "rawjson"
		b, err := it.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		raws[i] = b
	}
	await(s.BeginCreateItemsJSON(ctx, "rawjson", raws[:1], nil)).done(t)
	await(s.BeginCreateItemsJSON(ctx, "rawjson", raws[1:], nil)).done(t)
	for _, it := range items {
		got, err := s.GetItem(ctx, "rawjson", it.ID, nil)
		if err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		if got.ID != it.ID || string(got.Geometry) == "" {
			t.Fatalf("%s: stored %q", it.ID, got.ID)
		}
	}
	big := make(json.RawMessage, 0, 1<<20+16)
	big = append(append(append(big, `{"id":"x","pad":"`...), make([]byte, 1<<20)...), `"}`...)
	for name, bad := range map[string][]json.RawMessage{
		"none": nil, "array": {json.RawMessage(`[1]`)}, "empty": {json.RawMessage(` `)}, "too big": {big},
	} {
		_, err := s.BeginCreateItemsJSON(ctx, "rawjson", bad, nil)
		var ia *geocatalog.InvalidArgumentError
		if !errors.As(err, &ia) {
			t.Errorf("%s: error %v, want an *InvalidArgumentError", name, err)
		}
	}
}
