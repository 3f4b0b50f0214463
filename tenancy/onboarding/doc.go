// Package onboarding checks that a customer tenant is ready for a partner's
// multitenant app, and says what the customer must do when it is not.
//
//	report, err := onboarding.Verify(ctx, app, customer, &onboarding.VerifyOptions{
//		ConsentRedirectURI: "https://partner.example/onboarded",
//	})
//	if err != nil { ... } // only for invalid arguments or a cancelled ctx
//	fmt.Print(report)     // the checks, then one action per problem
//
// Verify checks, in order:
//
//  1. Service principal: the app's token for Microsoft Graph in the customer
//     tenant, then GET /servicePrincipals(appId='…') there (an app may read
//     its own service principal without any Graph permission). It tells
//     whether the customer consented (the service principal exists), whether
//     it is enabled, and its object ID, the principal GeoCatalog roles are
//     assigned to.
//  2. Token: the app's GeoCatalog token in the customer tenant.
//  3. Catalog: GET /stac/collections on the customer's catalog, through the
//     app's client for that customer (tenancy.PartnerApp.Client): reachable
//     (any HTTP answer), readable (200), and the collections visible.
//  4. Write: a request the catalog authorizes as a write but that changes
//     nothing (see the write probe below).
//
// # The write probe
//
// Verify must tell a Reader from an Administrator without changing the
// customer's data. It sends a request that needs write access (the
// GeoCatalog Administrator role) but addresses a resource that cannot exist,
// so that the service authorizes it and then finds nothing to change:
//
//   - customer with no collection grants: DELETE /inma/operations/{id}
//     (cancel one operation), id a fresh random UUID v4;
//   - customer that granted collections (tenancy.Customer.Collections):
//     PATCH /inma/collections/{c}/ingestions/{id} with the empty merge patch
//     {}, c the first collection granted for writing, id a fresh random UUID
//     v4. The partner's own client refuses catalog-wide writes for such a
//     customer, and {} would change nothing even if the id existed. A
//     customer that granted only reads (or VerifyOptions.ReadOnly) gets no
//     probe: the Reader role is enough.
//
// The answer: 404 (or 2xx) means the request passed authorization, so
// CanWrite; 403 means the principal lacks the write role (a Reader), and
// the action asks for the GeoCatalog Administrator role; 401 is a token
// problem; anything else leaves write access unknown (CanWrite false, with a
// problem saying so).
//
// Why this is safe and tells the roles apart:
//   - GeoCatalog roles are Azure RBAC roles on the whole catalog, checked on
//     every data-plane request; a Reader calling any PUT, PATCH or DELETE, or
//     any /inma write, gets 403 (Azure RBAC on the data plane; see
//     docs/DESIGN.md, section 5). Authorization precedes the handler,
//     so the id is not looked up for a Reader. The emulator
//     (geocatalogtest) does the same: its gateway answers 403 to a Reader's
//     write before routing, and its routes answer 404 for an unknown
//     operation or ingestion.
//   - Nothing is created: cancelling an operation and updating an ingestion
//     are synchronous (no long-running operation, unlike item PATCH or
//     DELETE, which answer 202 and leave a failed operation in the
//     customer's operation list), and a random 122-bit id names no existing
//     resource.
//   - Rejected alternatives: PATCH or DELETE of a missing item (records an
//     operation); an invalid POST body (a 400 may come before authorization,
//     so both roles could look alike); DELETE /inma/operations without an id
//     (cancels every operation: never sent).
//
// Not verified against the live service: that it authorizes before looking
// the id up. If it looked up first, a Reader would get 404 and be reported
// as able to write; the first real write would then fail with 403
// (tenancy.ErrAccessRevoked).
//
// # Microsoft Graph
//
// Graph is reached with msgraph-sdk-go, through a client pinned to the
// customer tenant (the app's credential for that tenant). Its base URL and
// HTTP client are configurable (VerifyOptions), for a sovereign cloud or a
// test fake; the authentication provider's allowed hosts follow the base URL,
// since kiota silently sends no Authorization header to any other host.
//
// This is the only package of the module that imports msgraph-sdk-go (it
// imports only the sub-packages it needs). Its cold build is slow and
// memory-hungry, so nothing else in the module imports this package but its
// example program, examples/onboarding.
package onboarding
