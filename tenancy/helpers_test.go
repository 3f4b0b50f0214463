package tenancy_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

const testSecret = "partner-secret-Zq8~not-for-logs"

// world is a fake Entra ID and a GeoCatalog emulator that trusts its tokens,
// with one registered partner app.
type world struct {
	entra *tenancytest.Entra
	srv   *geocatalogtest.Server
	appID string
	home  string
}

func newWorld(t testing.TB, appOpts ...tenancytest.AppOption) *world {
	t.Helper()
	entra := tenancytest.NewEntra()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator(), OperationDelay: -1})
	w := &world{entra: entra, srv: srv, appID: uuid.NewString(), home: entra.NewTenant()}
	entra.RegisterApp(w.appID, append([]tenancytest.AppOption{tenancytest.WithHomeTenant(w.home), tenancytest.WithSecret(testSecret)}, appOpts...)...)
	t.Cleanup(func() { srv.Close(); entra.Close() })
	return w
}

// options points a PartnerApp at the world. The catalog transport keeps at
// most 32 connections per catalog, as a production transport would: 10,000
// simultaneous TLS dials to loopback listeners overflow their accept
// backlogs and stall on SYN retransmits.
func (w *world) options() *tenancy.Options {
	catOpts := *w.srv.ClientOptions()
	tr := w.srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxConnsPerHost, tr.MaxIdleConnsPerHost = 32, 32
	catOpts.Transport = &http.Client{Transport: tr}
	return &tenancy.Options{CredentialOptions: w.entra.ClientOptions(), CatalogOptions: &catOpts}
}

func (w *world) secretApp(t testing.TB) *tenancy.PartnerApp {
	t.Helper()
	app, err := tenancy.NewPartnerApp(tenancy.Config{ClientID: w.appID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret(testSecret)}}, w.options())
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// customer is a customer of the world: a tenant, a catalog and, when
// consented, the partner's service principal holding role.
type customer struct {
	tenancy.Customer
	cat *geocatalogtest.Catalog
	oid string // partner's service principal in the tenant ("" if not consented)
}

func (w *world) addCustomer(t testing.TB, name string, role geocatalogtest.Role, consent bool) *customer {
	t.Helper()
	tid := w.entra.NewTenant()
	cat := w.srv.NewCatalog(geocatalogtest.CatalogOptions{Name: name, TenantID: tid})
	c := &customer{Customer: tenancy.Customer{Name: name, TenantID: tid, Endpoint: cat.URL}, cat: cat}
	if consent {
		c.oid = w.entra.Consent(tid, w.appID)
		cat.Grant(c.oid, role)
	}
	return c
}

// adminClient is the customer's own administrator client (not the partner).
func (c *customer) adminClient(t testing.TB) *geocatalog.Client {
	t.Helper()
	cl, err := geocatalog.NewClient(c.cat.URL, c.cat.Credential(), c.cat.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

func newCollection(t testing.TB, id string) *stac.Collection {
	t.Helper()
	var coll stac.Collection
	doc := `{"type":"Collection","id":"` + id + `","stac_version":"1.0.0","description":"test collection","license":"CC-BY-4.0",
		"extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[["2020-01-01T00:00:00Z",null]]}},"links":[]}`
	if err := json.Unmarshal([]byte(doc), &coll); err != nil {
		t.Fatal(err)
	}
	return &coll
}

func newItem(t testing.TB, collection, id string) *stac.Item {
	t.Helper()
	var it stac.Item
	doc := `{"type":"Feature","stac_version":"1.0.0","id":"` + id + `","collection":"` + collection + `",
		"geometry":{"type":"Point","coordinates":[5.1,52.1]},"bbox":[5.1,52.1,5.1,52.1],
		"properties":{"datetime":"2024-05-01T10:00:00Z"},"links":[],"assets":{}}`
	if err := json.Unmarshal([]byte(doc), &it); err != nil {
		t.Fatal(err)
	}
	return &it
}

func pollDone[T any](t testing.TB, p *runtime.Poller[T], err error) T {
	t.Helper()
	var zero T
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
		return zero
	}
	return res
}

// seedCollection creates a collection (and items) as the customer's admin.
func (c *customer) seedCollection(t testing.TB, id string, items ...string) {
	t.Helper()
	ctx := context.Background()
	admin := c.adminClient(t)
	p, err := admin.STAC().BeginCreateCollection(ctx, newCollection(t, id), nil)
	pollDone(t, p, err)
	for _, it := range items {
		p, err := admin.STAC().BeginCreateItem(ctx, id, newItem(t, id, it), nil)
		pollDone(t, p, err)
	}
}

func tokenOptions() policy.TokenRequestOptions {
	return policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}}
}
