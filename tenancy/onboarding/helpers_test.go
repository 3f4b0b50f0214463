package onboarding_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/onboarding"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

const (
	testSecret   = "partner-secret-Zq8~never-printed"
	testRedirect = "https://partner.example/onboarded"
	appName      = "Acme Imagery Delivery"
)

// world is a fake Entra ID (with its fake Graph) and a GeoCatalog emulator
// that trusts its tokens, with one registered partner app.
type world struct {
	entra *tenancytest.Entra
	srv   *geocatalogtest.Server
	appID string
}

func newWorld(t testing.TB) *world {
	t.Helper()
	entra := tenancytest.NewEntra()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator(), OperationDelay: -1})
	w := &world{entra: entra, srv: srv, appID: uuid.NewString()}
	entra.RegisterApp(w.appID, tenancytest.WithSecret(testSecret), tenancytest.WithDisplayName(appName))
	t.Cleanup(func() { srv.Close(); entra.Close() })
	return w
}

// app is the partner app with the given secret, catalog retries off so that
// an unreachable endpoint fails at once.
func (w *world) app(t testing.TB, secret string) *tenancy.PartnerApp {
	t.Helper()
	catOpts := *w.srv.ClientOptions()
	catOpts.Retry.MaxRetries = -1
	app, err := tenancy.NewPartnerApp(tenancy.Config{ClientID: w.appID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret(secret)}},
		&tenancy.Options{CredentialOptions: w.entra.ClientOptions(), CatalogOptions: &catOpts})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// verifyOptions point Graph at the fake.
func (w *world) verifyOptions() *onboarding.VerifyOptions {
	return &onboarding.VerifyOptions{
		ConsentRedirectURI: testRedirect,
		GraphBaseURL:       w.entra.GraphURL(),
		GraphTransport:     w.entra.Client().Transport,
	}
}

// customer is a customer of the world: a tenant and its catalog; oid is
// the partner's service principal there ("" if not consented).
type customer struct {
	tenancy.Customer
	cat *geocatalogtest.Catalog
	oid string
}

func (w *world) addCustomer(t testing.TB, name string, role geocatalogtest.Role, consent bool) *customer {
	t.Helper()
	tid := w.entra.NewTenant()
	cat := w.srv.NewCatalog(geocatalogtest.CatalogOptions{Name: name, TenantID: tid})
	c := &customer{Customer: tenancy.Customer{Name: name, TenantID: tid, Endpoint: cat.URL}, cat: cat}
	if consent {
		c.oid = w.entra.Consent(tid, w.appID)
		if role != geocatalogtest.RoleNone {
			cat.Grant(c.oid, role)
		}
	}
	return c
}

// seedCollection creates a collection as the customer's own administrator.
func (c *customer) seedCollection(t testing.TB, id string) {
	t.Helper()
	var coll stac.Collection
	doc := `{"type":"Collection","id":"` + id + `","stac_version":"1.0.0","description":"test","license":"CC-BY-4.0",
		"extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[["2020-01-01T00:00:00Z",null]]}},"links":[]}`
	if err := json.Unmarshal([]byte(doc), &coll); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := c.adminClient(t).STAC().BeginCreateCollection(ctx, &coll, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 5 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
}

func (c *customer) adminClient(t testing.TB) *geocatalog.Client {
	t.Helper()
	cl, err := geocatalog.NewClient(c.cat.URL, c.cat.Credential(), c.cat.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// operations lists the catalog's operations as its administrator.
func (c *customer) operations(t testing.TB) []geocatalog.Operation {
	t.Helper()
	var ops []geocatalog.Operation
	pager := c.adminClient(t).Ingestion().NewListOperationsPager(nil)
	for pager.More() {
		page, err := pager.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		ops = append(ops, page.Value...)
	}
	return ops
}

// closedEndpoint is an https URL on loopback where nothing listens.
func closedEndpoint(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "https://" + addr
}

// writes returns the catalog's exchanges that were not reads.
func writes(cat *geocatalogtest.Catalog) []geocatalogtest.Exchange {
	var out []geocatalogtest.Exchange
	for _, e := range cat.Exchanges() {
		if e.Method != http.MethodGet && e.Method != http.MethodHead {
			out = append(out, e)
		}
	}
	return out
}

func checks(r *onboarding.Report) []onboarding.Check {
	out := make([]onboarding.Check, 0, len(r.Problems))
	for _, p := range r.Problems {
		out = append(out, p.Check)
	}
	return out
}
