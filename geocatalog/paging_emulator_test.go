package geocatalog_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestPagingNAIP pages the 1000 real NAIP items at several page sizes, with
// the items pager, the search pager and the iterators: every id comes
// exactly once.
func TestPagingNAIP(t *testing.T) {
	srv, client := newEmulator(t, nil)
	items := loadNAIP(t)
	if len(items) != 1000 {
		t.Fatalf("corpus has %d items, want 1000", len(items))
	}
	want := map[string]bool{}
	for _, it := range items {
		want[it.ID] = true
	}
	seedCollection(t, client, "naip", items, 250)
	ctx := context.Background()
	s := client.STAC()

	check := func(t *testing.T, got map[string]int) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("got %d distinct ids, want %d", len(got), len(want))
		}
		for id, n := range got {
			if n != 1 {
				t.Errorf("id %s seen %d times", id, n)
			}
			if !want[id] {
				t.Errorf("unexpected id %s", id)
			}
		}
	}
	for _, size := range []int{1, 7, 100, 1000} {
		t.Run(fmt.Sprintf("items/limit=%d", size), func(t *testing.T) {
			got := map[string]int{}
			pages := 0
			p := s.NewListItemsPager("naip", &geocatalog.ListItemsOptions{Limit: size})
			for p.More() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if len(page.Features) > size {
					t.Fatalf("page of %d items, limit %d", len(page.Features), size)
				}
				for _, it := range page.Features {
					got[it.ID]++
				}
			}
			check(t, got)
			if min := (1000 + size - 1) / size; pages < min {
				t.Errorf("%d pages, want at least %d", pages, min)
			}
		})
		t.Run(fmt.Sprintf("search/limit=%d", size), func(t *testing.T) {
			got := map[string]int{}
			for it, err := range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"naip"}, Limit: size}, nil) {
				if err != nil {
					t.Fatal(err)
				}
				got[it.ID]++
			}
			check(t, got)
		})
	}
	t.Run("MaxItems", func(t *testing.T) {
		n := 0
		for _, err := range s.ListItems(ctx, "naip", &geocatalog.ListItemsOptions{Limit: 7, MaxItems: 20}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 20 {
			t.Errorf("MaxItems 20 gave %d items", n)
		}
		before := srv.DefaultCatalog().Stats().Total
		n = 0
		for range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"naip"}}, &geocatalog.SearchOptions{MaxItems: 5}) {
			n++
		}
		if n != 5 {
			t.Errorf("MaxItems 5 gave %d items", n)
		}
		if got := srv.DefaultCatalog().Stats().Total - before; got != 1 {
			t.Errorf("MaxItems 5 took %d requests, want 1 (limit lowered to MaxItems)", got)
		}
	})
	t.Run("break stops paging", func(t *testing.T) {
		before := srv.DefaultCatalog().Stats().Total
		for range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"naip"}, Limit: 10}, nil) {
			break
		}
		if got := srv.DefaultCatalog().Stats().Total - before; got != 1 {
			t.Errorf("breaking out after one item sent %d requests", got)
		}
	})
}
