// Command onboarding prints a customer's admin-consent URL and the
// onboarding report of each customer: is the partner app's service principal
// in the customer tenant and enabled, does a token come, can the app reach,
// read and write the customer's GeoCatalog, and what must the customer do.
//
// With no settings it runs offline on the embedded fakes (tenancytest's Entra
// ID and Microsoft Graph, geocatalogtest's GeoCatalog): it registers a partner
// app and two customers, contoso (GeoCatalog Administrator) and fabrikam
// (GeoCatalog Reader), prints their consent URLs, lets both admins consent,
// and prints both reports.
//
//	go run ./examples/onboarding
//
// Against Azure, set:
//
//	PARTNER_CLIENT_ID      the partner app's client ID, and one credential:
//	PARTNER_CLIENT_SECRET, PARTNER_CERTIFICATE_FILE (with
//	PARTNER_CERTIFICATE_PASSWORD for an encrypted PFX) or
//	PARTNER_MANAGED_IDENTITY_CLIENT_ID (a managed identity the app trusts as a
//	federated credential); or instead PARTNER_CONFIG, a tenancy config file
//	REGISTRY               the customer registry file (tenancy.LoadRegistry)
//	CUSTOMER               optional: one customer's name (default: all)
//	CONSENT_REDIRECT_URI   optional: a redirect URI registered on the app,
//	                       to print admin-consent URLs
//	GRAPH_BASE_URL, GRAPH_SCOPE  optional: Microsoft Graph of a national cloud
//	                       (https://graph.microsoft.us/v1.0 and
//	                       https://graph.microsoft.us/.default)
//
// The exit status is 0 when every report is clean (always in the offline
// demo), 2 when a report lists problems and 1 on an error.
package main
