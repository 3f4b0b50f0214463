package onboarding

import (
	"strconv"

	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// Check names one check of Verify.
type Check string

// The checks of Verify, in the order they run.
const (
	// CheckServicePrincipal: the app's service principal exists and is
	// enabled in the customer tenant (Microsoft Graph).
	CheckServicePrincipal Check = "service principal"
	// CheckToken: the app gets a GeoCatalog token in the customer tenant.
	CheckToken Check = "token"
	// CheckCatalog: the customer's catalog answers at its endpoint.
	CheckCatalog Check = "catalog"
	// CheckRead: the app can read the catalog (a GeoCatalog role).
	CheckRead Check = "read"
	// CheckWrite: the app can write to the catalog (the GeoCatalog
	// Administrator role).
	CheckWrite Check = "write"
)

// Report is the outcome of Verify for one customer.
type Report struct {
	// Customer is the customer's name.
	Customer string
	// TenantID is the customer's tenant.
	TenantID string
	// Endpoint is the customer's catalog URL.
	Endpoint string
	// AppID is the partner app's client ID.
	AppID string
	// ConsentURL is the admin-consent URL of the customer's tenant (empty
	// when VerifyOptions.ConsentRedirectURI is not set).
	ConsentURL string

	// ServicePrincipal is what Entra ID and Microsoft Graph say about the
	// app's service principal in the customer tenant.
	ServicePrincipal ServicePrincipal
	// Token is the GeoCatalog token check.
	Token TokenCheck

	// CatalogChecked is false when the catalog was not contacted (no token).
	CatalogChecked bool
	// CatalogReachable means the catalog answered (any HTTP status).
	CatalogReachable bool
	// CanRead means GET /stac/collections succeeded.
	CanRead bool
	// CanWrite means the write probe was authorized (see WriteProbe).
	CanWrite bool
	// WriteProbe describes the write probe sent, or why none was.
	WriteProbe string
	// Collections are the IDs of the collections the app sees (for a
	// customer that granted specific collections, only those).
	Collections []string

	// Problems lists, in check order, what the customer (or, for a
	// partner-side problem, the partner) must do. Empty when every check
	// passed.
	Problems []Problem
}

// OK reports whether every check passed.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// ServicePrincipal is the partner app's service principal in the customer
// tenant.
type ServicePrincipal struct {
	// Found means the service principal exists (the customer consented).
	Found bool
	// Enabled means it may sign in (accountEnabled).
	Enabled bool
	// ObjectID is its object ID in the customer tenant: the principal
	// GeoCatalog roles are assigned to. Empty when Graph was not read.
	ObjectID string
	// DisplayName is its display name. Empty when Graph was not read.
	DisplayName string
	// GraphChecked means Microsoft Graph returned the service principal;
	// otherwise Found and Enabled come from Entra ID's answer to the token
	// request (a token is only issued to an existing, enabled one).
	GraphChecked bool
}

// TokenCheck is the GeoCatalog token check.
type TokenCheck struct {
	// OK means a token was issued. The token itself is never kept.
	OK bool
	// Err is the token error: a *tenancy.TokenError for the classified
	// AADSTS failures (tenancy.ErrNotOnboarded, ErrPartnerCredential,
	// ErrBlockedByPolicy).
	Err error
}

// Problem is one failed check and what to do about it.
type Problem struct {
	// Check is the check that failed.
	Check Check
	// Action is what the customer must do, phrased for the customer's
	// administrator (or, when it starts with "Partner:", for the partner).
	Action string
	// Err is the underlying error, if any. Its text never holds a token or
	// a secret.
	Err error
}

// appRef is how actions name the app.
func appRef(app *tenancy.PartnerApp, sp ServicePrincipal) string {
	if sp.DisplayName != "" {
		return "the app " + quote(sp.DisplayName) + " (app ID " + app.ClientID() + ")"
	}
	return "the app with app ID " + app.ClientID()
}

func quote(s string) string { return strconv.Quote(s) }
