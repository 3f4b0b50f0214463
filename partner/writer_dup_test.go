package partner_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/paulmach/orb"
)

// TestWriterDuplicateIDFailsAlone: an id that appears twice in one input is
// written once (its first occurrence); the repeat fails alone with a reason.
func TestWriterDuplicateIDFailsAlone(t *testing.T) {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	col := stac.NewCollection("dups", "Duplicate ids.", "proprietary", stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil))
	poller, err := client.STAC().BeginCreateCollection(ctx, col, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := poller.PollUntilDone(ctx, nil); err != nil {
		t.Fatal(err)
	}
	item := func(id string, v float64) *stac.Item {
		it := stac.NewItem(id)
		it.Geometry = stac.MustGeometry(orb.Point{1, 2})
		it.BBox = []float64{1, 2, 1, 2}
		dt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		it.Properties.Datetime = &dt
		_ = it.Properties.Set("v", v)
		return it
	}
	items := []*stac.Item{item("a", 1), item("b", 2), item("a", 3), item("c", 4)}
	rep, err := partner.NewWriter(client, &partner.WriterOptions{MaxBatchItems: 2}).WriteItems(ctx, "dups", items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created != 3 || rep.Failed != 1 || rep.Total() != 4 {
		t.Fatalf("created %d failed %d total %d", rep.Created, rep.Failed, rep.Total())
	}
	f := rep.FailedItems()[0]
	if f.Index != 2 || f.ID != "a" || !strings.Contains(f.Message, "more than once") {
		t.Fatalf("failure: %+v", f)
	}
	got, err := client.STAC().GetItem(ctx, "dups", "a", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := got.Properties.Float("v"); v != 1 {
		t.Fatalf("stored a has v=%v, want the first occurrence (1)", v)
	}
}
