package gsp_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/scenetest"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

const sourceCollection = "scenes"

// assetBytes is the content of the "data" asset of source item id: about
// 4 KiB, except scene-0000's, which is larger than what opening an asset
// reads ahead (150 KiB).
func assetBytes(id string) []byte {
	size := 4096
	if id == "scene-0000" {
		size = 150 << 10
	}
	return []byte(strings.Repeat(id+";", size/(len(id)+1)+1))
}

func checksum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// fixture is an emulated catalog holding a source collection, and a
// partner principal (an Administrator) that the jobs run as.
type fixture struct {
	srv       *geocatalogtest.Server
	cat       *geocatalogtest.Catalog
	partnerID string // object ID of the partner principal
	token     string // its static bearer token
	admin     *geocatalog.Client
	ids       []string
}

// newFixture starts an emulator and fills the source collection with n
// items, each with a "data" asset copied into managed storage.
func newFixture(t testing.TB, n int) *fixture {
	t.Helper()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv, cat: srv.DefaultCatalog(), partnerID: uuid.NewString(), token: "partner-" + uuid.NewString()}
	srv.Tokens().Add(f.token, geocatalogtest.Principal{TenantID: f.cat.TenantID, ObjectID: f.partnerID, AppID: uuid.NewString()})
	f.cat.Grant(f.partnerID, geocatalogtest.RoleAdministrator)

	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/data/"), ".bin")
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(assetBytes(id))
	}))
	t.Cleanup(files.Close)

	admin, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	f.admin = admin
	ctx := context.Background()
	coll := stac.NewCollection(sourceCollection, "source scenes", "CC-BY-4.0",
		stac.NewExtent([]float64{0, 0, 10, 10}, ptr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), nil))
	p, err := admin.STAC().BeginCreateCollection(ctx, coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PollUntilDone(ctx, nil); err != nil {
		t.Fatal(err)
	}
	f.ids = scenetest.Fill(ctx, t, admin, sourceCollection, files.URL, n)
	return f
}

func ptr[T any](v T) *T { return &v }

// partnerClient returns a client of the partner principal.
func (f *fixture) partnerClient(t testing.TB) *geocatalog.Client {
	t.Helper()
	c, err := geocatalog.NewClient(f.cat.URL, geocatalogtest.NewStaticCredential(f.token), f.cat.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// blobHost is the host:port of the managed storage.
func (f *fixture) blobHost() string {
	u, _ := url.Parse(f.srv.BlobURL)
	return u.Host
}

// caFile writes the emulator's certificate as PEM (for child processes).
func (f *fixture) caFile(t testing.TB) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "emulator-ca.pem")
	if err := os.WriteFile(p, f.srv.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// outputItems returns the items of the output collection, by ID.
func (f *fixture) outputItems(t testing.TB, collection string) map[string]*stac.Item {
	t.Helper()
	out := map[string]*stac.Item{}
	for it, err := range f.admin.STAC().ListItems(context.Background(), collection, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if out[it.ID] != nil {
			t.Fatalf("item %s listed twice", it.ID)
		}
		out[it.ID] = it
	}
	return out
}

// checksumProcessor reads the "data" asset twice (streaming and by range),
// waits delay, and derives one item carrying the checksum.
func checksumProcessor(delay time.Duration) gsp.Processor {
	return gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
		a, err := in.OpenAsset(ctx, "data", nil)
		if err != nil {
			return nil, err
		}
		defer a.Close()
		all, err := io.ReadAll(a)
		if err != nil {
			return nil, err
		}
		head := make([]byte, 16)
		if _, err := a.ReadAt(head, 5); err != nil {
			return nil, err
		}
		tail := make([]byte, 16)
		if n, err := a.ReadAt(tail, a.Size()-10); n != 10 || err != io.EOF {
			return nil, fmt.Errorf("ReadAt at the end: %d, %v", n, err)
		}
		if string(head) != string(all[5:21]) || string(tail[:10]) != string(all[len(all)-10:]) || int64(len(all)) != a.Size() {
			return nil, fmt.Errorf("range read disagrees with the stream")
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		d := stac.NewItem("sum-" + in.Item.ID)
		d.Geometry = in.Item.Geometry.Clone()
		d.BBox = in.Item.BBox
		d.Properties.Datetime = in.Item.Properties.Datetime
		if err := d.Properties.Set("test:checksum", checksum(all)); err != nil {
			return nil, err
		}
		return []*gsp.Derived{{Item: d}}, nil
	})
}

func outputCollection(id string) *stac.Collection {
	return stac.NewCollection(id, "checksums", "CC-BY-4.0",
		stac.NewExtent([]float64{0, 0, 10, 10}, ptr(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)), nil))
}

// failingTransport answers 404 BlobNotFound for the blobs whose path
// contains one of the given item IDs (a blob removed from storage) and
// passes every other request on.
type failingTransport struct {
	next policy.Transporter
	ids  []string
}

func (ft failingTransport) Do(req *http.Request) (*http.Response, error) {
	for _, id := range ft.ids {
		if strings.Contains(req.URL.Path, id) {
			return &http.Response{StatusCode: 404, Status: "404 The specified blob does not exist.",
				Header: http.Header{"X-Ms-Error-Code": {"BlobNotFound"}}, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
		}
	}
	return ft.next.Do(req)
}
