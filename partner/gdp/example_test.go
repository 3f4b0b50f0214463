package gdp_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/paulmach/orb"
)

// Deliver an order of two items whose assets sit at URLs the catalog can
// read (no staging needed), then deliver it again: the second delivery finds
// both items unchanged and writes nothing.
func ExampleDeliver() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	// The provider's storage, serving the asset files.
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("pixels of " + r.URL.Path))
	}))
	defer storage.Close()

	var items []*stac.Item
	for i, day := range []int{3, 4} {
		it := stac.NewItem(fmt.Sprintf("scene-%d", i))
		b := orb.Bound{Min: orb.Point{10 + float64(i), 45}, Max: orb.Point{11 + float64(i), 46}}
		it.Geometry = stac.MustGeometry(b.ToPolygon())
		it.BBox = []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		t := time.Date(2026, 11, day, 10, 0, 0, 0, time.UTC)
		it.Properties.Datetime = &t
		it.Assets["visual"] = &stac.Asset{Href: storage.URL + "/scene-" + fmt.Sprint(i) + ".tif", Type: "image/tiff", Roles: []string{"data"}}
		items = append(items, it)
	}
	order := gdp.Order{
		Collection: gdp.CollectionFor("orders-2026-11", "Imagery ordered in November 2026.", "proprietary", items),
		Items:      gdp.ItemSlice(items),
	}

	ctx := context.Background()
	for range 2 {
		rep, err := gdp.Deliver(ctx, client, order, &gdp.DeliverOptions{Customer: "contoso"})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("created %d, replaced %d, unchanged %d, failed %d\n", rep.Created, rep.Replaced, rep.Unchanged, rep.Failed)
	}
	// Output:
	// created 2, replaced 0, unchanged 0, failed 0
	// created 0, replaced 0, unchanged 2, failed 0
}
