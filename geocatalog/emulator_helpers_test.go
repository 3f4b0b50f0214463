package geocatalog_test

import (
	"bufio"
	"context"
	"os"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

const naipBulk = "../../shared/stac-corpus/items/bulk/pgstac__planetary-computer__naip__items.ndjson"

// newEmulator starts an emulator and a client of its default catalog.
func newEmulator(t testing.TB, opts *geocatalogtest.Options) (*geocatalogtest.Server, *geocatalog.Client) {
	t.Helper()
	srv := geocatalogtest.NewServer(opts)
	t.Cleanup(srv.Close)
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	return srv, client
}

// loadNAIP reads the 1000 real NAIP items of the corpus. Their assets point
// at the public Planetary Computer (offline here), so they are dropped: the
// emulator would try to copy them.
func loadNAIP(t testing.TB) []*stac.Item {
	t.Helper()
	f, err := os.Open(naipBulk)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	var items []*stac.Item
	for sc.Scan() {
		it, err := stac.DecodeItem(append([]byte(nil), sc.Bytes()...))
		if err != nil {
			t.Fatal(err)
		}
		it.Assets = nil
		it.Links = nil
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

func testCollection(id string) *stac.Collection {
	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	return stac.NewCollection(id, "test collection "+id, "proprietary", stac.Extent{
		Spatial:  stac.SpatialExtent{BBox: [][]float64{{-180, -90, 180, 90}}},
		Temporal: stac.TemporalExtent{Interval: [][2]*time.Time{{&start, nil}}},
	})
}

// pending is a Begin* result waiting to be polled: await(s.BeginX(...)).done(t).
type pending[T any] struct {
	p   *runtime.Poller[T]
	err error
}

func await[T any](p *runtime.Poller[T], err error) pending[T] { return pending[T]{p, err} }

// done polls until the operation ends and fails the test on any error.
func (w pending[T]) done(t testing.TB) T {
	t.Helper()
	res, err := w.result()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// result polls until the operation ends.
func (w pending[T]) result() (T, error) {
	if w.err != nil {
		var zero T
		return zero, w.err
	}
	return w.p.PollUntilDone(context.Background(), nil)
}

// seedCollection creates a collection with items, in batches.
func seedCollection(t testing.TB, client *geocatalog.Client, id string, items []*stac.Item, batch int) {
	t.Helper()
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection(id), nil)).done(t)
	for i := 0; i < len(items); i += batch {
		end := min(i+batch, len(items))
		for _, it := range items[i:end] {
			it.Collection = id
		}
		await(s.BeginCreateItems(ctx, id, items[i:end], nil)).done(t)
	}
}

func policyOpts() policy.TokenRequestOptions {
	return policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}}
}
