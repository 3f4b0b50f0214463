package shardjobtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/examples/batch/batchenv"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/batch/batchtest"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// SourceCollection is the collection the source items are in.
const SourceCollection = "scenes"

// Env is a world of emulators for one test.
type Env struct {
	// Entra is the fake Entra ID; Catalog the GeoCatalog emulator, and
	// Admin a client of it as its Administrator.
	Entra   *tenancytest.Entra
	Catalog *geocatalogtest.Server
	Admin   *geocatalog.Client
	// Batch is the Batch emulator (pool "pool") and Client a
	// partner/batch client of it, authenticated as the submitter.
	Batch  *batchtest.Server
	Client *batch.Client
	// PartnerCred is the submitter's managed-identity credential: valid
	// for the Batch account, and a Reader of the catalog (it plans).
	PartnerCred azcore.TokenCredential
	// Stager stages manifests in the Reports container (shared key SAS).
	Stager *partner.Stager
	// Reports is the container of manifests and reports (shared key), and
	// ReportSAS its URL with a write SAS for the tasks' output files.
	Reports   *container.Client
	ReportSAS string
	// Journals is the container of the shards' journal blobs (shared key;
	// nil unless Options.BlobJournals). Its URL, without query, is what
	// -journal-container takes.
	Journals *container.Client
	// WriterID is the client ID of a pool identity with the Administrator
	// role; ReaderID one with the Reader role only.
	WriterID string
	ReaderID string
	// IDs are the source items' IDs.
	IDs []string
}

// Options size an Env.
type Options struct {
	// Items is the number of source items; AssetSize the bytes of each
	// one's "data" asset.
	Items     int
	AssetSize int
	// Nodes is the number of Batch nodes (one slot each).
	Nodes int
	// BlobJournals makes the nodes share no mount: the journals live in
	// the Journals container instead of the "journals" mount. The tasks
	// reach it with a SAS in their node environment
	// (batchenv.EnvTestJournalSAS, a test-only variable), never in the
	// job or task definitions.
	BlobJournals bool
}

// New starts the emulators of an Env, stopped when t ends.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	ctx := context.Background()
	e := &Env{Entra: tenancytest.NewEntra()}
	t.Cleanup(e.Entra.Close)
	tenant := e.Entra.NewTenant()
	e.Catalog = geocatalogtest.NewServer(&geocatalogtest.Options{TenantID: tenant, TokenValidator: e.Entra.TokenValidator(), OperationDelay: -1})
	t.Cleanup(e.Catalog.Close)
	admin, err := geocatalog.NewClient(e.Catalog.URL, e.Catalog.Credential(), e.Catalog.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	e.Admin = admin
	e.fillSource(t, o.Items, o.AssetSize)

	mi := tenancytest.NewManagedIdentityServer(e.Entra)
	t.Cleanup(mi.Close)
	e.WriterID, e.ReaderID = uuid.NewString(), uuid.NewString()
	cat := e.Catalog.DefaultCatalog()
	cat.Grant(e.Entra.AddManagedIdentity(tenant, e.WriterID), geocatalogtest.RoleAdministrator)
	cat.Grant(e.Entra.AddManagedIdentity(tenant, e.ReaderID), geocatalogtest.RoleReader)

	az := azurite.Shared(t)
	name := "batch-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	cc := az.NewClient().ServiceClient().NewContainerClient(name)
	if _, err := cc.Create(ctx, nil); err != nil {
		t.Fatal(err)
	}
	e.Reports = cc
	e.Stager = partner.NewStager(cc, &partner.StagerOptions{Prefix: "manifests"})
	e.ReportSAS, err = cc.GetSASURL(sas.ContainerPermissions{Write: true, Create: true}, time.Now().Add(2*time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, e.Catalog.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "GEOCATALOG_TEST_CA_FILE=" + ca,
		"IDENTITY_ENDPOINT=" + mi.Endpoint, "IDENTITY_HEADER=" + mi.Header}
	mounts := []string{"journals"}
	if o.BlobJournals {
		mounts = nil
		e.Journals = az.NewClient().ServiceClient().NewContainerClient(name + "-journals")
		if _, err := e.Journals.Create(ctx, nil); err != nil {
			t.Fatal(err)
		}
		sasURL, err := e.Journals.GetSASURL(sas.ContainerPermissions{Read: true, Add: true, Create: true, Write: true}, time.Now().Add(2*time.Hour), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, query, _ := strings.Cut(sasURL, "?")
		env = append(env, batchenv.EnvTestJournalSAS+"="+query)
	}
	e.Batch, err = batchtest.NewServer(&batchtest.Options{
		Nodes: o.Nodes, SlotsPerNode: 1, Mounts: mounts, Root: filepath.Join(dir, "batch"),
		ValidateToken: e.Entra.BatchTokenValidator(),
		Environment:   env,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Batch.Close)

	// The partner submits with its own managed identity.
	submitter := uuid.NewString()
	cat.Grant(e.Entra.AddManagedIdentity(tenant, submitter), geocatalogtest.RoleReader)
	mi.Setenv(t)
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(submitter)})
	if err != nil {
		t.Fatal(err)
	}
	e.PartnerCred = cred
	e.Client, err = batch.NewClient(e.Batch.URL, cred, &batch.ClientOptions{ClientOptions: e.Batch.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
