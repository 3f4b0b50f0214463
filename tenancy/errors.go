package tenancy

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// Errors a partner can act on. Every error this package returns for them
// matches one of these with errors.Is, whether it comes from
// PartnerApp.Credential(...).GetToken or from any call of a client made by
// PartnerApp.Client.
var (
	// ErrNotOnboarded means the customer tenant has not onboarded the
	// partner app (no admin consent: no service principal), removed or
	// disabled it, does not exist, or has no GeoCatalog. Only that customer
	// is affected; ask its admin to consent (AdminConsentURL). The tenant is
	// not asked again before the back-off ends (TokenError.RetryAfter).
	ErrNotOnboarded = errors.New("tenancy: the customer tenant has not onboarded the partner app, or removed it")

	// ErrPartnerCredential means Entra ID rejects the partner app's own
	// credential (invalid or expired secret, unknown certificate, no
	// matching federated credential). It breaks every customer at once:
	// fix the partner configuration.
	ErrPartnerCredential = errors.New("tenancy: Entra ID rejects the partner app's credential; every customer is affected")

	// ErrAccessRevoked means the customer's catalog refused the partner's
	// token (401 or 403): the customer removed the GeoCatalog role, or the
	// service principal was re-created. The error also matches
	// *azcore.ResponseError with errors.As.
	ErrAccessRevoked = errors.New("tenancy: the customer's catalog refused access (role removed or access revoked)")

	// ErrBlockedByPolicy means the customer's Conditional Access or
	// security policy blocks tokens for the partner app (AADSTS53003).
	ErrBlockedByPolicy = errors.New("tenancy: token issuance blocked by the customer's Conditional Access policy")

	// ErrCollectionNotGranted means a request addressed a collection the
	// customer did not grant to the partner (or a write to a collection
	// granted read-only). No request was sent.
	ErrCollectionNotGranted = errors.New("tenancy: collection not granted by the customer")
)

// aadstsKinds classifies AADSTS codes (Entra ID warns codes evolve: this
// table is the one place to change).
var aadstsKinds = map[int]error{
	7000229: ErrNotOnboarded, // missing service principal (never consented, or deleted)
	700016:  ErrNotOnboarded, // app not found in the directory
	7000112: ErrNotOnboarded, // app or service principal disabled
	700011:  ErrNotOnboarded, // app not found in the tenant
	90002:   ErrNotOnboarded, // tenant not found
	65001:   ErrNotOnboarded, // consent not granted
	500011:  ErrNotOnboarded, // GeoCatalog resource principal not in the tenant

	7000215: ErrPartnerCredential, // invalid client secret
	7000222: ErrPartnerCredential, // expired client secret
	7000218: ErrPartnerCredential, // no credential in the request
	700027:  ErrPartnerCredential, // client assertion signature
	700024:  ErrPartnerCredential, // client assertion time window
	70021:   ErrPartnerCredential, // no matching federated identity record
	700211:  ErrPartnerCredential, // no matching federated identity issuer
	700212:  ErrPartnerCredential, // no matching federated identity audience
	700213:  ErrPartnerCredential, // no matching federated identity subject
	700236:  ErrPartnerCredential, // FIC on an app in another tenant than the managed identity

	53003:  ErrBlockedByPolicy, // Conditional Access
	530032: ErrBlockedByPolicy, // security policy
}

// TokenError is a failed token request for one customer tenant, classified
// from its AADSTS code. errors.Is matches its Kind (ErrNotOnboarded,
// ErrPartnerCredential or ErrBlockedByPolicy) and errors.As finds the
// credential's error (*azidentity.AuthenticationFailedError).
type TokenError struct {
	// TenantID is the customer tenant.
	TenantID string
	// Code is the AADSTS code.
	Code int
	// Kind is the sentinel error the code maps to.
	Kind error
	// Description is Entra ID's error_description, without trace IDs.
	Description string
	// RetryAfter, for ErrNotOnboarded, is when the tenant will be asked
	// again; until then the same error is returned without a request.
	RetryAfter time.Time
	// Err is the credential's error.
	Err error
}

// Error gives the tenant, the classification and the AADSTS code and text.
func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tenancy: token for tenant %s: %s: AADSTS%d", e.TenantID, strings.TrimPrefix(e.Kind.Error(), "tenancy: "), e.Code)
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if !e.RetryAfter.IsZero() {
		fmt.Fprintf(&b, " (not asked again before %s)", e.RetryAfter.UTC().Format(time.RFC3339))
	}
	return b.String()
}

// Unwrap returns the kind and the credential's error.
func (e *TokenError) Unwrap() []error { return []error{e.Kind, e.Err} }

// NonRetriable tells azcore's retry policy not to retry.
func (*TokenError) NonRetriable() {}

var aadstsPattern = regexp.MustCompile(`AADSTS(\d+)`)

// classifyTokenError returns a *TokenError for a credential error carrying a
// classified AADSTS code, or nil.
func classifyTokenError(tenantID string, err error) *TokenError {
	code, desc := aadstsOf(err)
	kind, ok := aadstsKinds[code]
	if !ok {
		return nil
	}
	return &TokenError{TenantID: tenantID, Code: code, Kind: kind, Description: desc, Err: err}
}

// aadstsOf reads the AADSTS code and description of a token error: from the
// response body's error_codes (Entra's contract), else from the text (an
// error raised during discovery has no response).
func aadstsOf(err error) (int, string) {
	var afe *azidentity.AuthenticationFailedError
	if errors.As(err, &afe) && afe.RawResponse != nil {
		if body, rerr := runtime.Payload(afe.RawResponse); rerr == nil {
			var b struct {
				Codes       []int  `json:"error_codes"`
				Description string `json:"error_description"`
			}
			if json.Unmarshal(body, &b) == nil && len(b.Codes) > 0 {
				return b.Codes[0], trimDescription(b.Description)
			}
		}
	}
	m := aadstsPattern.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, ""
	}
	code, _ := strconv.Atoi(m[1])
	return code, ""
}

// trimDescription drops the "AADSTSnnn: " prefix and the trace, correlation
// and timestamp suffix of an error_description.
func trimDescription(d string) string {
	if i := strings.Index(d, ": "); i > 0 && strings.HasPrefix(d, "AADSTS") {
		d = d[i+2:]
	}
	if i := strings.Index(d, " Trace ID:"); i >= 0 {
		d = d[:i]
	}
	return strings.TrimSpace(d)
}

// AccessRevokedError is a 401 or 403 answer of a customer's catalog.
// errors.Is(err, ErrAccessRevoked) holds and errors.As finds the
// *azcore.ResponseError.
type AccessRevokedError struct {
	// Customer is the customer's name.
	Customer string
	// TenantID is the customer's tenant.
	TenantID string
	// StatusCode is 401 or 403.
	StatusCode int
	// Err is the catalog's *azcore.ResponseError.
	Err error
}

// Error names the customer and includes the catalog's error.
func (e *AccessRevokedError) Error() string {
	return fmt.Sprintf("tenancy: customer %q (tenant %s): the catalog answered %d: access revoked or role missing: %v",
		e.Customer, e.TenantID, e.StatusCode, e.Err)
}

// Unwrap returns ErrAccessRevoked and the catalog's error.
func (e *AccessRevokedError) Unwrap() []error { return []error{ErrAccessRevoked, e.Err} }

// NonRetriable tells azcore's retry policy not to retry.
func (*AccessRevokedError) NonRetriable() {}

// CollectionNotGrantedError is a request refused before it was sent because
// it addressed a collection outside the customer's grants.
type CollectionNotGrantedError struct {
	// Customer is the customer's name.
	Customer string
	// Collection is the collection asked for ("" for a catalog-wide write).
	Collection string
	// Access is the access the request needed.
	Access Access
	// Method and Path are the refused request's (no query).
	Method, Path string
}

// Error says what was refused and why.
func (e *CollectionNotGrantedError) Error() string {
	if e.Collection == "" {
		return fmt.Sprintf("tenancy: customer %q: %s %s refused: it is not confined to a granted collection", e.Customer, e.Method, e.Path)
	}
	return fmt.Sprintf("tenancy: customer %q did not grant %s access to collection %q (%s %s refused, nothing sent)",
		e.Customer, e.Access, e.Collection, e.Method, e.Path)
}

// Unwrap returns ErrCollectionNotGranted.
func (e *CollectionNotGrantedError) Unwrap() error { return ErrCollectionNotGranted }

// NonRetriable tells azcore's retry policy not to retry.
func (*CollectionNotGrantedError) NonRetriable() {}
