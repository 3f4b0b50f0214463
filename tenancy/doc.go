// Package tenancy connects a partner's multitenant Entra ID app to its
// customers' GeoCatalogs (Microsoft Planetary Computer Pro).
//
// A partner holds one multitenant app. Each customer onboards it with an
// admin consent (AdminConsentURL), which creates the app's service
// principal in the customer tenant, and grants that service principal a
// GeoCatalog Reader or Administrator role on its catalog.
//
//	cfg, err := tenancy.LoadConfig("partner.json")         // client ID + one credential source
//	app, err := tenancy.NewPartnerApp(cfg, nil)
//	reg, err := tenancy.LoadRegistry("customers.json")     // name, tenant, endpoint, granted collections
//	contoso, _ := reg.Customer("contoso")
//	client, err := app.Client(ctx, contoso, nil)            // embeds a *geocatalog.Client pinned to contoso's tenant
//
// Credential sources (Config.Credential, exactly one): a client secret; a
// certificate (PEM or PFX); a user-assigned managed identity used as the
// app's federated identity credential, the secretless way (its token for
// api://AzureADTokenExchange is exchanged for the app's token in each
// customer tenant; on Azure Batch the identity comes from IMDS); Kubernetes
// workload identity (a projected token file). Secrets are Secret values,
// which never print.
//
// Multitenancy rules the package enforces (docs/DESIGN.md, section 5):
// one azidentity credential per customer tenant (a shared credential
// serialises every tenant's token fetch behind one lock, so a slow tenant
// would stall the others), and one catalog client, hence one bearer-token
// policy, per customer (a bearer policy caches a single token and would
// send one tenant's token to another tenant's catalog).
//
// Errors a partner can act on match, through any geocatalog call:
//   - ErrNotOnboarded: the tenant has no (or a disabled) service principal of
//     the app, does not exist, or lacks GeoCatalog. That tenant only; it is
//     not asked again until a back-off ends (PartnerApp.ResetBackoff).
//   - ErrPartnerCredential: Entra ID rejects the partner's own credential;
//     every customer is affected.
//   - ErrBlockedByPolicy: the customer's Conditional Access blocks the app.
//   - ErrAccessRevoked: the catalog answered 401 or 403 (role removed); the
//     error is also an *azcore.ResponseError.
//   - ErrCollectionNotGranted: the request left the customer's granted
//     collections (below); nothing was sent.
//
// Least privilege beyond the service: GeoCatalog roles apply to a whole
// catalog, with no collection-level access control. A customer record may
// list the collections the customer granted (read or write); that
// customer's client then refuses every request for another collection,
// every write to a read-only one and every catalog-wide write, confines
// searches without collections to the granted ones, and filters the
// collection and operation lists. A customer can grant a partner one
// collection and trust the partner's code to stay inside it.
//
// Package tenancytest provides a fake Entra ID (many tenants, consent,
// AADSTS errors), a fake Microsoft Graph and a fake managed-identity
// endpoint, whose tokens the geocatalogtest emulator accepts, so that all
// of this runs offline.
package tenancy
