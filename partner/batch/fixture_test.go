package batch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/google/uuid"
	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/batch/batchtest"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

const sourceCollection = "scenes"

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	azurite.StopShared()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// taskBinary builds examples/batch/shardtask once.
func taskBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "shardtask-bin-*"); buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(buildDir, "shardtask"), "../../examples/batch/shardtask").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "shardtask")
}

// env is a world of emulators: a catalog whose source collection holds
// items with a "data" asset, a fake Entra with a managed-identity endpoint
// (the pool's identities), Azurite (manifests and reports) and a Batch
// account whose nodes run the task processes.
type env struct {
	entra       *tenancytest.Entra
	catalog     *geocatalogtest.Server
	admin       *geocatalog.Client
	batchSrv    *batchtest.Server
	client      *batch.Client
	partnerCred azcore.TokenCredential
	stager      *partner.Stager
	reports     *container.Client
	reportSAS   string
	writerID    string // pool identity with the Administrator role
	readerID    string // pool identity with the Reader role only
	ids         []string
}

type envOptions struct {
	items     int
	assetSize int
	nodes     int
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{entra: tenancytest.NewEntra()}
	t.Cleanup(e.entra.Close)
	tenant := e.entra.NewTenant()
	e.catalog = geocatalogtest.NewServer(&geocatalogtest.Options{TenantID: tenant, TokenValidator: e.entra.TokenValidator(), OperationDelay: -1})
	t.Cleanup(e.catalog.Close)
	admin, err := geocatalog.NewClient(e.catalog.URL, e.catalog.Credential(), e.catalog.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.admin = admin
	e.fillSource(t, o.items, o.assetSize)

	mi := tenancytest.NewManagedIdentityServer(e.entra)
	t.Cleanup(mi.Close)
	e.writerID, e.readerID = uuid.NewString(), uuid.NewString()
	e.catalog.DefaultCatalog().Grant(e.entra.AddManagedIdentity(tenant, e.writerID), geocatalogtest.RoleAdministrator)
	e.catalog.DefaultCatalog().Grant(e.entra.AddManagedIdentity(tenant, e.readerID), geocatalogtest.RoleReader)

	az := azurite.Shared(t)
	cc := az.NewClient().ServiceClient().NewContainerClient("batch-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12])
	if _, err := cc.Create(ctx, nil); err != nil {
		t.Fatal(err)
	}
	e.reports = cc
	e.stager = partner.NewStager(cc, &partner.StagerOptions{Prefix: "manifests"})
	e.reportSAS, err = cc.GetSASURL(sas.ContainerPermissions{Write: true, Create: true}, time.Now().Add(2*time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, e.catalog.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	e.batchSrv, err = batchtest.NewServer(&batchtest.Options{
		Nodes: o.nodes, SlotsPerNode: 1, Mounts: []string{"journals"}, Root: filepath.Join(dir, "batch"),
		ValidateToken: e.entra.BatchTokenValidator(),
		Environment: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GEOCATALOG_TEST_CA_FILE=" + ca,
			"IDENTITY_ENDPOINT=" + mi.Endpoint, "IDENTITY_HEADER=" + mi.Header},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.batchSrv.Close)

	// The partner submits with its own managed identity.
	submitter := uuid.NewString()
	e.entra.AddManagedIdentity(tenant, submitter)
	mi.Setenv(t)
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(submitter)})
	if err != nil {
		t.Fatal(err)
	}
	e.partnerCred = cred
	e.client, err = batch.NewClient(e.batchSrv.URL, cred, &batch.ClientOptions{ClientOptions: e.batchSrv.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// fillSource creates the source collection with n items, each with a
// "data" asset of size bytes (copied into managed storage).
func (e *env) fillSource(t testing.TB, n, size int) {
	t.Helper()
	ctx := context.Background()
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte(strings.Repeat("x", size)))
	}))
	defer files.Close()
	coll := stac.NewCollection(sourceCollection, "source scenes", "CC-BY-4.0", stac.NewExtent([]float64{0, 0, 10, 10}, nil, nil))
	p, err := e.admin.STAC().BeginCreateCollection(ctx, coll, nil)
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
		p, err := e.admin.STAC().BeginCreateItems(ctx, sourceCollection, items, nil)
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
		e.ids = append(e.ids, id)
		if len(items) == 100 {
			flush()
		}
	}
	flush()
}

// storageHost is the host:port of the catalog's managed storage.
func (e *env) storageHost() string {
	u, _ := url.Parse(e.catalog.BlobURL)
	return u.Host
}

// spec is a job spec of shards tasks running the shard task program with
// args, with manifests planned and staged.
func (e *env) spec(t testing.TB, jobID string, shards int, args string) batch.JobSpec {
	t.Helper()
	ctx := context.Background()
	plan, err := gspPlan(ctx, e.admin, shards)
	if err != nil {
		t.Fatal(err)
	}
	staged, err := plan.Stage(ctx, e.stager, jobID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return batch.JobSpec{
		JobID: jobID, PoolID: "pool", CatalogURL: e.catalog.URL, ClientID: e.writerID, Shards: shards,
		CommandLine:        taskBinary(t) + " -source " + sourceCollection + " -storage-hosts " + e.storageHost() + " " + args,
		Manifests:          staged.URLs,
		ReportContainerURL: e.reportSAS,
		MaxTaskRetryCount:  2,
	}
}

// outputItems returns the IDs of the output collection's items, failing on
// a repeated one.
func (e *env) outputItems(t testing.TB, collection string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for it, err := range e.admin.STAC().ListItems(context.Background(), collection, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if out[it.ID] {
			t.Fatalf("item %s listed twice", it.ID)
		}
		out[it.ID] = true
	}
	return out
}
