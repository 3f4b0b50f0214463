package onboarding

import "net/http"

// DefaultGraphBaseURL is the Microsoft Graph v1.0 endpoint of the public
// cloud.
const DefaultGraphBaseURL = "https://graph.microsoft.com/v1.0"

// GraphScope is the scope of the app-only Microsoft Graph token.
const GraphScope = "https://graph.microsoft.com/.default"

// VerifyOptions are the optional settings of Verify. A nil *VerifyOptions
// means the defaults.
type VerifyOptions struct {
	// ConsentRedirectURI is a redirect URI registered on the partner app.
	// When set, the report carries the customer's admin-consent URL
	// (tenancy.PartnerApp.AdminConsentURL) and the "grant admin consent"
	// action quotes it.
	ConsentRedirectURI string
	// ConsentState is the state parameter of the consent URL (optional).
	ConsentState string

	// GraphBaseURL replaces DefaultGraphBaseURL: a national cloud
	// (https://graph.microsoft.us/v1.0) or a test fake. Its host is the
	// only host the Graph token is sent to.
	GraphBaseURL string
	// GraphHTTPClient is the HTTP client of Graph requests, used as is
	// (it should include Graph's middleware: retries, redirects). Nil means
	// an HTTP client with Graph's default middleware over GraphTransport.
	GraphHTTPClient *http.Client
	// GraphTransport is the transport under Graph's default middleware
	// when GraphHTTPClient is nil (for example one that trusts a test
	// fake's certificate). Nil means kiota's default transport.
	GraphTransport http.RoundTripper
	// GraphScope replaces the scope of the Graph token (default GraphScope),
	// for a national cloud: https://graph.microsoft.us/.default.
	GraphScope string
	// SkipGraph skips the Graph lookup: the service principal check then
	// relies on Entra ID's answer to the token request only.
	SkipGraph bool

	// ReadOnly says the partner only reads this customer's catalog: the
	// write probe is not sent and the Reader role is enough. A customer
	// that granted specific collections, none for writing, is read-only
	// too.
	ReadOnly bool
}
