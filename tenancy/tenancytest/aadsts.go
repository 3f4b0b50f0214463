package tenancytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// aadstsError is one AADSTS error in the shape Entra ID sends from its token
// endpoint: an HTTP status, the OAuth "error" value and the numbered
// description.
type aadstsError struct {
	status int
	oauth  string
	code   int
	text   string
}

// aadstsCatalog holds the status, OAuth error and message template of the
// codes the fake produces or can be told to produce (FailTenant).
var aadstsCatalog = map[int]struct {
	status int
	oauth  string
	text   string
}{
	90002:   {400, "invalid_request", "Tenant '%[1]s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."},
	700016:  {400, "unauthorized_client", "Application with identifier '%[2]s' was not found in the directory '%[1]s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."},
	7000229: {400, "invalid_client", "The client application %[2]s is missing service principal in the tenant %[1]s. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119"},
	7000112: {400, "unauthorized_client", "Application '%[2]s' is disabled."},
	700011:  {400, "unauthorized_client", "Application with identifier '%[2]s' was not found in tenant '%[1]s'."},
	65001:   {400, "invalid_grant", "The user or administrator has not consented to use the application with ID '%[2]s'. Send an interactive authorization request for this user and resource."},
	500011:  {400, "invalid_resource", "The resource principal named %[3]s was not found in the tenant named %[1]s. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant."},
	53003:   {400, "invalid_grant", "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance."},
	530032:  {400, "invalid_grant", "Blocked by security policy."},
	7000215: {401, "invalid_client", "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%[2]s'."},
	7000222: {401, "invalid_client", "The provided client secret keys for app '%[2]s' are expired. Visit the Azure portal to create new keys for your app."},
	7000218: {401, "invalid_client", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."},
	700027:  {401, "invalid_client", "Client assertion failed signature validation."},
	700024:  {400, "invalid_client", "Client assertion is not within its valid time range."},
	70021:   {400, "invalid_request", "No matching federated identity record found for presented assertion."},
	700213:  {400, "invalid_request", "No matching federated identity record found for presented assertion subject."},
	700212:  {400, "invalid_request", "No matching federated identity record found for presented assertion audience."},
	700236:  {400, "invalid_request", "Entra ID tokens issued by the presented issuer may not be used for federated identity credential flows for applications or managed identities registered in this tenant."},
	70003:   {400, "unsupported_grant_type", "The app requested an unsupported grant type."},
	900144:  {400, "invalid_request", "The request body must contain the following parameter: '%[4]s'."},
	70011:   {400, "invalid_scope", "The provided request must include a 'scope' input parameter."},
	90024:   {503, "temporarily_unavailable", "The request was throttled. Try again later."},
}

// newAADSTS builds the error for code. The arguments fill the message
// template: tenant, client ID, resource, missing parameter.
func newAADSTS(code int, tenant, clientID, resource, param string) aadstsError {
	c, ok := aadstsCatalog[code]
	if !ok {
		return aadstsError{status: 400, oauth: "invalid_request", code: code, text: "Injected failure."}
	}
	return aadstsError{status: c.status, oauth: c.oauth, code: code, text: fmt.Sprintf(c.text, tenant, clientID, resource, param)}
}

// write sends the error in Entra ID's token-endpoint response shape.
func (e aadstsError) write(w http.ResponseWriter, base string) {
	now := time.Now().UTC()
	trace, corr := uuid.NewString(), uuid.NewString()
	body := map[string]any{
		"error": e.oauth,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
			e.code, e.text, trace, corr, now.Format("2006-01-02 15:04:05Z")),
		"error_codes":    []int{e.code},
		"timestamp":      now.Format("2006-01-02 15:04:05Z"),
		"trace_id":       trace,
		"correlation_id": corr,
		"error_uri":      fmt.Sprintf("%s/error?code=%d", base, e.code),
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(body)
}
