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
// self-signed certificate that Server.Client trusts (Server.CertPEM gives
// it to child processes).
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
//
// Where the documentation, the spec and the recorded examples disagree, the
// emulator answers as follows:
//   - POST /stac/collections: 202 AddCollection operation; 409
//     CollectionAlreadyExists at once when the id is taken.
//   - PUT /stac/collections/{id}: 200 with the collection when it exists
//     (the StacCollections_Replace example), else 202 AddCollection.
//   - DELETE /stac/collections/{id}: 404 at once when missing, else 202
//     DeleteCollection.
//   - Item POST (Item or ItemCollection), PUT, PATCH and DELETE: 400 at once
//     for a malformed body, else 202 (AddItem, UpdateItem, UpdateItem,
//     DeleteItem). Missing collections, existing ids, missing items and
//     unreadable assets fail the operation (CollectionDoesNotExist,
//     ItemAlreadyExistsInCollection, NoRecordsToDelete / NoRecordsToPatch,
//     IngestionResourceUriNotFound, IngestionResourceForbidden,
//     IngestionAuthenticationFailed, IngestionResourceConnectionFailed,
//     IngestionResourceTimeout, InvalidAssetHref, EmptyAsset). A failed
//     item of an ItemCollection fails the operation with
//     ErrorsInBatchOperation and one detail per item; the others are kept.
//   - Ingestion runs fail when any item fails (ErrorsInBatchOperation, or
//     the item's own code for a one-item catalog); the counters tell how
//     many succeeded. Items skipped by skipExistingItems count as successful.
//   - Mosaic, render-option and queryable writes: 201 when new, 200 when
//     replaced; deletes of mosaics and render options 204, of queryables
//     200 with no body; partition-type PUT 200 with no body (409 once the
//     collection has items); collection-asset POST 201, PUT and DELETE 200
//     with the collection.
//   - /inma lists default to $top=100 (at most 1000); operations are
//     listed newest first.
//   - SAS tokens are container SAS (sr=c, sp=rl) signed with a per-catalog
//     key; POST /sas/token/revoke rotates the key. /sas durations are
//     minutes, default 24 hours; STAC sign=true takes duration in minutes.
//   - api-version is optional under /data/ only (tile URLs carry none).
//   - Paths no route serves, with a trailing slash or with empty, "." or
//     ".." segments included, answer 404 NotFound in the service's error
//     shape (never a redirect).
//   - The blob endpoint serves Get Blob (Range or x-ms-range: 206 with
//     Content-Range) and flat List Blobs (prefix, maxresults up to 5000,
//     marker/NextMarker), with Azure Storage's XML errors; it is read-only.
package geocatalogtest
