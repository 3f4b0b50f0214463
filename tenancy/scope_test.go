package tenancy_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// TestCollectionScope: a customer grants one collection for reading and one
// for writing; its client refuses everything else before sending anything.
func TestCollectionScope(t *testing.T) {
	w := newWorld(t)
	cust := w.addCustomer(t, "scoped", geocatalogtest.RoleAdministrator, true)
	cust.seedCollection(t, "shared", "s1", "s2")
	cust.seedCollection(t, "drop", "d1")
	cust.seedCollection(t, "private", "p1", "p2")
	cust.Collections = []tenancy.CollectionGrant{{ID: "shared", Access: tenancy.AccessRead}, {ID: "drop", Access: tenancy.AccessWrite}}
	app := w.secretApp(t)
	ctx := context.Background()
	cl, err := app.Client(ctx, cust.Customer, nil)
	if err != nil {
		t.Fatal(err)
	}
	cust.cat.ResetStats()

	refused := func(t *testing.T, what string, err error, collection string) {
		t.Helper()
		var ce *tenancy.CollectionNotGrantedError
		if !errors.Is(err, tenancy.ErrCollectionNotGranted) || !errors.As(err, &ce) || ce.Collection != collection || ce.Customer != "scoped" {
			t.Fatalf("%s: want CollectionNotGrantedError for %q, got %v", what, collection, err)
		}
	}
	t.Run("reads outside the grant are refused unsent", func(t *testing.T) {
		_, err := cl.STAC().GetCollection(ctx, "private", nil)
		refused(t, "get collection", err, "private")
		_, err = cl.STAC().GetItem(ctx, "private", "p1", nil)
		refused(t, "get item", err, "private")
		_, err = cl.SAS().GetToken(ctx, "private", nil)
		refused(t, "sas token", err, "private")
		pager := cl.STAC().NewListItemsPager("private", nil)
		_, err = pager.NextPage(ctx)
		refused(t, "list items", err, "private")
		for _, ex := range cust.cat.Exchanges() {
			if strings.Contains(ex.Path, "private") {
				t.Fatalf("a request for the private collection reached the catalog: %s %s", ex.Method, ex.Path)
			}
		}
	})
	t.Run("writes need write access", func(t *testing.T) {
		_, err := cl.STAC().BeginCreateItem(ctx, "shared", newItem(t, "shared", "x"), nil)
		refused(t, "write to read-only", err, "shared")
		_, err = cl.STAC().BeginDeleteCollection(ctx, "private", nil)
		refused(t, "delete other", err, "private")
		_, err = cl.STAC().BeginCreateCollection(ctx, newCollection(t, "new-one"), nil)
		refused(t, "create collection", err, "new-one")
		p, err := cl.STAC().BeginCreateItem(ctx, "drop", newItem(t, "drop", "d2"), nil)
		pollDone(t, p, err)
	})
	t.Run("granted reads work", func(t *testing.T) {
		if _, err := cl.STAC().GetItem(ctx, "shared", "s1", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.SAS().GetToken(ctx, "shared", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := cl.STAC().GetLandingPage(ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("collection list shows granted collections only", func(t *testing.T) {
		list, err := cl.STAC().NewListCollectionsPager(nil).NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range list.Collections {
			ids = append(ids, c.ID)
		}
		sort.Strings(ids)
		if !slices.Equal(ids, []string{"drop", "shared"}) {
			t.Fatalf("listed %v", ids)
		}
	})
	t.Run("searches are confined", func(t *testing.T) {
		var got []string
		for it, err := range cl.STAC().SearchItems(ctx, &stac.SearchRequest{Limit: 100}, nil) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, it.Collection+"/"+it.ID)
		}
		sort.Strings(got)
		if !slices.Equal(got, []string{"drop/d1", "drop/d2", "shared/s1", "shared/s2"}) {
			t.Fatalf("search without collections returned %v", got)
		}
		pager := cl.STAC().NewSearchPager(&stac.SearchRequest{Collections: []string{"shared", "private"}}, nil)
		_, err := pager.NextPage(ctx)
		refused(t, "search naming another collection", err, "private")
		pager = cl.STAC().NewSearchPager(&stac.SearchRequest{IDs: []string{"p1"}}, nil)
		page, err := pager.NextPage(ctx)
		if err != nil || len(page.Features) != 0 {
			t.Fatalf("search by id of a private item: %v, %d features", err, len(page.Features))
		}
	})
	t.Run("the customer's own unscoped access is untouched", func(t *testing.T) {
		if _, err := cust.adminClient(t).STAC().GetItem(ctx, "private", "p1", nil); err != nil {
			t.Fatal(err)
		}
	})
}
