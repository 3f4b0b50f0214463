// Package geocatalogtest is an in-process Microsoft Planetary Computer Pro
// (GeoCatalog) data plane for tests, benchmarks and examples, in the manner
// of net/http/httptest.
//
//	srv := geocatalogtest.NewServer(nil)
//	defer srv.Close()
//	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
//
// A Server runs one or more catalogs (Server.NewCatalog: one per customer
// tenant), each on its own https listener on 127.0.0.1, and one https blob
// endpoint acting as their managed storage. Every listener presents one
// self-signed certificate that Server.Client trusts.
//
// Each catalog answers the STAC, collection-configuration, ingestion,
// operations and SAS routes of the 2026-04-15 and 2025-04-30-preview
// api-versions with the service's status codes, headers (Location,
// operation-location, x-ms-error-code, X-Request-ID, api-supported-versions)
// and body shapes. Writes are asynchronous: they answer 202 with an
// Operation that goes Pending, Running, then Succeeded or Failed. Items
// created or replaced have their assets fetched and copied into managed
// storage, their hrefs rewritten; /sas/token and /sas/sign give SAS tokens
// that the blob endpoint verifies. Ingestion runs read static catalogs over
// HTTP.
//
// Requests need a bearer token accepted by the server's token table
// (Server.Tokens) or Options.TokenValidator, issued by the catalog's tenant,
// for a principal granted a role (Catalog.Grant). Catalog.SetFaults injects
// seeded latency, throttling, 5xx answers, dropped connections and failing
// operations; Catalog.Stats and Catalog.Exchanges count what happened.
package geocatalogtest
