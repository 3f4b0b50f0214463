// Package stac holds the SpatioTemporal Asset Catalog (STAC) models used by the
// GeoCatalog (Microsoft Planetary Computer Pro) SDK: items, item collections,
// collections, assets, links, extents, the landing page, conformance classes
// and the STAC API search request.
//
// # Lossless round trips
//
// Real catalogs carry many members that no Go struct can foresee (extension
// fields such as "proj:epsg", Microsoft fields such as "msft:_created" and
// "_msft:etag", link "body"/"merge"/"method", ...). Every type in this package
// keeps the members it does not model in an Extra map of raw JSON and writes
// them back, so decoding and re-encoding any document yields JSON equal to the
// input. Datetimes that were not changed are written back with the exact text
// they were read with (for example "2019-11-09T00:00:00.000Z"), and a null
// datetime stays null. A typed field that is set always wins over an Extra
// entry of the same name.
//
// Decoding never rejects a well-formed JSON document because a known member
// has an unexpected type: such a value is kept in Extra, the typed field stays
// empty, and the Validate functions report the problem. This lets pagers read
// whatever a live catalog serves.
//
// # Performance
//
// Items are decoded tens of thousands at a time, so the decoders walk the JSON
// once with a small scanner, decode known members directly and keep unknown
// members as sub-slices of a single copy of the input (one allocation per
// document instead of one per member). Raw values are capped slices, so
// appending to one never overwrites its neighbours.
//
// # Validation
//
// [ValidateItem], [ValidateCollection], [ValidateItemID] and
// [ValidateCollectionID] check a document before it is written to a catalog
// and return a [*ValidationError] that lists every problem with its field path.
// They accept what live catalogs hold, which is more than the STAC JSON schemas
// allow.
package stac
