// Package gdp is the GeoCatalog data-provider (GDP) flow: a partner delivers
// an Order (a target collection and its items) into a customer's catalog.
//
// Deliver ensures the collection (created when missing, with its extent,
// summaries and item_assets, plus optional queryables and render options so
// the data is searchable and viewable at once), then writes the items
// through the partner write path: local asset files are staged into the
// partner's blob container, new items are created in batches, items stored
// with equal content are skipped and changed ones replaced, every outcome is
// journaled. Orders above a threshold go the bulk way: a static catalog in
// staging storage, an ingestion source for the container and an ingestion
// run with skipExistingItems. DeliverMany sends one order to many customers
// at once, each isolated from the others' throttling and failures.
package gdp
