package shardjobtest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// fillSource creates the source collection with n items, each with a
// "data" asset of size bytes (copied into managed storage).
func (e *Env) fillSource(t testing.TB, n, size int) {
	t.Helper()
	ctx := context.Background()
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte(strings.Repeat("x", size)))
	}))
	defer files.Close()
	coll := stac.NewCollection(SourceCollection, "source scenes", "CC-BY-4.0", stac.NewExtent([]float64{0, 0, 10, 10}, nil, nil))
	p, err := e.Admin.STAC().BeginCreateCollection(ctx, coll, nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	var items []*stac.Item
	flush := func() {
		if len(items) == 0 {
			return
		}
		p, err := e.Admin.STAC().BeginCreateItems(ctx, SourceCollection, items, nil)
		if err == nil {
			_, err = p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 10 * time.Millisecond})
		}
		if err != nil {
			t.Fatal(err)
		}
		items = nil
	}
	for i := range n {
		id := fmt.Sprintf("scene-%04d", i)
		it := stac.NewItem(id)
		x, y := float64(i%10), float64(i/10%10)
		it.Geometry = stac.MustGeometry(orb.Polygon{{{x, y}, {x + 1, y}, {x + 1, y + 1}, {x, y + 1}, {x, y}}})
		it.BBox = []float64{x, y, x + 1, y + 1}
		dt := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		it.Properties.Datetime = &dt
		it.Assets["data"] = &stac.Asset{Href: files.URL + "/data/" + id + ".bin", Type: "application/octet-stream", Roles: []string{"data"}}
		items = append(items, it)
		e.IDs = append(e.IDs, id)
		if len(items) == 100 {
			flush()
		}
	}
	flush()
}
