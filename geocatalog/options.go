package geocatalog

import (
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// DefaultAPIVersion is the GeoCatalog data-plane api-version the client sends
// unless ClientOptions.APIVersion says otherwise.
const DefaultAPIVersion = "2026-04-15"

// APIVersion2025Preview is the preview api-version used by the published
// quickstarts. STAC, ingestion and SAS paths are the same as in the GA version.
const APIVersion2025Preview = "2025-04-30-preview"

// Scope is the OAuth 2.0 scope of GeoCatalog data-plane tokens.
const Scope = "https://geocatalog.spatio.azure.com/.default"

// ClientOptions contains the optional settings of a Client. A nil
// *ClientOptions means the defaults.
type ClientOptions struct {
	// ClientOptions are azcore's options. Whatever Transport holds, the
	// client never follows a redirect (see GuardTransport) and strips
	// secrets from response headers before they are logged.
	azcore.ClientOptions

	// APIVersion overrides DefaultAPIVersion.
	APIVersion string

	// AllowedHosts lists extra host names (without port) that the client may
	// talk to besides *.geocatalog.spatio.azure.com: an emulator, an API
	// proxy or a sovereign cloud. A bearer token is only ever sent to the
	// client's own endpoint. SAS.SignItem also treats asset hrefs on these
	// hosts as managed storage (besides Azure Blob hosts).
	AllowedHosts []string

	// PollFrequency is how often pollers check a long-running operation.
	// Zero means the default (1 second). The service sends no Retry-After on
	// operations, so the client applies this interval through the poll
	// responses: it governs Poller.PollUntilDone (whose own Frequency option
	// is then not used), and a Retry-After the service does send still wins.
	PollFrequency time.Duration

	// ResponseLimits caps the size of response bodies per call kind (pages,
	// documents, operations); zero fields mean DefaultMaxResponseBytes. A
	// body over its limit fails the call with a *ResponseTooLargeError and
	// is not read further.
	ResponseLimits ResponseLimits
}
