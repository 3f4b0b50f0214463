package onboarding_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/onboarding"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// A consented customer whose catalog gives the app the Administrator role:
// every check passes, and the write probe changed nothing.
func TestVerifyAdministratorAllGreen(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	c.seedCollection(t, "deliveries")
	opsBefore := c.operations(t)
	c.cat.ResetStats()

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.Empty(t, r.Problems, "%s", r)
	require.True(t, r.OK())
	require.Equal(t, onboarding.ServicePrincipal{Found: true, Enabled: true, ObjectID: c.oid, DisplayName: appName, GraphChecked: true}, r.ServicePrincipal)
	require.True(t, r.Token.OK)
	require.NoError(t, r.Token.Err)
	require.True(t, r.CatalogChecked)
	require.True(t, r.CatalogReachable)
	require.True(t, r.CanRead)
	require.True(t, r.CanWrite)
	require.Equal(t, []string{"deliveries"}, r.Collections)
	require.Contains(t, r.WriteProbe, "DELETE /inma/operations/")
	require.True(t, strings.HasPrefix(r.ConsentURL, w.entra.URL+"/"+c.TenantID+"/v2.0/adminconsent?"), r.ConsentURL)

	// The probe was authorized (404: nothing to cancel) and changed nothing.
	ws := writes(c.cat)
	require.Len(t, ws, 1)
	require.Equal(t, "DELETE /inma/operations/{operationId}", ws[0].Route)
	require.Equal(t, http.StatusNotFound, ws[0].Status)
	require.Equal(t, c.oid, ws[0].Principal)
	require.Equal(t, 2, c.cat.Stats().Total, "one list, one probe")
	require.Equal(t, opsBefore, c.operations(t), "the probe created or changed an operation")
}

// A Reader can read but not write: CanWrite is false, with the action to
// assign the Administrator role to the service principal, and the probe
// changed nothing.
func TestVerifyReaderCannotWrite(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "fabrikam", geocatalogtest.RoleReader, true)
	c.seedCollection(t, "scenes")
	opsBefore := c.operations(t)
	c.cat.ResetStats()

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.ServicePrincipal.Found)
	require.True(t, r.Token.OK)
	require.True(t, r.CanRead)
	require.False(t, r.CanWrite)
	require.Equal(t, []string{"scenes"}, r.Collections)
	require.Equal(t, []onboarding.Check{onboarding.CheckWrite}, checks(r))
	p := r.Problems[0]
	require.Contains(t, p.Action, "Assign the GeoCatalog Administrator role")
	require.Contains(t, p.Action, c.oid)
	require.Contains(t, p.Action, c.Endpoint)
	require.ErrorIs(t, p.Err, tenancy.ErrAccessRevoked)

	ws := writes(c.cat)
	require.Len(t, ws, 1)
	require.Equal(t, http.StatusForbidden, ws[0].Status)
	require.Equal(t, opsBefore, c.operations(t))
}

// A Reader of a read-only partner is fine: no probe, no problem.
func TestVerifyReadOnlyPartner(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "fabrikam", geocatalogtest.RoleReader, true)
	opts := w.verifyOptions()
	opts.ReadOnly = true

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, opts)
	require.NoError(t, err)
	require.True(t, r.OK(), "%s", r)
	require.True(t, r.CanRead)
	require.False(t, r.CanWrite)
	require.Contains(t, r.WriteProbe, "not sent")
	require.Empty(t, writes(c.cat))
}

// A customer that never consented: no service principal, the action is the
// consent URL, and the catalog is not contacted.
func TestVerifyNotConsented(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "northwind", geocatalogtest.RoleNone, false)

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.False(t, r.ServicePrincipal.Found)
	require.False(t, r.Token.OK)
	require.ErrorIs(t, r.Token.Err, tenancy.ErrNotOnboarded)
	require.False(t, r.CatalogChecked)
	require.False(t, r.CanRead)
	require.False(t, r.CanWrite)
	require.Equal(t, []onboarding.Check{onboarding.CheckServicePrincipal}, checks(r), "one cause, one action")
	require.NotEmpty(t, r.ConsentURL)
	require.Contains(t, r.Problems[0].Action, "Grant admin consent")
	require.Contains(t, r.Problems[0].Action, r.ConsentURL)
	require.Contains(t, r.Problems[0].Action, "az ad sp create --id "+w.appID)
	require.Contains(t, r.String(), "service principal: NO, not found (no admin consent)")
	t.Log(r)
	require.Zero(t, c.cat.Stats().Total)
	require.Zero(t, w.entra.GraphRequests(c.TenantID))

	// Once the admin consents and grants a role, the next Verify is green
	// at once (no back-off from the failed attempt).
	c.oid = w.entra.Consent(c.TenantID, w.appID)
	c.cat.Grant(c.oid, geocatalogtest.RoleAdministrator)
	r, err = onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.OK(), "%s", r)
}

// A disabled service principal: found but not enabled, with the action to
// enable it.
func TestVerifyDisabledServicePrincipal(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "litware", geocatalogtest.RoleAdministrator, true)
	w.entra.SetServicePrincipalEnabled(c.TenantID, w.appID, false)

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.ServicePrincipal.Found)
	require.False(t, r.ServicePrincipal.Enabled)
	require.False(t, r.Token.OK)
	require.False(t, r.CatalogChecked)
	require.Equal(t, []onboarding.Check{onboarding.CheckServicePrincipal}, checks(r))
	require.Contains(t, r.Problems[0].Action, "Enable the service principal")
	require.Contains(t, r.Problems[0].Action, "accountEnabled=true")
	require.Contains(t, r.String(), "service principal: NO, found, disabled")
	t.Log(r)
	require.Zero(t, c.cat.Stats().Total)
}

// A consented customer whose catalog gives the app no role at all.
func TestVerifyNoRole(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "tailspin", geocatalogtest.RoleNone, true)

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.Token.OK)
	require.True(t, r.CatalogReachable)
	require.False(t, r.CanRead)
	require.False(t, r.CanWrite)
	require.Equal(t, []onboarding.Check{onboarding.CheckRead}, checks(r))
	require.Contains(t, r.Problems[0].Action, "Assign the GeoCatalog Administrator role")
	require.Contains(t, r.WriteProbe, "not sent")
	require.Empty(t, writes(c.cat))
}

// An endpoint where nothing answers: not reachable, with an action naming
// the endpoint.
func TestVerifyUnreachableEndpoint(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "adatum", geocatalogtest.RoleAdministrator, true)
	c.Endpoint = closedEndpoint(t)

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.ServicePrincipal.Found)
	require.True(t, r.Token.OK)
	require.True(t, r.CatalogChecked)
	require.False(t, r.CatalogReachable)
	require.False(t, r.CanRead)
	require.False(t, r.CanWrite)
	require.Equal(t, []onboarding.Check{onboarding.CheckCatalog}, checks(r))
	require.Contains(t, r.Problems[0].Action, c.Endpoint)
}

// The Graph client is pinned to the customer's tenant: the fake Graph sees
// a token of that tenant only, and returns that tenant's service principal.
func TestVerifyGraphPinnedToTenant(t *testing.T) {
	w := newWorld(t)
	a := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	b := w.addCustomer(t, "fabrikam", geocatalogtest.RoleAdministrator, true)
	require.NotEqual(t, a.oid, b.oid)
	app := w.app(t, testSecret)

	r, err := onboarding.Verify(testContext(t), app, a.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.Equal(t, a.oid, r.ServicePrincipal.ObjectID)
	require.Equal(t, 1, w.entra.GraphRequests(a.TenantID))
	require.Zero(t, w.entra.GraphRequests(b.TenantID))

	r, err = onboarding.Verify(testContext(t), app, b.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.Equal(t, b.oid, r.ServicePrincipal.ObjectID)
	require.Equal(t, 1, w.entra.GraphRequests(a.TenantID))
	require.Equal(t, 1, w.entra.GraphRequests(b.TenantID))
	require.True(t, r.OK(), "%s", r)
}

// A Graph base URL on another host than the fake's: the token is sent only
// to the configured host, so a request the fake answers proves the allowed
// host follows the base URL; a wrong base URL is a partner-side problem,
// not a customer one.
func TestVerifyGraphUnreachableIsPartnerProblem(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	opts := w.verifyOptions()
	opts.GraphBaseURL = closedEndpoint(t) + "/v1.0"

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, opts)
	require.NoError(t, err)
	require.True(t, r.ServicePrincipal.Found, "the token proves the service principal exists")
	require.False(t, r.ServicePrincipal.GraphChecked)
	require.True(t, r.CanWrite)
	require.Equal(t, []onboarding.Check{onboarding.CheckServicePrincipal}, checks(r))
	require.True(t, strings.HasPrefix(r.Problems[0].Action, "Partner:"), r.Problems[0].Action)
}

// A wrong partner secret is the partner's problem, not the customer's.
func TestVerifyPartnerCredential(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)

	r, err := onboarding.Verify(testContext(t), w.app(t, "not-the-secret"), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.False(t, r.Token.OK)
	require.ErrorIs(t, r.Token.Err, tenancy.ErrPartnerCredential)
	require.Equal(t, []onboarding.Check{onboarding.CheckToken}, checks(r))
	require.True(t, strings.HasPrefix(r.Problems[0].Action, "Partner:"), r.Problems[0].Action)
	require.NotContains(t, r.String(), "not-the-secret")
	require.Contains(t, r.String(), "service principal: unknown (no token: see below)")
}

// Conditional Access blocking the app: the customer must allow it.
func TestVerifyBlockedByPolicy(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	w.entra.FailTenant(c.TenantID, 53003)

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.ErrorIs(t, r.Token.Err, tenancy.ErrBlockedByPolicy)
	require.Equal(t, []onboarding.Check{onboarding.CheckToken}, checks(r))
	require.Contains(t, r.Problems[0].Action, "Conditional Access")
}

// A customer that granted collections: the probe stays inside a collection
// granted for writing, and a customer granting only reads needs no write.
func TestVerifyScopedCustomer(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	c.seedCollection(t, "deliveries")
	c.seedCollection(t, "private")
	c.Collections = []tenancy.CollectionGrant{{ID: "deliveries", Access: tenancy.AccessWrite}}
	opsBefore := c.operations(t)
	c.cat.ResetStats()
	app := w.app(t, testSecret)

	r, err := onboarding.Verify(testContext(t), app, c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.OK(), "%s", r)
	require.True(t, r.CanWrite)
	require.Equal(t, []string{"deliveries"}, r.Collections, "only granted collections are visible")
	require.Contains(t, r.WriteProbe, "PATCH /inma/collections/deliveries/ingestions/")
	ws := writes(c.cat)
	require.Len(t, ws, 1)
	require.Equal(t, http.StatusNotFound, ws[0].Status)
	require.Equal(t, opsBefore, c.operations(t))

	// Same grants, but the customer assigned only the Reader role.
	c.cat.Grant(c.oid, geocatalogtest.RoleReader)
	c.cat.ResetStats()
	r, err = onboarding.Verify(testContext(t), app, c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.False(t, r.CanWrite)
	require.Equal(t, []onboarding.Check{onboarding.CheckWrite}, checks(r))
	require.Contains(t, r.Problems[0].Action, "GeoCatalog Administrator")
	ws = writes(c.cat)
	require.Len(t, ws, 1)
	require.Equal(t, http.StatusForbidden, ws[0].Status)
	require.Equal(t, opsBefore, c.operations(t))

	c.Collections = []tenancy.CollectionGrant{{ID: "deliveries", Access: tenancy.AccessRead}}
	r, err = onboarding.Verify(testContext(t), app, c.Customer, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.OK(), "%s", r)
	require.False(t, r.CanWrite)
	require.Contains(t, r.WriteProbe, "not sent")
}

// The text rendering lists the checks and the actions, and no secret.
func TestReportString(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "fabrikam", geocatalogtest.RoleReader, true)
	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, w.verifyOptions())
	require.NoError(t, err)
	s := r.String()
	for _, want := range []string{"Onboarding report for fabrikam", "service principal: yes, found, enabled", "can read:          yes",
		"can write:         NO", "To do (1):", "[write] Assign the GeoCatalog Administrator role", c.oid} {
		require.Contains(t, s, want)
	}
	require.NotContains(t, s, testSecret)
	require.NotContains(t, s, "Bearer")
}

// Invalid arguments are errors; a cancelled context too.
func TestVerifyErrors(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	app := w.app(t, testSecret)

	_, err := onboarding.Verify(testContext(t), nil, c.Customer, nil)
	require.Error(t, err)
	_, err = onboarding.Verify(testContext(t), app, tenancy.Customer{Name: "x"}, nil)
	require.Error(t, err)
	opts := w.verifyOptions()
	opts.GraphBaseURL = "ftp://graph.example"
	_, err = onboarding.Verify(testContext(t), app, c.Customer, opts)
	require.ErrorContains(t, err, "GraphBaseURL")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = onboarding.Verify(ctx, app, c.Customer, w.verifyOptions())
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}

// A customer record whose catalog is in another tenant: the catalog refuses
// the tenant's token (401) and the action says to confirm the tenant.
func TestVerifyCatalogInOtherTenant(t *testing.T) {
	w := newWorld(t)
	a := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	b := w.addCustomer(t, "contoso-other", geocatalogtest.RoleAdministrator, true)
	wrong := a.Customer
	wrong.Endpoint = b.Endpoint

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), wrong, w.verifyOptions())
	require.NoError(t, err)
	require.True(t, r.Token.OK)
	require.True(t, r.CatalogReachable)
	require.False(t, r.CanRead)
	require.Equal(t, []onboarding.Check{onboarding.CheckRead}, checks(r))
	require.Contains(t, r.Problems[0].Action, "belongs to tenant "+a.TenantID)
}

// SkipGraph: no Graph request; the token alone shows the service principal
// exists and is enabled.
func TestVerifySkipGraph(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	opts := w.verifyOptions()
	opts.SkipGraph = true

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, opts)
	require.NoError(t, err)
	require.True(t, r.OK(), "%s", r)
	require.Equal(t, onboarding.ServicePrincipal{Found: true, Enabled: true}, r.ServicePrincipal)
	require.Zero(t, w.entra.GraphRequests(c.TenantID))
}

// Several customers verified at once, with a plain HTTP client for Graph
// (GraphHTTPClient is used as is): each report has its own tenant's service
// principal.
func TestVerifyConcurrentCustomers(t *testing.T) {
	w := newWorld(t)
	app := w.app(t, testSecret)
	opts := w.verifyOptions()
	opts.GraphTransport = nil
	opts.GraphHTTPClient = w.entra.Client()
	cs := []*customer{
		w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true),
		w.addCustomer(t, "fabrikam", geocatalogtest.RoleReader, true),
		w.addCustomer(t, "northwind", geocatalogtest.RoleNone, false),
	}
	reports := make([]*onboarding.Report, len(cs))
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { reports[i], errs[i] = onboarding.Verify(testContext(t), app, c.Customer, opts) })
	}
	wg.Wait()
	for i, c := range cs {
		require.NoError(t, errs[i])
		require.Equal(t, c.oid, reports[i].ServicePrincipal.ObjectID, c.Name)
	}
	require.True(t, reports[0].OK(), "%s", reports[0])
	require.Equal(t, []onboarding.Check{onboarding.CheckWrite}, checks(reports[1]))
	require.Equal(t, []onboarding.Check{onboarding.CheckServicePrincipal}, checks(reports[2]))
}

// Graph answering 404 although Entra ID issued a token (a wrong base URL
// here; replication lag in Azure) is not reported as a missing consent.
func TestVerifyGraphNotFound(t *testing.T) {
	w := newWorld(t)
	c := w.addCustomer(t, "contoso", geocatalogtest.RoleAdministrator, true)
	opts := w.verifyOptions()
	opts.GraphBaseURL = w.entra.GraphURL() + "/beta"

	r, err := onboarding.Verify(testContext(t), w.app(t, testSecret), c.Customer, opts)
	require.NoError(t, err)
	require.True(t, r.ServicePrincipal.Found)
	require.False(t, r.ServicePrincipal.GraphChecked)
	require.Equal(t, []onboarding.Check{onboarding.CheckServicePrincipal}, checks(r))
	require.True(t, strings.HasPrefix(r.Problems[0].Action, "Partner:"), r.Problems[0].Action)
	var ge *onboarding.GraphError
	require.ErrorAs(t, r.Problems[0].Err, &ge)
	require.Equal(t, http.StatusNotFound, ge.StatusCode)
	require.Equal(t, "Request_ResourceNotFound", ge.Code)
	require.Equal(t, 1, w.entra.GraphRequests(c.TenantID))
	require.True(t, r.CanWrite)
}
