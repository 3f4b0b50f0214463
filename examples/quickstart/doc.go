// Command quickstart is the SDK's main job in miniature. A partner's
// multitenant app reaches two customers' GeoCatalogs, each in its own
// tenant; for each customer it makes sure a collection exists, creates items
// whose GeoTIFF assets the catalog copies into its managed storage, searches
// them, reads one asset back through a SAS token, and then delivers an order
// the way a data provider does (partner/gdp: idempotent, per-item report).
//
// With no settings it runs everything on loopback: the geocatalogtest
// emulator (two catalogs) and tenancytest's fake Entra ID (two tenants):
//
//	go run ./examples/quickstart
//
// Against Azure, either
//   - set GEOCATALOG_ENDPOINT (one catalog, azidentity.DefaultAzureCredential,
//     which needs the GeoCatalog Administrator role), or
//   - set PARTNER_CONFIG (a tenancy.Config JSON file: the partner app's client
//     ID and credential) and REGISTRY (a tenancy registry JSON file): every
//     customer of the registry is served in its own tenant;
//
// and QUICKSTART_ASSET_BASE_URL: an https location the catalogs can read
// (e.g. a container URL with a read SAS) holding asset-0.tif ... asset-11.tif.
package main
