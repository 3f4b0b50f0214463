package tenancy

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ConsentResponse is what Entra ID sent back to the redirect URI of an
// admin-consent URL.
type ConsentResponse struct {
	// TenantHint is the tenant the admin consented in, as the query says.
	// It can be forged: use it only to know which tenant to verify (get a
	// token there), never as proof of consent.
	TenantHint string
	// Scope is the consented scope (v2 form only).
	Scope string
}

// ConsentError is a refused or failed admin consent.
type ConsentError struct {
	// Code is the OAuth error, such as "access_denied" or "consent_required".
	Code string
	// Description is Entra ID's error_description.
	Description string
}

// Error gives the code and description.
func (e *ConsentError) Error() string {
	return fmt.Sprintf("tenancy: admin consent failed: %s: %s", e.Code, e.Description)
}

// ParseConsentRedirect reads the query of the request Entra ID redirected
// to after an admin consent. state must be the value given to
// AdminConsentURL (compared in constant time). It returns a *ConsentError
// when the admin refused or consent failed.
func ParseConsentRedirect(query url.Values, state string) (ConsentResponse, error) {
	if subtle.ConstantTimeCompare([]byte(query.Get("state")), []byte(state)) != 1 {
		return ConsentResponse{}, errors.New("tenancy: admin consent redirect: state does not match (possible forgery)")
	}
	if code := query.Get("error"); code != "" {
		return ConsentResponse{}, &ConsentError{Code: code, Description: query.Get("error_description")}
	}
	if !strings.EqualFold(query.Get("admin_consent"), "true") {
		return ConsentResponse{}, errors.New("tenancy: admin consent redirect: admin_consent is not True")
	}
	tenant := query.Get("tenant")
	if ValidateTenantID(tenant) != nil {
		return ConsentResponse{}, fmt.Errorf("tenancy: admin consent redirect: tenant %q is not a tenant ID", tenant)
	}
	return ConsentResponse{TenantHint: strings.ToLower(tenant), Scope: query.Get("scope")}, nil
}
