// Command gdp-delivery is a data provider's delivery in miniature: it
// generates a small order (GeoTIFF tiles written to a local directory and
// STAC items pointing at them) and delivers it with partner/gdp: the
// collection is ensured, the GeoTIFFs are staged into the partner's blob
// container with read-only SAS URLs, items are created in batches, awaited
// and journaled, and the report is printed. It then delivers the same order
// again to show that nothing is written twice.
//
// With no settings it delivers to the embedded emulator (geocatalogtest),
// staging through a local Azurite (installed with npm on first use):
//
//	go run ./examples/gdp-delivery
//
// To deliver to a customer of the partner's registry, set
//
//	PARTNER_CONFIG      the partner app configuration (tenancy.LoadConfig)
//	REGISTRY            the customer registry file (tenancy.LoadRegistry)
//	CUSTOMER            the customer's name in the registry
//	STAGING_CONTAINER_URL   the partner's staging container URL, e.g.
//	                        https://acct.blob.core.windows.net/staging
//
// The staging container is reached with azidentity.DefaultAzureCredential
// (Storage Blob Data Contributor, and a user delegation key to sign SAS).
package main
