package tenancy

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

var domainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// validateConsentTenant accepts a tenant GUID, a verified domain name, or
// "organizations" (any work tenant); "common" and "consumers" cannot
// consent for an organisation.
func validateConsentTenant(tenant string) error {
	switch strings.ToLower(tenant) {
	case "organizations":
		return nil
	case "", "common", "consumers":
		return fmt.Errorf("tenancy: admin consent needs the customer's tenant ID, a domain of it, or \"organizations\", not %q", tenant)
	}
	if ValidateTenantID(tenant) == nil || domainPattern.MatchString(tenant) {
		return nil
	}
	return fmt.Errorf("tenancy: %q is not a tenant ID or domain name", tenant)
}

func validateRedirect(redirectURI string) error {
	u, err := url.Parse(redirectURI)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && (u.Hostname() == "localhost" || u.Hostname() == "127.0.0.1"))) {
		return fmt.Errorf("tenancy: redirect URI %q must be an absolute https URL (http only for localhost) registered on the app", redirectURI)
	}
	return nil
}

// AdminConsentURLOptions are the optional parameters of
// PartnerApp.AdminConsentURL.
type AdminConsentURLOptions struct {
	// State is echoed back to the redirect URI after consent; set it to an
	// unguessable value tied to the admin's session and check it there
	// (ParseConsentRedirect). Empty means no state parameter.
	State string
}

// AdminConsentV1URLOptions are the optional parameters of
// PartnerApp.AdminConsentV1URL.
type AdminConsentV1URLOptions struct {
	// State is as in AdminConsentURLOptions.
	State string
}

// AdminConsentURL returns the v2 admin-consent URL a customer's admin opens
// to onboard the partner app into tenant (a GUID, a domain of the tenant,
// or "organizations"):
//
//	{authority}/{tenant}/v2.0/adminconsent?client_id=…&scope=https://geocatalog.spatio.azure.com/.default&redirect_uri=…&state=…
//
// redirectURI must be registered on the app. After consent Entra ID
// redirects there with admin_consent=True, tenant and state, or with error
// and error_description. Never trust the returned tenant for authorization:
// check state, then confirm by getting a token in that tenant.
//
// It is a URL builder: it sends no request. options may be nil.
func (a *PartnerApp) AdminConsentURL(tenant, redirectURI string, options *AdminConsentURLOptions) (string, error) {
	var state string
	if options != nil {
		state = options.State
	}
	if err := validateConsentTenant(tenant); err != nil {
		return "", err
	}
	if err := validateRedirect(redirectURI); err != nil {
		return "", err
	}
	q := url.Values{}
	q.Set("client_id", a.clientID)
	q.Set("scope", geocatalog.Scope)
	q.Set("redirect_uri", redirectURI)
	if state != "" {
		q.Set("state", state)
	}
	return a.authorityHost + url.PathEscape(tenant) + "/v2.0/adminconsent?" + q.Encode(), nil
}

// AdminConsentV1URL returns the v1 admin-consent URL the Planetary Computer
// Pro documentation gives partners:
//
//	{authority}/{tenant}/adminconsent?client_id=…&redirect_uri=…&state=…
//
// It creates the app's service principal in the tenant and consents to the
// app's statically configured permissions. It is a URL builder: it sends
// no request. options may be nil.
func (a *PartnerApp) AdminConsentV1URL(tenant, redirectURI string, options *AdminConsentV1URLOptions) (string, error) {
	var state string
	if options != nil {
		state = options.State
	}
	if err := validateConsentTenant(tenant); err != nil {
		return "", err
	}
	if err := validateRedirect(redirectURI); err != nil {
		return "", err
	}
	q := url.Values{}
	q.Set("client_id", a.clientID)
	q.Set("redirect_uri", redirectURI)
	if state != "" {
		q.Set("state", state)
	}
	return a.authorityHost + url.PathEscape(tenant) + "/adminconsent?" + q.Encode(), nil
}
