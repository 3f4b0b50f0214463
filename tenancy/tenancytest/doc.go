// Package tenancytest is an offline Microsoft Entra ID for tests of
// multitenant GeoCatalog code, in the spirit of net/http/httptest.
//
//   - Entra (NewEntra): many tenants on a loopback TLS listener with OpenID
//     discovery, JWKS and the v2.0 token endpoint for the client
//     credentials grant, with a client secret or a client assertion (a
//     certificate-signed assertion as MSAL builds it, or a federated token:
//     a managed identity's token or a workload identity token). Consent is
//     a service principal per tenant (Consent, RemoveConsent); failures
//     come as AADSTS errors in Entra's response shape (7000229, 700016,
//     90002, 7000215, 70021, 700236, 53003 via FailTenant, ...). Latency
//     (SetLatency) and counters (TokenRequests, DiscoveryRequests,
//     GraphRequests) are per tenant. Tokens are RS256 JWTs with tid, oid
//     (the service principal's object ID in that tenant), appid, azp, aud,
//     iss, iat, nbf, exp.
//   - Entra.TokenValidator: the geocatalogtest.TokenValidator that accepts
//     these tokens, so the GeoCatalog emulator authenticates them and
//     applies its per-tenant, per-principal roles.
//   - A fake Microsoft Graph on the same listener (GraphURL): the service
//     principal lookups onboarding checks make, in the tenant of the token:
//     GET /v1.0/servicePrincipals?$filter=appId eq '…',
//     /v1.0/servicePrincipals(appId='…') and /v1.0/servicePrincipals/{id},
//     with $select; an app may read only its own service principal.
//   - ManagedIdentityServer: an App Service-style managed-identity endpoint
//     (IDENTITY_ENDPOINT and IDENTITY_HEADER, see Setenv) and IMDSTransport,
//     a transport answering the fixed IMDS address as on an Azure Batch
//     node. Identities are user-assigned (Entra.AddManagedIdentity); their
//     tokens serve as federated credentials (api://AzureADTokenExchange) or
//     as GeoCatalog tokens of the identity itself.
//
// Point azidentity credentials at the fake with Entra.ClientOptions and
// DisableInstanceDiscovery:
//
//	entra := tenancytest.NewEntra()
//	defer entra.Close()
//	tenant := entra.NewTenant()
//	entra.RegisterApp(appID, tenancytest.WithSecret("s"))
//	oid := entra.Consent(tenant, appID)
//	cred, _ := azidentity.NewClientSecretCredential(tenant, appID, "s",
//		&azidentity.ClientSecretCredentialOptions{ClientOptions: entra.ClientOptions(), DisableInstanceDiscovery: true})
//	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator()})
//	cat := srv.NewCatalog(geocatalogtest.CatalogOptions{TenantID: tenant})
//	cat.Grant(oid, geocatalogtest.RoleReader)
package tenancytest
