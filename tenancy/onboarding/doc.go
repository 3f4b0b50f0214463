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
// Graph is reached with msgraph-sdk-go, through a client pinned to the
// customer tenant (the app's credential for that tenant). Its base URL and
// HTTP client are configurable (VerifyOptions), for a sovereign cloud or a
// test fake; the authentication provider's allowed hosts follow the base URL,
// since kiota silently sends no Authorization header to any other host.
//
// This is the only package of the module that imports msgraph-sdk-go (it
// imports only the sub-packages it needs). Its cold build is slow and
// memory-hungry, so nothing else in the module imports this package.
package onboarding
