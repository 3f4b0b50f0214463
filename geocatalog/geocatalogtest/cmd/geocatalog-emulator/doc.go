// Command geocatalog-emulator runs the GeoCatalog emulator of
// geocatalogtest as a standalone server, so that any language's SDK (the
// official Python, JavaScript and .NET SDKs, curl, notebooks) can test
// against it.
//
//	go run github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/cmd/geocatalog-emulator -catalogs 2 -load items.ndjson
//
// It starts one or more catalogs on loopback with their managed storage and
// a fake Entra ID, writes the CA certificate of every listener to a file and
// prints, one KEY=VALUE line each on standard output, what a client needs:
// the catalog endpoints, the CA file, the fake Entra ID's authority host and
// token endpoint, a tenant, a client ID and secret of an app that is
// Administrator on every catalog, and a ready bearer token. The line
// GEOCATALOG_READY=1 comes last. Human notes go to standard error.
//
// Flags:
//
//	-addr HOST:PORT   loopback address of the first catalog (default: a free port on 127.0.0.1)
//	-catalogs N       number of catalogs (default 1)
//	-load PATH        NDJSON items (one item a line) or a folder holding collection.json and items
//	-collection ID    collection of NDJSON items that name none (default "emulator")
//	-latency D        added latency of every request (for example 50ms)
//	-faults SPEC      injected faults, for example throttle=0.1,error=0.05,drop=0.01,seed=1
//	-ca-file PATH     where to write the CA certificate (default: a temporary file)
//	-client-id ID     client ID of the app (default: a new GUID)
//	-client-secret S  secret of the app (default: a random one)
//	-tenant ID        the catalogs' tenant (default: geocatalogtest.DefaultTenantID)
//
// It stops cleanly on SIGINT or SIGTERM (exit status 0).
package main
