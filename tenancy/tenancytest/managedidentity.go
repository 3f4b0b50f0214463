package tenancytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/google/uuid"
)

// managedIdentityLifetime is the lifetime of managed-identity tokens (about
// a day, as on Azure).
const managedIdentityLifetime = 24 * time.Hour

// managedIdentity is a user-assigned managed identity.
type managedIdentity struct {
	clientID string
	objectID string
	tenantID string
}

// AddManagedIdentity creates a user-assigned managed identity in tenantID
// with the given client ID and returns its object (principal) ID: the
// subject of its tokens, to use in WithFederatedCredential and in catalog
// role grants. The tenant is created if needed.
func (e *Entra) AddManagedIdentity(tenantID, clientID string) (objectID string) {
	e.AddTenant(tenantID)
	e.mu.Lock()
	defer e.mu.Unlock()
	if mi, ok := e.mis[clientID]; ok {
		return mi.objectID
	}
	mi := &managedIdentity{clientID: clientID, objectID: uuid.NewString(), tenantID: tenantID}
	e.mis[clientID] = mi
	return mi.objectID
}

// IssueFederatedToken returns a token as an external identity provider (a
// Kubernetes service-account issuer, for workload identity) would: issuer,
// subject, audience api://AzureADTokenExchange, valid for a day. The fake
// Entra trusts it when an app has a matching federated credential.
func (e *Entra) IssueFederatedToken(issuer, subject string) (string, error) {
	now := time.Now()
	return e.IssueToken(Claims{Audience: TokenExchangeAudience, Issuer: issuer, Subject: subject,
		IssuedAt: now.Unix(), NotBefore: now.Unix(), ExpiresAt: now.Add(managedIdentityLifetime).Unix()})
}

// managedIdentityToken issues a token of the identity with clientID for
// resource, or reports that the identity is unknown.
func (e *Entra) managedIdentityToken(clientID, resource string) (token string, expiresOn time.Time, err error) {
	e.mu.Lock()
	mi, ok := e.mis[clientID]
	if !ok && clientID == "" && len(e.mis) == 1 {
		for _, only := range e.mis {
			mi, ok = only, true
		}
	}
	e.mu.Unlock()
	if !ok {
		return "", time.Time{}, fmt.Errorf("identity not found")
	}
	now := time.Now()
	expiresOn = now.Add(managedIdentityLifetime)
	token, err = e.IssueToken(Claims{
		Audience: strings.TrimSuffix(resource, "/.default"), Issuer: e.Issuer(mi.tenantID), Subject: mi.objectID,
		IssuedAt: now.Unix(), NotBefore: now.Unix(), ExpiresAt: expiresOn.Unix(),
		TenantID: mi.tenantID, ObjectID: mi.objectID, AppID: mi.clientID, AZP: mi.clientID,
		IDType: "app", Version: "1.0", TokenID: uuid.NewString(),
	})
	return token, expiresOn, err
}

// ManagedIdentityServer is a fake managed-identity endpoint of the App
// Service kind (IDENTITY_ENDPOINT and IDENTITY_HEADER) on a plain-http
// loopback listener, issuing the tokens of the identities added with
// Entra.AddManagedIdentity. IMDSTransport answers the fixed IMDS address
// instead, for Azure Batch-style code.
type ManagedIdentityServer struct {
	// Endpoint is the value of IDENTITY_ENDPOINT.
	Endpoint string
	// Header is the value of IDENTITY_HEADER (checked on every request).
	Header string

	entra    *Entra
	srv      *httptest.Server
	requests atomic.Int64
}

// NewManagedIdentityServer starts a fake App Service managed-identity
// endpoint backed by entra. Close it when done.
func NewManagedIdentityServer(entra *Entra) *ManagedIdentityServer {
	m := &ManagedIdentityServer{entra: entra, Header: "fake-identity-header-" + uuid.NewString()[:8]}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serveAppService))
	m.Endpoint = m.srv.URL + "/msi/token"
	return m
}

// Close shuts the endpoint down.
func (m *ManagedIdentityServer) Close() { m.srv.Close() }

// Setenv points azidentity's managed-identity credential at the endpoint by
// setting IDENTITY_ENDPOINT and IDENTITY_HEADER for the test (and clearing
// the variables of the other sources). Construct the credential afterwards.
func (m *ManagedIdentityServer) Setenv(t testing.TB) {
	t.Setenv("IDENTITY_ENDPOINT", m.Endpoint)
	t.Setenv("IDENTITY_HEADER", m.Header)
	t.Setenv("IDENTITY_SERVER_THUMBPRINT", "")
	t.Setenv("IMDS_ENDPOINT", "")
	t.Setenv("MSI_ENDPOINT", "")
	t.Setenv("MSI_SECRET", "")
}

// Requests counts the token requests the endpoint and its IMDS transport
// received.
func (m *ManagedIdentityServer) Requests() int { return int(m.requests.Load()) }

func (m *ManagedIdentityServer) serveAppService(w http.ResponseWriter, r *http.Request) {
	m.requests.Add(1)
	if r.Header.Get("X-IDENTITY-HEADER") != m.Header {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"statusCode": 401, "message": "Unauthorized request: missing or wrong X-IDENTITY-HEADER"})
		return
	}
	q := r.URL.Query()
	resource := q.Get("resource")
	if resource == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "resource is required"})
		return
	}
	tok, exp, err := m.entra.managedIdentityToken(q.Get("client_id"), resource)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"statusCode": 400, "message": "Unable to load the requested managed identity (" + err.Error() + ")"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"expires_on":   strconv.FormatInt(exp.Unix(), 10),
		"resource":     resource,
		"token_type":   "Bearer",
		"client_id":    q.Get("client_id"),
	})
}

// IMDSTransport returns a policy.Transporter that answers the Azure
// Instance Metadata Service token requests
// (GET http://169.254.169.254/metadata/identity/oauth2/token) as a VM or an
// Azure Batch node would, and fails every other request. Pass it as
// ManagedIdentityCredentialOptions.ClientOptions.Transport with no
// IDENTITY_* or MSI_* variable set.
func (m *ManagedIdentityServer) IMDSTransport() policy.Transporter { return imdsTransport{m} }

type imdsTransport struct{ m *ManagedIdentityServer }

// Do answers IMDS token requests and fails every other request.
func (t imdsTransport) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "169.254.169.254" || req.URL.Path != "/metadata/identity/oauth2/token" {
		return nil, fmt.Errorf("tenancytest IMDS transport: unexpected request %s %s", req.Method, req.URL.Redacted())
	}
	t.m.requests.Add(1)
	q := req.URL.Query()
	var status int
	var body map[string]any
	switch {
	case req.Header.Get("Metadata") != "true":
		status, body = http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Required metadata header not specified"}
	case q.Get("resource") == "":
		status, body = http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Required query variable 'resource' is missing"}
	default:
		tok, exp, err := t.m.entra.managedIdentityToken(q.Get("client_id"), q.Get("resource"))
		if err != nil {
			status, body = http.StatusBadRequest, map[string]any{"error": "invalid_request", "error_description": "Identity not found"}
			break
		}
		now := time.Now()
		status, body = http.StatusOK, map[string]any{
			"access_token":   tok,
			"client_id":      q.Get("client_id"),
			"expires_in":     strconv.FormatInt(int64(exp.Sub(now).Seconds()), 10),
			"expires_on":     strconv.FormatInt(exp.Unix(), 10),
			"ext_expires_in": strconv.FormatInt(int64(exp.Sub(now).Seconds()), 10),
			"not_before":     strconv.FormatInt(now.Unix(), 10),
			"resource":       q.Get("resource"),
			"token_type":     "Bearer",
		}
	}
	b, _ := json.Marshal(body)
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json; charset=utf-8"}},
		Body:          io.NopCloser(bytes.NewReader(b)),
		ContentLength: int64(len(b)),
		Request:       req,
	}, nil
}
