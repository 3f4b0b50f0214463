// Package partner is the write path shared by the GeoCatalog data-provider
// (partner/gdp) and service-provider (partner/gsp) flows: it validates items,
// stages local asset files into the partner's blob container (Stager), writes
// items in ItemCollection batches and awaits their operations (Writer), skips
// items whose stored content is equal and replaces the others (ContentHash),
// paces requests per customer (Pacer) and records every outcome in an
// append-only Journal so that a re-run after a crash does no completed work
// again. Results come back per item in a Report, with a Manifest of the staged
// assets.
package partner
