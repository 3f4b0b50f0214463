package tenancytest

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// serveDiscovery answers GET /{tenant}/v2.0/.well-known/openid-configuration.
// Like Entra ID, an unknown tenant gets AADSTS90002.
func (e *Entra) serveDiscovery(w http.ResponseWriter, tenantID string) {
	e.statsFor(tenantID).discoveryRequests.Add(1)
	e.mu.Lock()
	_, known := e.tenants[tenantID]
	e.mu.Unlock()
	if !known && tenantID != "common" && tenantID != "organizations" {
		newAADSTS(90002, tenantID, "", "", "").write(w, e.URL)
		return
	}
	base := e.URL + "/" + tenantID
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                e.Issuer(tenantID),
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"tenant_region_scope":                   "EU",
	})
}

// serveJWKS answers GET /{tenant}/discovery/v2.0/keys with the signing key.
func (e *Entra) serveJWKS(w http.ResponseWriter) {
	pub := e.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": e.kid,
		"n": b64.EncodeToString(pub.N.Bytes()),
		"e": b64.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}}})
}

// serveToken answers POST /{tenant}/oauth2/v2.0/token for the client
// credentials grant.
func (e *Entra) serveToken(w http.ResponseWriter, r *http.Request, tenantID string) {
	e.statsFor(tenantID).tokenRequests.Add(1)
	if err := r.ParseForm(); err != nil {
		newAADSTS(900144, tenantID, "", "", "grant_type").write(w, e.URL)
		return
	}
	clientID := r.PostForm.Get("client_id")

	e.mu.Lock()
	t, known := e.tenants[tenantID]
	var latency time.Duration
	var failure int
	if known {
		latency, failure = t.latency, t.failure
	}
	e.mu.Unlock()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	fail := func(code int, resource, param string) {
		newAADSTS(code, tenantID, clientID, resource, param).write(w, e.URL)
	}
	if !known {
		fail(90002, "", "")
		return
	}
	if failure != 0 {
		fail(failure, "", "")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		if gt == "" {
			fail(900144, "", "grant_type")
		} else {
			fail(70003, "", "")
		}
		return
	}
	if clientID == "" {
		fail(900144, "", "client_id")
		return
	}
	resource := resourceFromScope(r.PostForm.Get("scope"))
	if resource == "" {
		fail(70011, "", "")
		return
	}

	e.mu.Lock()
	a, appKnown := e.apps[clientID]
	e.mu.Unlock()
	if !appKnown {
		fail(700016, "", "")
		return
	}
	if code := e.checkClientCredential(r, tenantID, a); code != 0 {
		fail(code, "", "")
		return
	}

	e.mu.Lock()
	sp, consented := t.sps[clientID]
	var spCopy servicePrincipal
	if consented {
		spCopy = *sp
	}
	e.mu.Unlock()
	if !consented {
		fail(7000229, "", "")
		return
	}
	if !spCopy.AccountEnabled {
		fail(7000112, "", "")
		return
	}
	if resource != GeoCatalogAudience && resource != GraphAudience && resource != BatchAudience {
		fail(500011, resource, "")
		return
	}

	now := time.Now()
	tok, err := e.IssueToken(Claims{
		Audience: resource, Issuer: e.Issuer(tenantID), Subject: spCopy.ObjectID,
		IssuedAt: now.Unix(), NotBefore: now.Unix(), ExpiresAt: now.Add(tokenLifetime).Unix(),
		TenantID: tenantID, ObjectID: spCopy.ObjectID, AppID: clientID, AZP: clientID,
		IDType: "app", Version: "1.0", TokenID: uuid.NewString(),
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	e.statsFor(tenantID).tokensIssued.Add(1)
	writeJSON(w, http.StatusOK, map[string]any{
		"token_type":     "Bearer",
		"expires_in":     int(tokenLifetime.Seconds()),
		"ext_expires_in": int(tokenLifetime.Seconds()),
		"access_token":   tok,
	})
}

// resourceFromScope returns the resource of the first "/.default" scope,
// ignoring the OpenID scopes MSAL appends.
func resourceFromScope(scope string) string {
	for _, s := range strings.Fields(scope) {
		if r, ok := strings.CutSuffix(s, "/.default"); ok {
			return r
		}
	}
	return ""
}

// IssueToken signs claims with the fake's key. Tests use it to mint tokens
// the fake would not issue (another tenant, another audience, expired).
func (e *Entra) IssueToken(c Claims) (string, error) {
	return signRS256(e.key, e.kid, c)
}

// checkClientCredential returns 0 when the request proves it is the app,
// or the AADSTS code of the failure.
func (e *Entra) checkClientCredential(r *http.Request, tenantID string, a *app) int {
	secret := r.PostForm.Get("client_secret")
	assertion := r.PostForm.Get("client_assertion")
	switch {
	case secret != "":
		e.mu.Lock()
		expired, ok := a.secrets[secret]
		e.mu.Unlock()
		switch {
		case !ok:
			return 7000215
		case expired:
			return 7000222
		}
		return 0
	case assertion != "":
		if r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
			return 900144
		}
		return e.checkAssertion(assertion, tenantID, a)
	default:
		return 7000218
	}
}

func (e *Entra) checkAssertion(assertion, tenantID string, a *app) int {
	p, err := parseJWT(assertion)
	if err != nil {
		return 700027
	}
	var c assertionClaims
	if err := json.Unmarshal(p.payload, &c); err != nil {
		return 700027
	}
	now := time.Now().Unix()
	if p.header.X5tS256 != "" || p.header.X5t != "" {
		return e.checkCertificateAssertion(p, c, now, tenantID, a)
	}
	return e.checkFederatedAssertion(p, c, now, a)
}

// checkCertificateAssertion verifies a client assertion signed with one of
// the app's certificates (as MSAL builds it: PS256, x5t#S256, aud = the
// tenant's token endpoint, iss = sub = client ID).
func (e *Entra) checkCertificateAssertion(p *parsedJWT, c assertionClaims, now int64, tenantID string, a *app) int {
	e.mu.Lock()
	certs := append([]*x509.Certificate(nil), a.certs...)
	e.mu.Unlock()
	var pub *rsa.PublicKey
	for _, cert := range certs {
		s256 := sha256.Sum256(cert.Raw)
		s1 := sha1.Sum(cert.Raw)
		if thumbprintMatches(p.header.X5tS256, s256[:]) || thumbprintMatches(p.header.X5t, s1[:]) {
			pub, _ = cert.PublicKey.(*rsa.PublicKey)
			break
		}
	}
	if pub == nil || p.verify(pub) != nil {
		return 700027
	}
	if c.ExpiresAt < now || c.NotBefore > now+300 {
		return 700024
	}
	if c.Issuer != a.id || c.Subject != a.id {
		return 700027
	}
	if !c.Audience.contains(e.TokenEndpoint(tenantID)) && !c.Audience.contains(e.URL+"/"+tenantID+"/oauth2/token") {
		return 700027
	}
	return 0
}

func thumbprintMatches(header string, sum []byte) bool {
	if header == "" {
		return false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding} {
		if b, err := enc.DecodeString(header); err == nil && bytes.Equal(b, sum) {
			return true
		}
	}
	return false
}

// checkFederatedAssertion verifies a token of a trusted issuer (signed by
// this fake: a managed-identity token, or a workload token from
// IssueFederatedToken) against the app's federated identity credentials.
func (e *Entra) checkFederatedAssertion(p *parsedJWT, c assertionClaims, now int64, a *app) int {
	if p.verify(&e.key.PublicKey) != nil {
		return 700027
	}
	if c.ExpiresAt < now || c.NotBefore > now+300 {
		return 700024
	}
	if !c.Audience.contains(TokenExchangeAudience) {
		return 700212
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	sameIssuer := false
	for _, f := range a.federated {
		if f.Issuer == c.Issuer {
			sameIssuer = true
			if f.Subject == c.Subject {
				return 0
			}
		}
	}
	// An Entra-issued token (a managed identity's) from another tenant
	// than the app's: the FIC is on the wrong app.
	for id := range e.tenants {
		if c.Issuer == e.Issuer(id) && id != a.home {
			return 700236
		}
	}
	if sameIssuer {
		return 700213
	}
	return 70021
}
