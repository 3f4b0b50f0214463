package gdp_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestDeliverFromDirectoryAndSeq delivers an order whose items are files of
// a directory tree (assets next to each item file), then the same items
// from an iterator that also yields a read error.
func TestDeliverFromDirectoryAndSeq(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	root := t.TempDir()
	items := ordertest.LoadNAIP(t, 8)
	for i, it := range items {
		dir := filepath.Join(root, []string{"a", "b"}[i%2], it.ID)
		ordertest.WithLocalAssets(t, []*stac.Item{it}, dir)
		for _, a := range it.Assets { // relative to the item's own file
			a.Href = filepath.ToSlash(filepath.Join(it.ID, a.Href[len(it.ID)+1:]))
		}
		b, _ := json.Marshal(it)
		if err := os.WriteFile(filepath.Join(dir, it.ID+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(root, "a", "broken.json"), []byte("{not json"), 0o644)
	order := gdp.Order{Collection: gdp.CollectionFor("naip-dir", "d", "proprietary", items), Items: gdp.Directory(root)}
	if got := order.Items.Count(); got != 9 {
		t.Fatalf("Count = %d, want 9", got)
	}
	rep, err := gdp.Deliver(context.Background(), env.Client, order, &gdp.DeliverOptions{Stager: env.Stager})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 8 || rep.Failed != 1 || rep.FailedItems()[0].Message == "" {
		t.Fatalf("directory: created %d failed %+v", rep.Created, rep.FailedItems())
	}

	// The same items from an iterator: already there, one read error.
	seq := func(yield func(*stac.Item, error) bool) {
		for it, err := range gdp.Directory(root).All() {
			if err != nil {
				err = errors.New("upstream read failed")
			}
			if !yield(it, err) {
				return
			}
		}
	}
	rep, err = gdp.Deliver(context.Background(), env.Client, gdp.Order{Collection: order.Collection, Items: gdp.ItemSeq(seq, root)}, &gdp.DeliverOptions{Stager: env.Stager})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 8 || rep.Failed != 1 || rep.FailedItems()[0].Message != "upstream read failed" {
		t.Fatalf("iterator: unchanged %d failed %+v", rep.Unchanged, rep.FailedItems())
	}
}
