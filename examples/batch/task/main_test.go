package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// buildTask builds this program (once) into a temporary directory: the
// tests run it as a child process, as Batch would.
func buildTask(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "task-bin-*"); buildErr != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(buildDir, "geocatalog-task"), ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(buildDir, "geocatalog-task")
}

// env is a clean environment for the task: no ambient identity variables.
func env(t *testing.T, pemFiles [][]byte, vars ...string) []string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, bytes.Join(pemFiles, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "GEOCATALOG_TEST_CA_FILE=" + ca}, vars...)
}

func createCollections(t *testing.T, client *geocatalog.Client, ids ...string) {
	t.Helper()
	for _, id := range ids {
		c := stac.NewCollection(id, "collection "+id, "CC-BY-4.0", stac.NewExtent([]float64{-10, -10, 10, 10}, nil, nil))
		p, err := client.STAC().BeginCreateCollection(context.Background(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.PollUntilDone(context.Background(), &runtime.PollUntilDoneOptions{Frequency: 10 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
	}
}

func runTask(t *testing.T, bin string, environ []string) (Output, string, error) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = environ
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var out Output
	if err == nil {
		if jerr := json.Unmarshal(stdout.Bytes(), &out); jerr != nil {
			t.Fatalf("output is not JSON: %v\n%s", jerr, stdout.String())
		}
	}
	return out, stderr.String(), err
}

func ids(out Output) []string {
	var s []string
	for _, c := range out.Collections {
		s = append(s, c.ID)
	}
	slices.Sort(s)
	return s
}

func TestTaskOnACustomersPoolListsWithThePoolIdentity(t *testing.T) {
	bin := buildTask(t)
	entra := tenancytest.NewEntra()
	defer entra.Close()
	tenant := entra.NewTenant()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TenantID: tenant, TokenValidator: entra.TokenValidator()})
	defer srv.Close()
	admin, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	createCollections(t, admin, "sentinel-2-l2a", "landsat-c2-l2")

	mi := tenancytest.NewManagedIdentityServer(entra)
	defer mi.Close()
	poolIdentity := uuid.NewString()
	objectID := entra.AddManagedIdentity(tenant, poolIdentity)
	srv.DefaultCatalog().Grant(objectID, geocatalogtest.RoleReader)
	noRole := uuid.NewString()
	entra.AddManagedIdentity(tenant, noRole)

	pems := [][]byte{srv.CertPEM()}
	vars := func(clientID string) []string {
		return env(t, pems, "GEOCATALOG_ENDPOINT="+srv.URL, "AZURE_CLIENT_ID="+clientID,
			"IDENTITY_ENDPOINT="+mi.Endpoint, "IDENTITY_HEADER="+mi.Header)
	}
	out, stderr, err := runTask(t, bin, vars(poolIdentity))
	if err != nil {
		t.Fatalf("task: %v\n%s", err, stderr)
	}
	if got := ids(out); !slices.Equal(got, []string{"landsat-c2-l2", "sentinel-2-l2a"}) || out.Mode != "customer-pool" || out.Catalog != srv.URL {
		t.Fatalf("output %+v (ids %v)", out, got)
	}
	if mi.Requests() == 0 {
		t.Fatal("the managed-identity endpoint was not asked for a token")
	}

	// An identity without a GeoCatalog role is refused: the task fails and
	// says so, without printing a token.
	_, stderr, err = runTask(t, bin, vars(noRole))
	if err == nil || !strings.Contains(stderr, "403") || strings.Contains(stderr, "eyJ") {
		t.Fatalf("identity without role: err %v, stderr %s", err, stderr)
	}
	// A missing setting is named.
	_, stderr, err = runTask(t, bin, env(t, pems, "GEOCATALOG_ENDPOINT="+srv.URL))
	if err == nil || !strings.Contains(stderr, "AZURE_CLIENT_ID") {
		t.Fatalf("no client ID: err %v, stderr %s", err, stderr)
	}
}

func TestTaskOnAPartnersPoolReachesACustomerSecretlessly(t *testing.T) {
	bin := buildTask(t)
	entra := tenancytest.NewEntra()
	defer entra.Close()
	home, customerTenant := entra.NewTenant(), entra.NewTenant()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TenantID: home, TokenValidator: entra.TokenValidator()})
	defer srv.Close()
	cat := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "customer", TenantID: customerTenant})
	admin, err := geocatalog.NewClient(cat.URL, cat.Credential(), cat.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	createCollections(t, admin, "parcels")

	// The partner's pool identity, in the partner's tenant, is the
	// federated credential of the partner's multitenant app; the customer
	// consented to the app and gave it the Reader role.
	mi := tenancytest.NewManagedIdentityServer(entra)
	defer mi.Close()
	poolIdentity := uuid.NewString()
	miObject := entra.AddManagedIdentity(home, poolIdentity)
	appID := uuid.NewString()
	entra.RegisterApp(appID, tenancytest.WithHomeTenant(home), tenancytest.WithFederatedCredential(entra.Issuer(home), miObject))
	sp := entra.Consent(customerTenant, appID)
	cat.Grant(sp, geocatalogtest.RoleReader)

	out, stderr, err := runTask(t, bin, env(t, [][]byte{srv.CertPEM(), entra.CertPEM()},
		"GEOCATALOG_ENDPOINT="+cat.URL, "AZURE_CLIENT_ID="+poolIdentity,
		"PARTNER_CLIENT_ID="+appID, "GEOCATALOG_TENANT_ID="+customerTenant,
		"AZURE_AUTHORITY_HOST="+entra.AuthorityHost(),
		"IDENTITY_ENDPOINT="+mi.Endpoint, "IDENTITY_HEADER="+mi.Header))
	if err != nil {
		t.Fatalf("task: %v\n%s", err, stderr)
	}
	if got := ids(out); !slices.Equal(got, []string{"parcels"}) || out.Mode != "partner-pool" {
		t.Fatalf("output %+v", out)
	}
	if entra.TokensIssued(customerTenant) == 0 {
		t.Fatal("no token was issued in the customer's tenant")
	}
}

// TestUsage runs the built program with -h: it prints its usage, with the
// environment variables, and exits 0 without reaching any catalog.
func TestUsage(t *testing.T) {
	cmd := exec.Command(buildTask(t), "-h")
	cmd.Env = env(t, nil)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("-h: %v\n%s", err, out)
	}
	for _, want := range []string{"Usage: task", "GEOCATALOG_ENDPOINT", "AZURE_CLIENT_ID"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("usage lacks %q:\n%s", want, out)
		}
	}
	if err := exec.Command(buildTask(t), "-nope").Run(); err == nil {
		t.Error("-nope: exit status 0")
	}
}
