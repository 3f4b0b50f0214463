package tenancytest

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// serveGraph answers the Microsoft Graph calls of onboarding checks, in the
// tenant of the caller's token (an app-only token for
// https://graph.microsoft.com):
//
//	GET /v1.0/servicePrincipals?$filter=appId eq '{appId}'
//	GET /v1.0/servicePrincipals(appId='{appId}')
//	GET /v1.0/servicePrincipals/{id}
//
// As in Graph, an app with no Graph permission may read only its own
// service principal; anything else is 403 Authorization_RequestDenied.
func (e *Entra) serveGraph(w http.ResponseWriter, r *http.Request, parts []string) {
	if r.Method != http.MethodGet {
		graphError(w, http.StatusMethodNotAllowed, "Request_BadRequest", "Only GET is supported by the fake Graph.")
		return
	}
	claims, err := e.verifyBearer(r.Header.Get("Authorization"), GraphAudience)
	if err != nil {
		graphError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", err.Error())
		return
	}
	e.statsFor(claims.TenantID).graphRequests.Add(1)

	var sps []*servicePrincipal
	single := true
	switch seg := parts[0]; {
	case seg == "servicePrincipals" && len(parts) == 1:
		appID, ok := appIDFromFilter(r.URL.Query().Get("$filter"))
		if !ok {
			graphError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			return
		}
		single = false
		sps = e.findSPs(claims.TenantID, func(sp *servicePrincipal) bool { return sp.AppID == appID })
	case strings.HasPrefix(seg, "servicePrincipals(appId=") && len(parts) == 1:
		appID := strings.Trim(strings.TrimSuffix(strings.TrimPrefix(seg, "servicePrincipals(appId="), ")"), "'")
		sps = e.findSPs(claims.TenantID, func(sp *servicePrincipal) bool { return sp.AppID == appID })
	case seg == "servicePrincipals" && len(parts) == 2:
		sps = e.findSPs(claims.TenantID, func(sp *servicePrincipal) bool { return sp.ObjectID == parts[1] })
	default:
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound", "Resource not found for the segment '"+seg+"'.")
		return
	}
	for _, sp := range sps {
		if sp.AppID != claims.AppID {
			graphError(w, http.StatusForbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			return
		}
	}
	sel := selectFields(r.URL.Query().Get("$select"))
	ctx := e.GraphURL() + "/$metadata#servicePrincipals"
	if !single {
		values := make([]map[string]any, 0, len(sps))
		for _, sp := range sps {
			values = append(values, sp.graphJSON(sel))
		}
		writeJSON(w, http.StatusOK, map[string]any{"@odata.context": ctx, "value": values})
		return
	}
	if len(sps) == 0 {
		graphError(w, http.StatusNotFound, "Request_ResourceNotFound",
			"Resource '"+parts[0]+"' does not exist or one of its queried reference-property objects are not present.")
		return
	}
	body := sps[0].graphJSON(sel)
	body["@odata.context"] = ctx + "/$entity"
	writeJSON(w, http.StatusOK, body)
}

func (e *Entra) findSPs(tenantID string, match func(*servicePrincipal) bool) []*servicePrincipal {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*servicePrincipal
	if t, ok := e.tenants[tenantID]; ok {
		for _, sp := range t.sps {
			if match(sp) {
				c := *sp
				out = append(out, &c)
			}
		}
	}
	return out
}

// appIDFromFilter reads "appId eq '...'" ($filter values Graph allows).
func appIDFromFilter(filter string) (string, bool) {
	f := strings.TrimSpace(filter)
	rest, ok := strings.CutPrefix(f, "appId eq ")
	if !ok || len(rest) < 2 || rest[0] != '\'' || rest[len(rest)-1] != '\'' {
		return "", false
	}
	return rest[1 : len(rest)-1], true
}

func selectFields(sel string) map[string]bool {
	if sel == "" {
		return nil
	}
	m := map[string]bool{}
	for _, f := range strings.Split(sel, ",") {
		m[strings.TrimSpace(f)] = true
	}
	return m
}

func (sp *servicePrincipal) graphJSON(sel map[string]bool) map[string]any {
	all := map[string]any{
		"id":                     sp.ObjectID,
		"appId":                  sp.AppID,
		"displayName":            sp.DisplayName,
		"accountEnabled":         sp.AccountEnabled,
		"appOwnerOrganizationId": sp.AppOwnerOrgID,
		"servicePrincipalType":   "Application",
		"signInAudience":         "AzureADMultipleOrgs",
	}
	if sel == nil {
		return all
	}
	out := map[string]any{}
	for k, v := range all {
		if sel[k] {
			out[k] = v
		}
	}
	return out
}

func graphError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"code": code, "message": message,
		"innerError": map[string]any{
			"date": time.Now().UTC().Format("2006-01-02T15:04:05"), "request-id": uuid.NewString(), "client-request-id": uuid.NewString(),
		},
	}})
}

// verifyBearer checks an "Authorization: Bearer" value issued by this fake
// for audience and returns its claims.
func (e *Entra) verifyBearer(header, audience string) (Claims, error) {
	tok, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || tok == "" {
		return Claims{}, errors.New("access token is empty")
	}
	return e.verifyToken(tok, audience)
}

// verifyToken verifies the signature, lifetime, issuer and audience of a
// token issued by this fake.
func (e *Entra) verifyToken(token, aud string) (Claims, error) {
	p, err := parseJWT(token)
	if err != nil {
		return Claims{}, errors.New("invalid token: " + err.Error())
	}
	if p.header.Alg != "RS256" || p.header.Kid != e.kid || p.verify(&e.key.PublicKey) != nil {
		return Claims{}, errors.New("invalid token: signature validation failed")
	}
	var c Claims
	if err := json.Unmarshal(p.payload, &c); err != nil {
		return Claims{}, errors.New("invalid token: claims: " + err.Error())
	}
	now := time.Now().Unix()
	switch {
	case c.ExpiresAt <= now:
		return Claims{}, errors.New("invalid token: expired")
	case c.NotBefore > now+300:
		return Claims{}, errors.New("invalid token: not yet valid")
	case c.Audience != aud:
		return Claims{}, errors.New("invalid token: audience " + strconv.Quote(c.Audience) + " is not " + strconv.Quote(aud))
	case !strings.HasPrefix(c.Issuer, e.URL+"/") || c.TenantID == "" || c.Issuer != e.Issuer(c.TenantID):
		return Claims{}, errors.New("invalid token: issuer is not this authority's issuer for the token's tenant")
	}
	return c, nil
}
