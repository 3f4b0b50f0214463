package geocatalog_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// ExampleNewClient builds a client. Against Azure, pass the catalog's
// endpoint and an azidentity credential (the scope is set by the client);
// here the in-process emulator stands in for the service.
func ExampleNewClient() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()

	// Azure: cred, _ := azidentity.NewDefaultAzureCredential(nil)
	//        client, err := geocatalog.NewClient("https://<name>.<hash>.<region>.geocatalog.spatio.azure.com", cred, nil)
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	conf, err := client.STAC().GetConformance(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.APIVersion(), len(conf.ConformsTo) > 0)

	// A plain-http endpoint or a foreign host is refused.
	_, err = geocatalog.NewClient("http://example.com", srv.Credential(), nil)
	var ia *geocatalog.InvalidArgumentError
	fmt.Println(errors.As(err, &ia))
	// Output:
	// 2026-04-15 true
	// true
}

// ExampleSTACClient_BeginCreateItem creates a collection and an item, both
// long-running operations, and shows how a failed operation surfaces.
func ExampleSTACClient_BeginCreateItem() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, _ := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	ctx := context.Background()
	s := client.STAC()

	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	col := stac.NewCollection("fields", "Field boundaries", "proprietary", stac.Extent{
		Spatial:  stac.SpatialExtent{BBox: [][]float64{{-180, -90, 180, 90}}},
		Temporal: stac.TemporalExtent{Interval: [][2]*time.Time{{&start, nil}}},
	})
	cp, err := s.BeginCreateCollection(ctx, col, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := cp.PollUntilDone(ctx, nil); err != nil {
		log.Fatal(err)
	}

	item := stac.NewItem("field-1")
	item.Geometry = stac.Geometry(`{"type":"Point","coordinates":[5.1,52.1]}`)
	item.BBox = []float64{5.1, 52.1, 5.1, 52.1}
	item.Properties.Datetime = &start

	p, err := s.BeginCreateItem(ctx, "fields", item, nil)
	if err != nil {
		log.Fatal(err) // an *InvalidArgumentError: nothing was sent
	}
	res, err := p.PollUntilDone(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Operation.Type, res.Operation.Status.IsSucceeded())

	// The same item again: the operation fails.
	p, _ = s.BeginCreateItem(ctx, "fields", item, nil)
	_, err = p.PollUntilDone(ctx, nil)
	var opErr *geocatalog.OperationError
	if errors.As(err, &opErr) {
		fmt.Println(opErr.Code, geocatalog.IsConflict(err))
	}
	// Output:
	// AddItem true
	// ItemAlreadyExistsInCollection true
}

// ExampleSTACClient_SearchItems streams every item of a search, page by
// page, with a CQL2-JSON filter.
func ExampleSTACClient_SearchItems() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, _ := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	ctx := context.Background()
	s := client.STAC()

	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	col := stac.NewCollection("scenes", "Scenes", "proprietary", stac.Extent{
		Spatial:  stac.SpatialExtent{BBox: [][]float64{{-180, -90, 180, 90}}},
		Temporal: stac.TemporalExtent{Interval: [][2]*time.Time{{&start, nil}}},
	})
	if p, err := s.BeginCreateCollection(ctx, col, nil); err == nil {
		_, _ = p.PollUntilDone(ctx, nil)
	}
	var items []*stac.Item
	for i := range 5 {
		it := stac.NewItem(fmt.Sprintf("scene-%d", i))
		it.Geometry = stac.Geometry(fmt.Sprintf(`{"type":"Point","coordinates":[%d,10]}`, i))
		it.BBox = []float64{float64(i), 10, float64(i), 10}
		when := start.AddDate(0, i, 0)
		it.Properties.Datetime = &when
		_ = it.Properties.Set("eo:cloud_cover", i*20)
		items = append(items, it)
	}
	if p, err := s.BeginCreateItems(ctx, "scenes", items, nil); err == nil {
		_, _ = p.PollUntilDone(ctx, nil)
	}

	req := &stac.SearchRequest{
		Collections: []string{"scenes"},
		Datetime:    stac.DatetimeFrom(start.AddDate(0, 1, 0)),
		Filter:      []byte(`{"op":"<","args":[{"property":"eo:cloud_cover"},70]}`),
		FilterLang:  stac.FilterLangCQL2JSON,
		SortBy:      []stac.SortBy{{Field: "datetime", Direction: stac.SortAsc}},
		Limit:       1, // one item per page: the iterator follows the next links
	}
	for item, err := range s.SearchItems(ctx, req, nil) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(item.ID)
	}
	// Output:
	// scene-1
	// scene-2
	// scene-3
}

// ExampleSTACClient_NewListCollectionsPager lists the catalog's collections
// the Azure SDK way: a *runtime.Pager of ListCollectionsResponse pages.
func ExampleSTACClient_NewListCollectionsPager() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, _ := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	ctx := context.Background()

	createExampleCollection(ctx, client.STAC(), "fields")
	createExampleCollection(ctx, client.STAC(), "parcels")

	pager := client.STAC().NewListCollectionsPager(nil)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			log.Fatal(err)
		}
		for _, c := range page.Collections {
			fmt.Println(c.ID)
		}
	}
	// Unordered output:
	// fields
	// parcels
}

// ExampleSTACClient_CreateMosaic adds a mosaic to a collection's
// configuration and reads it back: every method takes its own options
// (nil for the defaults) and returns its own response embedding the model.
func ExampleSTACClient_CreateMosaic() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, _ := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	ctx := context.Background()
	s := client.STAC()

	createExampleCollection(ctx, s, "fields")

	created, err := s.CreateMosaic(ctx, "fields", geocatalog.Mosaic{ID: "all", Name: "All fields"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	list, err := s.ListMosaics(ctx, "fields", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(created.ID, created.Name, len(list.Mosaics))
	// Output:
	// all All fields 1
}

// createExampleCollection creates the collection id and waits for it.
func createExampleCollection(ctx context.Context, s *geocatalog.STACClient, id string) {
	start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	p, err := s.BeginCreateCollection(ctx, stac.NewCollection(id, id, "proprietary", stac.Extent{
		Spatial:  stac.SpatialExtent{BBox: [][]float64{{-180, -90, 180, 90}}},
		Temporal: stac.TemporalExtent{Interval: [][2]*time.Time{{&start, nil}}},
	}), nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		log.Fatal(err)
	}
}
