package tenancytest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/google/uuid"
)

// GeoCatalogAudience is the audience of GeoCatalog data-plane tokens.
const GeoCatalogAudience = "https://geocatalog.spatio.azure.com"

// GraphAudience is the audience of Microsoft Graph tokens.
const GraphAudience = "https://graph.microsoft.com"

// TokenExchangeAudience is the audience of a token used as a federated
// identity credential (the managed-identity token a partner app exchanges).
const TokenExchangeAudience = "api://AzureADTokenExchange"

// tokenLifetime is long enough that azidentity reuses cached tokens (it does
// not reuse tokens that expire within 5 minutes).
const tokenLifetime = time.Hour

// Entra is a fake Microsoft Entra ID for many tenants on a loopback TLS
// listener: OpenID discovery, the v2.0 token endpoint (client credentials
// with a client secret or a client assertion: certificate or federated
// token), JWKS, consent as a service principal per tenant, AADSTS errors in
// the real response shape, per-tenant latency and counters. It also serves a
// fake Microsoft Graph under GraphURL. Create it with NewEntra and Close it
// when done. All methods are safe for concurrent use.
type Entra struct {
	// URL is the https base URL of the fake, without a trailing slash. It is
	// the authority host azidentity credentials are pointed at.
	URL string

	srv *httptest.Server
	key *rsa.PrivateKey
	kid string

	mu      sync.Mutex
	tenants map[string]*tenant
	apps    map[string]*app
	mis     map[string]*managedIdentity // by client ID
	stats   map[string]*tenantStats     // by tenant as requested, known or not
}

type tenant struct {
	id      string
	sps     map[string]*servicePrincipal // by app ID
	latency time.Duration
	failure int // AADSTS code every token request fails with; 0 = none
}

type servicePrincipal struct {
	ObjectID       string
	AppID          string
	DisplayName    string
	AccountEnabled bool
	AppOwnerOrgID  string
}

type tenantStats struct {
	tokenRequests     atomic.Int64
	tokensIssued      atomic.Int64
	discoveryRequests atomic.Int64
	graphRequests     atomic.Int64
}

// NewEntra starts a fake Entra ID with no tenants and no apps.
func NewEntra() *Entra {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("tenancytest: generating signing key: " + err.Error())
	}
	e := &Entra{
		key:     key,
		kid:     "fake-entra-" + uuid.NewString()[:8],
		tenants: map[string]*tenant{},
		apps:    map[string]*app{},
		mis:     map[string]*managedIdentity{},
		stats:   map[string]*tenantStats{},
	}
	e.srv = httptest.NewTLSServer(http.HandlerFunc(e.serveHTTP))
	e.URL = e.srv.URL
	return e
}

// Close shuts the fake down.
func (e *Entra) Close() { e.srv.Close() }

// AuthorityHost is the value for cloud.Configuration.ActiveDirectoryAuthorityHost
// (the URL with a trailing slash).
func (e *Entra) AuthorityHost() string { return e.URL + "/" }

// GraphURL is the base URL of the fake Microsoft Graph, in the place of
// https://graph.microsoft.com/v1.0.
func (e *Entra) GraphURL() string { return e.URL + "/v1.0" }

// Client returns an *http.Client that trusts the fake's TLS certificate.
// It also trusts every other httptest TLS server of the process (they share
// one certificate), such as the geocatalogtest emulator.
func (e *Entra) Client() *http.Client { return e.srv.Client() }

// CertPEM returns, PEM-encoded, the TLS certificate the fake presents, for
// clients that cannot be handed Client, such as child processes.
func (e *Entra) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: e.srv.Certificate().Raw})
}

// ClientOptions returns azcore client options that point a credential at
// the fake: the cloud's authority host and a transport that trusts it.
// azidentity credentials must also set DisableInstanceDiscovery.
func (e *Entra) ClientOptions() azcore.ClientOptions {
	return azcore.ClientOptions{
		Cloud:     cloud.Configuration{ActiveDirectoryAuthorityHost: e.AuthorityHost()},
		Transport: e.Client(),
	}
}

// Issuer is the issuer of tokens for tenantID.
func (e *Entra) Issuer(tenantID string) string { return e.URL + "/" + tenantID + "/v2.0" }

// TokenEndpoint is the v2.0 token endpoint of tenantID.
func (e *Entra) TokenEndpoint(tenantID string) string {
	return e.URL + "/" + tenantID + "/oauth2/v2.0/token"
}

// AddTenant creates a tenant. Tokens can only be issued in known tenants;
// others get AADSTS90002. Adding a tenant twice is harmless.
func (e *Entra) AddTenant(tenantID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.tenants[tenantID]; !ok {
		e.tenants[tenantID] = &tenant{id: tenantID, sps: map[string]*servicePrincipal{}}
	}
}

// NewTenant creates a tenant with a random GUID and returns its ID.
func (e *Entra) NewTenant() string {
	id := uuid.NewString()
	e.AddTenant(id)
	return id
}

// app is a registered (multitenant) application.
type app struct {
	id          string
	home        string
	displayName string
	secrets     map[string]bool // secret -> expired
	certs       []*x509.Certificate
	federated   []FederatedCredential
}

// FederatedCredential is a federated identity credential on an app: an
// assertion whose issuer and subject match (and whose audience is
// api://AzureADTokenExchange) is accepted as the app's credential.
type FederatedCredential struct {
	Issuer  string
	Subject string
}

// AppOption configures an app in RegisterApp.
type AppOption func(*app)

// WithSecret adds a client secret.
func WithSecret(secret string) AppOption {
	return func(a *app) { a.secrets[secret] = false }
}

// WithExpiredSecret adds a client secret that has expired (AADSTS7000222).
func WithExpiredSecret(secret string) AppOption {
	return func(a *app) { a.secrets[secret] = true }
}

// WithCertificate adds a certificate whose key signs client assertions.
func WithCertificate(cert *x509.Certificate) AppOption {
	return func(a *app) { a.certs = append(a.certs, cert) }
}

// WithFederatedCredential adds a federated identity credential. For a
// user-assigned managed identity: issuer entra.Issuer(homeTenant), subject
// the identity's object ID.
func WithFederatedCredential(issuer, subject string) AppOption {
	return func(a *app) { a.federated = append(a.federated, FederatedCredential{issuer, subject}) }
}

// WithHomeTenant sets the tenant the app is registered in (its
// appOwnerOrganizationId). Managed-identity tokens from another tenant are
// refused as federated credentials (AADSTS700236).
func WithHomeTenant(tenantID string) AppOption {
	return func(a *app) { a.home = tenantID }
}

// WithDisplayName sets the app's display name (shown by the fake Graph).
func WithDisplayName(name string) AppOption {
	return func(a *app) { a.displayName = name }
}

// RegisterApp registers a multitenant app, or adds credentials to one
// already registered. With no home tenant set, the app's home tenant is a
// new tenant.
func (e *Entra) RegisterApp(appID string, opts ...AppOption) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, ok := e.apps[appID]
	if !ok {
		a = &app{id: appID, secrets: map[string]bool{}, displayName: "app " + appID}
		e.apps[appID] = a
	}
	for _, o := range opts {
		o(a)
	}
	if a.home == "" {
		a.home = uuid.NewString()
	}
	if _, ok := e.tenants[a.home]; !ok {
		e.tenants[a.home] = &tenant{id: a.home, sps: map[string]*servicePrincipal{}}
	}
	// The app always has a service principal in its home tenant.
	if _, ok := e.tenants[a.home].sps[appID]; !ok {
		e.tenants[a.home].sps[appID] = e.newSP(a)
	}
}

func (e *Entra) newSP(a *app) *servicePrincipal {
	return &servicePrincipal{ObjectID: uuid.NewString(), AppID: a.id, DisplayName: a.displayName, AccountEnabled: true, AppOwnerOrgID: a.home}
}

func (e *Entra) mustTenantApp(tenantID, appID string) (*tenant, *app) {
	t, ok := e.tenants[tenantID]
	if !ok {
		panic(fmt.Sprintf("tenancytest: unknown tenant %q (AddTenant first)", tenantID))
	}
	a, ok := e.apps[appID]
	if !ok {
		panic(fmt.Sprintf("tenancytest: unknown app %q (RegisterApp first)", appID))
	}
	return t, a
}

// Consent records an admin consent of appID in tenantID: it creates the
// app's service principal there (if missing) and returns its object ID, the
// oid claim of the app's tokens in that tenant, to which catalog roles are
// granted. It panics on an unknown tenant or app.
func (e *Entra) Consent(tenantID, appID string) (servicePrincipalObjectID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, a := e.mustTenantApp(tenantID, appID)
	sp, ok := t.sps[appID]
	if !ok {
		sp = e.newSP(a)
		t.sps[appID] = sp
	}
	return sp.ObjectID
}

// RemoveConsent deletes the app's service principal in tenantID, as
// `az ad sp delete` does: the next token request there fails with
// AADSTS7000229. Tokens already issued stay valid until they expire.
func (e *Entra) RemoveConsent(tenantID, appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, _ := e.mustTenantApp(tenantID, appID)
	delete(t.sps, appID)
}

// SetServicePrincipalEnabled enables or disables the app's service principal
// in tenantID (disabled: AADSTS7000112). It panics when there is none.
func (e *Entra) SetServicePrincipalEnabled(tenantID, appID string, enabled bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, _ := e.mustTenantApp(tenantID, appID)
	sp, ok := t.sps[appID]
	if !ok {
		panic(fmt.Sprintf("tenancytest: app %q has no service principal in tenant %q", appID, tenantID))
	}
	sp.AccountEnabled = enabled
}

// ServicePrincipalID returns the object ID of the app's service principal in
// tenantID, if it has one.
func (e *Entra) ServicePrincipalID(tenantID, appID string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.tenants[tenantID]; ok {
		if sp, ok := t.sps[appID]; ok {
			return sp.ObjectID, true
		}
	}
	return "", false
}

// FailTenant makes every token request in tenantID fail with the AADSTS
// code (for example 53003, Conditional Access), in the real response shape.
// Code 0 clears the failure.
func (e *Entra) FailTenant(tenantID string, code int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.tenants[tenantID]; ok {
		t.failure = code
		return
	}
	panic(fmt.Sprintf("tenancytest: unknown tenant %q", tenantID))
}

// SetLatency delays every token response of tenantID by d.
func (e *Entra) SetLatency(tenantID string, d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.tenants[tenantID]; ok {
		t.latency = d
		return
	}
	panic(fmt.Sprintf("tenancytest: unknown tenant %q", tenantID))
}

func (e *Entra) statsFor(tenantID string) *tenantStats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s, ok := e.stats[tenantID]
	if !ok {
		s = &tenantStats{}
		e.stats[tenantID] = s
	}
	return s
}

// TokenRequests counts the requests to tenantID's token endpoint, failed
// ones included.
func (e *Entra) TokenRequests(tenantID string) int {
	return int(e.statsFor(tenantID).tokenRequests.Load())
}

// TokensIssued counts the access tokens issued in tenantID.
func (e *Entra) TokensIssued(tenantID string) int {
	return int(e.statsFor(tenantID).tokensIssued.Load())
}

// DiscoveryRequests counts the OpenID discovery requests for tenantID.
func (e *Entra) DiscoveryRequests(tenantID string) int {
	return int(e.statsFor(tenantID).discoveryRequests.Load())
}

// GraphRequests counts the fake Graph requests made with a token of tenantID.
func (e *Entra) GraphRequests(tenantID string) int {
	return int(e.statsFor(tenantID).graphRequests.Load())
}

// TotalTokenRequests counts the token requests of every tenant.
func (e *Entra) TotalTokenRequests() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.stats {
		n += int(s.tokenRequests.Load())
	}
	return n
}

// ResetCounters sets every counter to zero.
func (e *Entra) ResetCounters() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats = map[string]*tenantStats{}
}

// serveHTTP routes the fake's requests.
func (e *Entra) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(path, "/")
	switch {
	case len(parts) >= 2 && parts[0] == "v1.0":
		e.serveGraph(w, r, parts[1:])
	case len(parts) == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "token" && r.Method == http.MethodPost:
		e.serveToken(w, r, parts[0])
	case len(parts) == 4 && parts[1] == "v2.0" && parts[2] == ".well-known" && parts[3] == "openid-configuration":
		e.serveDiscovery(w, parts[0])
	case len(parts) == 4 && parts[1] == "discovery" && parts[2] == "v2.0" && parts[3] == "keys":
		e.serveJWKS(w)
	default:
		http.Error(w, `{"error":"not_found"}`, http.StatusNotFound)
	}
}
