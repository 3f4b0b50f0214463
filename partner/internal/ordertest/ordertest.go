package ordertest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// NAIPFile is the corpus file of the 1000 NAIP items, relative to the
// repository root.
const NAIPFile = "../shared/stac-corpus/items/bulk/pgstac__planetary-computer__naip__items.ndjson"

// RepoRoot returns the directory of go.mod above the working directory.
func RepoRoot(t testing.TB) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// NAIPPath returns the absolute path of the NAIP corpus file.
func NAIPPath(t testing.TB) string { return filepath.Join(RepoRoot(t), NAIPFile) }

// LoadNAIP returns the first n NAIP items of the corpus (all when n <= 0).
func LoadNAIP(t testing.TB, n int) []*stac.Item {
	t.Helper()
	f, err := os.Open(NAIPPath(t))
	if err != nil {
		t.Fatalf("NAIP corpus: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var out []*stac.Item
	for sc.Scan() && (n <= 0 || len(out) < n) {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var it stac.Item
		if err := it.UnmarshalJSON(line); err != nil {
			t.Fatalf("NAIP item %d: %v", len(out), err)
		}
		out = append(out, &it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// WithLocalAssets writes a small local file for every asset of every item
// under dir (<id>/<key><ext>, content derived from id and key, a few KB)
// and points the asset hrefs at them, relative to dir. Items are modified
// in place and also returned.
func WithLocalAssets(t testing.TB, items []*stac.Item, dir string) []*stac.Item {
	t.Helper()
	for _, it := range items {
		if err := os.MkdirAll(filepath.Join(dir, it.ID), 0o755); err != nil {
			t.Fatal(err)
		}
		for key, a := range it.Assets {
			ext := path.Ext(a.Href)
			if len(ext) > 5 || ext == "" {
				ext = ".bin"
			}
			rel := it.ID + "/" + key + ext
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), AssetBytes(it.ID, key), 0o644); err != nil {
				t.Fatal(err)
			}
			a.Href = rel
		}
	}
	return items
}

// AssetBytes is the deterministic content of a fixture asset file.
func AssetBytes(id, key string) []byte {
	seed := sha256.Sum256([]byte(id + "/" + key))
	n := 512 + int(seed[0])*8
	out := make([]byte, 0, n+32)
	for len(out) < n {
		out = append(out, seed[:]...)
	}
	return out[:n]
}

var envCount atomic.Int64

// Env is an emulator with a default catalog, Azurite with a staging
// container, and an Administrator client of the catalog.
type Env struct {
	Server  *geocatalogtest.Server
	Catalog *geocatalogtest.Catalog
	Client  *geocatalog.Client
	Azurite *azurite.Instance
	Stager  *partner.Stager
}

// NewEnv starts the environment; the emulator stops with the test. Azurite
// is shared by the test binary (azurite.Shared): the package's TestMain
// calls azurite.StopShared; each Env has its own staging container.
func NewEnv(t testing.TB, opts *geocatalogtest.Options) *Env {
	t.Helper()
	srv := geocatalogtest.NewServer(opts)
	t.Cleanup(srv.Close)
	az := azurite.Shared(t)
	st := partner.NewStager(az.NewClient().ServiceClient().NewContainerClient(fmt.Sprintf("staging-%d", envCount.Add(1))), nil)
	if _, err := st.EnsureContainer(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return &Env{Server: srv, Catalog: srv.DefaultCatalog(), Client: NewClient(t, srv.URL, srv.Credential(), srv.ClientOptions()), Azurite: az, Stager: st}
}

// NewClient makes a geocatalog client or fails the test.
func NewClient(t testing.TB, endpoint string, cred azcore.TokenCredential, opts *geocatalog.ClientOptions) *geocatalog.Client {
	t.Helper()
	c, err := geocatalog.NewClient(endpoint, cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Collection returns a collection for the NAIP items.
func Collection(id string) *stac.Collection {
	start := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	return stac.NewCollection(id, "NAIP test delivery", "proprietary", stac.NewExtent([]float64{-180, -90, 180, 90}, &start, nil))
}

// CreateCollection creates a collection in the env's catalog.
func (e *Env) CreateCollection(t testing.TB, id string) {
	t.Helper()
	ctx := context.Background()
	p, err := e.Client.STAC().BeginCreateCollection(ctx, Collection(id), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		t.Fatal(err)
	}
}

// StoredItems returns every item of a collection, keyed by id, failing the
// test if an id appears twice.
func (e *Env) StoredItems(t testing.TB, collection string) map[string]*stac.Item {
	t.Helper()
	out := map[string]*stac.Item{}
	for it, err := range e.Client.STAC().ListItems(context.Background(), collection, &geocatalog.ListItemsOptions{Limit: 1000}) {
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[it.ID]; dup {
			t.Fatalf("item %s listed twice", it.ID)
		}
		out[it.ID] = it
	}
	return out
}
