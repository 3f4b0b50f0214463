package geocatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// assetServer serves small files over plain http for the emulator to copy.
func assetServer(t testing.TB) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/tiff")
		_, _ = io.WriteString(w, "asset bytes of "+r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newItem(id, collection string, lon, lat float64, when time.Time, props map[string]any) *stac.Item {
	it := stac.NewItem(id)
	it.Collection = collection
	g, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
	it.Geometry = stac.Geometry(g)
	it.BBox = []float64{lon, lat, lon, lat}
	it.Properties.Datetime = &when
	for k, v := range props {
		_ = it.Properties.Set(k, v)
	}
	return it
}

func countPaths(cat *geocatalogtest.Catalog, prefix string) int {
	n := 0
	for _, e := range cat.Exchanges() {
		if strings.HasPrefix(e.Path, prefix) {
			n++
		}
	}
	return n
}

func TestCollectionItemLifecycle(t *testing.T) {
	srv, client := newEmulator(t, nil)
	assets := assetServer(t)
	ctx := context.Background()
	s := client.STAC()

	lp, err := s.GetLandingPage(ctx, nil)
	if err != nil || lp.Type != "Catalog" {
		t.Fatalf("landing page %+v %v", lp.LandingPage, err)
	}
	conf, err := s.GetConformance(ctx, nil)
	if err != nil || len(conf.ConformsTo) == 0 {
		t.Fatalf("conformance %v %v", conf, err)
	}

	res := await(s.BeginCreateCollection(ctx, testCollection("life"), nil)).done(t)
	if !res.Operation.Status.IsSucceeded() {
		t.Errorf("create collection operation %+v", res.Operation)
	}
	if _, err := await(s.BeginCreateCollection(ctx, testCollection("life"), nil)).result(); !geocatalog.IsConflict(err) {
		t.Errorf("second create: %v, want a conflict", err)
	}
	got, err := s.GetCollection(ctx, "life", nil)
	if err != nil || got.ID != "life" {
		t.Fatalf("GetCollection: %+v %v", got.ID, err)
	}
	list, err := s.NewListCollectionsPager(nil).NextPage(ctx)
	if err != nil || len(list.Collections) != 1 {
		t.Fatalf("ListCollections: %d %v", len(list.Collections), err)
	}

	// Partition type: only before items are loaded.
	if _, err := s.ReplacePartitionType(ctx, "life", geocatalog.PartitionType{Scheme: geocatalog.PartitionSchemeYear}, nil); err != nil {
		t.Fatal(err)
	}
	if pt, err := s.GetPartitionType(ctx, "life", nil); err != nil || pt.Scheme != geocatalog.PartitionSchemeYear {
		t.Fatalf("partition type %v %v", pt, err)
	}

	t0 := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	a := newItem("item-a", "life", 10, 50, t0, map[string]any{"eo:cloud_cover": 5, "platform": "x"})
	a.Assets = map[string]*stac.Asset{"image": {Href: assets.URL + "/a.tif", Type: "image/tiff", Roles: []string{"data"}}}
	b := newItem("item-b", "life", 20, 40, t0.AddDate(0, 1, 0), map[string]any{"eo:cloud_cover": 50, "platform": "y"})
	c := newItem("item-c", "life", -70, -30, t0.AddDate(1, 0, 0), map[string]any{"eo:cloud_cover": 90, "platform": "y"})
	ir := await(s.BeginCreateItem(ctx, "life", a, nil)).done(t)
	if ir.Operation.Type == "" || !ir.Operation.Status.IsSucceeded() {
		t.Errorf("create item operation %+v", ir.Operation)
	}
	await(s.BeginCreateItems(ctx, "life", []*stac.Item{b, c}, nil)).done(t)

	// Creating an existing item fails with ItemAlreadyExistsInCollection.
	_, err = await(s.BeginCreateItem(ctx, "life", b, nil)).result()
	var oe *geocatalog.OperationError
	if !errors.As(err, &oe) || oe.Code != "ItemAlreadyExistsInCollection" || !geocatalog.IsConflict(err) {
		t.Errorf("duplicate create: %v", err)
	}

	// The asset was copied into managed storage; reading it needs a SAS.
	gi, err := s.GetItem(ctx, "life", "item-a", nil)
	if err != nil {
		t.Fatal(err)
	}
	href := gi.Assets["image"].Href
	if !strings.HasPrefix(href, srv.BlobURL) {
		t.Fatalf("asset href %s not on managed storage %s", href, srv.BlobURL)
	}
	if resp, err := srv.Client().Get(href); err != nil || resp.StatusCode == http.StatusOK {
		t.Errorf("unsigned read: %v %v", resp.StatusCode, err)
	}
	signed := gi.Item.Clone()
	if _, err := client.SAS().SignItem(ctx, signed, nil); err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Get(signed.Assets["image"].Href)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("signed read: %v %v", resp, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "asset bytes of /a.tif" {
		t.Errorf("asset content %q", body)
	}
	perHref := gi.Item.Clone()
	if _, err := client.SAS().SignItem(ctx, perHref, &geocatalog.SignItemOptions{PerHref: true}); err != nil {
		t.Fatal(err)
	}
	if resp, err := srv.Client().Get(perHref.Assets["image"].Href); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("per-href signed read: %v %v", resp, err)
	}

	// Replace and merge-patch.
	b2 := b.Clone()
	_ = b2.Properties.Set("platform", "z")
	await(s.BeginReplaceItem(ctx, "life", "item-b", b2, nil)).done(t)
	await(s.BeginUpdateItem(ctx, "life", "item-c", map[string]any{"properties": map[string]any{"eo:cloud_cover": 1}}, nil)).done(t)
	gb, err := s.GetItem(ctx, "life", "item-b", nil)
	if err != nil || prop(gb.Item, "platform") != `"z"` {
		t.Errorf("replaced item platform %s %v", prop(gb.Item, "platform"), err)
	}
	gc, err := s.GetItem(ctx, "life", "item-c", nil)
	if err != nil || prop(gc.Item, "eo:cloud_cover") != "1" || prop(gc.Item, "platform") != `"y"` {
		t.Errorf("patched item: cloud %s platform %s %v", prop(gc.Item, "eo:cloud_cover"), prop(gc.Item, "platform"), err)
	}

	ids := func(req *stac.SearchRequest) []string {
		t.Helper()
		var out []string
		for it, err := range s.SearchItems(ctx, req, nil) {
			if err != nil {
				t.Fatalf("search %+v: %v", req, err)
			}
			out = append(out, it.ID)
		}
		return out
	}
	eq := func(name string, got []string, want ...string) {
		t.Helper()
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	all := &stac.SearchRequest{Collections: []string{"life"}, SortBy: []stac.SortBy{{Field: "id", Direction: stac.SortAsc}}}
	eq("all", ids(all), "item-a", "item-b", "item-c")
	r := all.Clone()
	r.IDs = []string{"item-c", "item-a"}
	eq("ids", ids(r), "item-a", "item-c")
	r = all.Clone()
	r.BBox = []float64{0, 30, 30, 60}
	eq("bbox", ids(r), "item-a", "item-b")
	r = all.Clone()
	r.Intersects = stac.Geometry(`{"type":"Polygon","coordinates":[[[-80,-40],[-60,-40],[-60,-20],[-80,-20],[-80,-40]]]}`)
	eq("intersects", ids(r), "item-c")
	r = all.Clone()
	r.Datetime = stac.DatetimeInterval(t0, t0.AddDate(0, 2, 0))
	eq("interval", ids(r), "item-a", "item-b")
	r.Datetime = stac.DatetimeFrom(t0.AddDate(0, 0, 1))
	eq("open end", ids(r), "item-b", "item-c")
	r.Datetime = stac.DatetimeUntil(t0)
	eq("open start", ids(r), "item-a")
	r.Datetime = stac.DatetimeInstant(t0)
	eq("instant", ids(r), "item-a")
	r = all.Clone()
	r.Filter = json.RawMessage(`{"op":"<","args":[{"property":"eo:cloud_cover"},10]}`)
	r.FilterLang = stac.FilterLangCQL2JSON
	eq("cql2 filter", ids(r), "item-a", "item-c")
	r = all.Clone()
	r.Query = map[string]any{"platform": map[string]any{"eq": "y"}}
	eq("query", ids(r), "item-c")
	r = &stac.SearchRequest{Collections: []string{"life"}, SortBy: []stac.SortBy{{Field: "datetime", Direction: stac.SortDesc}}}
	eq("sortby desc", ids(r), "item-c", "item-b", "item-a")
	r = all.Clone()
	r.Fields = &stac.Fields{Include: []string{"id"}, Exclude: []string{"properties.platform"}}
	for it, err := range s.SearchItems(ctx, r, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if it.Properties.Has("platform") {
			t.Errorf("fields: %s kept platform", it.ID)
		}
	}
	// Signed search: hrefs carry a SAS.
	for it, err := range s.SearchItems(ctx, &stac.SearchRequest{IDs: []string{"item-a"}}, &geocatalog.SearchOptions{Sign: &geocatalog.SignOption{Duration: time.Hour}}) {
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(it.Assets["image"].Href, "sig=") {
			t.Errorf("signed search href %s", it.Assets["image"].Href)
		}
	}
	// Items pager with bbox and datetime.
	n := 0
	for it, err := range s.ListItems(ctx, "life", &geocatalog.ListItemsOptions{BBox: []float64{0, 30, 30, 60}, Datetime: stac.DatetimeFrom(t0.AddDate(0, 0, 1)), Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		if it.ID != "item-b" {
			t.Errorf("list items filter gave %s", it.ID)
		}
		n++
	}
	if n != 1 {
		t.Errorf("list items filter gave %d items", n)
	}

	await(s.BeginDeleteItem(ctx, "life", "item-b", nil)).done(t)
	if _, err := s.GetItem(ctx, "life", "item-b", nil); !geocatalog.IsNotFound(err) {
		t.Errorf("deleted item: %v", err)
	}
	await(s.BeginDeleteCollection(ctx, "life", nil)).done(t)
	if _, err := s.GetCollection(ctx, "life", nil); !geocatalog.IsNotFound(err) {
		t.Errorf("deleted collection: %v", err)
	}
}

func TestSASTokenCache(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	await(client.STAC().BeginCreateCollection(ctx, testCollection("sas-col"), nil)).done(t)
	cat := srv.DefaultCatalog()
	before := countPaths(cat, "/sas/token/sas-col")
	var wg sync.WaitGroup
	toks := make([]geocatalog.GetTokenResponse, 16)
	errs := make([]error, 16)
	for i := range toks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			toks[i], errs[i] = client.SAS().GetToken(ctx, "sas-col", nil)
		}()
	}
	wg.Wait()
	for i := range toks {
		if errs[i] != nil || toks[i].Token == "" || toks[i].Token != toks[0].Token {
			t.Fatalf("token %d: %v %q", i, errs[i], toks[i].Token)
		}
	}
	if _, err := client.SAS().GetToken(ctx, "sas-col", nil); err != nil {
		t.Fatal(err)
	}
	if got := countPaths(cat, "/sas/token/sas-col") - before; got != 1 {
		t.Errorf("17 Token calls sent %d requests, want 1", got)
	}
	if time.Until(toks[0].Expiry) < 10*time.Minute {
		t.Errorf("expiry %v", toks[0].Expiry)
	}
	if _, err := client.SAS().GetToken(ctx, "sas-col", &geocatalog.GetTokenOptions{Refresh: true}); err != nil {
		t.Fatal(err)
	}
	if got := countPaths(cat, "/sas/token/sas-col") - before; got != 2 {
		t.Errorf("Refresh: %d requests, want 2", got)
	}
	if _, err := client.SAS().RevokeToken(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := client.SAS().GetToken(ctx, "sas-col", nil); err != nil {
		t.Fatal(err)
	}
	if got := countPaths(cat, "/sas/token/sas-col") - before; got != 3 {
		t.Errorf("after Revoke: %d requests, want 3 (cache emptied)", got)
	}
	if _, err := client.SAS().GetToken(ctx, "no-such-collection", nil); !geocatalog.IsNotFound(err) {
		t.Errorf("token of a missing collection: %v", err)
	}
}

func prop(it stac.Item, name string) string {
	v, _ := it.Properties.Get(name)
	return string(v)
}
