package geocatalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestSpatialRangesCheckedBeforeSending: a longitude or latitude out of
// range in a search bbox, a list bbox, a search intersects geometry or an
// item geometry is refused with an *InvalidArgumentError and no request;
// an antimeridian-crossing bbox (west > east) is legal STAC and is sent.
func TestSpatialRangesCheckedBeforeSending(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("ranges"), nil)).done(t)
	search := func(r *stac.SearchRequest) error {
		_, err := s.NewSearchPager(r, nil).NextPage(ctx)
		return err
	}
	cases := map[string]func() error{
		"search bbox longitude 200": func() error { return search(&stac.SearchRequest{BBox: []float64{0, 0, 200, 10}}) },
		"search bbox longitude -181": func() error {
			return search(&stac.SearchRequest{BBox: []float64{-181, 0, 10, 10}})
		},
		"search 3D bbox longitude 200": func() error {
			return search(&stac.SearchRequest{BBox: []float64{0, 0, 0, 200, 10, 5}})
		},
		"list items bbox longitude 200": func() error {
			_, err := s.NewListItemsPager("ranges", &geocatalog.ListItemsOptions{BBox: []float64{0, 0, 200, 10}}).NextPage(ctx)
			return err
		},
		"search intersects longitude 200": func() error {
			return search(&stac.SearchRequest{Intersects: stac.Geometry(`{"type":"Polygon","coordinates":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]}`)})
		},
		"search intersects latitude 95": func() error {
			return search(&stac.SearchRequest{Intersects: stac.Geometry(`{"type":"Point","coordinates":[10,95]}`)})
		},
		"create item longitude 200": func() error {
			_, err := s.BeginCreateItem(ctx, "ranges", newItem("far", "ranges", 200, 10, time.Now().UTC(), nil), nil)
			return err
		},
	}
	cat := srv.DefaultCatalog()
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			before := cat.Stats().Total
			err := call()
			var ia *geocatalog.InvalidArgumentError
			if !errors.As(err, &ia) {
				t.Fatalf("got %T %v, want *InvalidArgumentError", err, err)
			}
			var ve *stac.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("no *stac.ValidationError in %v", err)
			}
			if after := cat.Stats().Total; after != before {
				t.Fatalf("%d request(s) reached the emulator", after-before)
			}
		})
	}
	if err := search(&stac.SearchRequest{Collections: []string{"ranges"}, BBox: []float64{170, -10, -170, 10}}); err != nil {
		t.Fatalf("antimeridian bbox refused: %v", err)
	}
}
