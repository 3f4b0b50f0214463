// Package store holds the emulator's catalog data in memory and answers STAC
// searches over it. The HTTP layer of geocatalogtest parses requests, calls a
// Store and writes responses; nothing here knows about HTTP.
//
// Requests are parsed by ParseSearchBody (POST /stac/search) and
// ParseSearchParams (GET /stac/search and the items list) into a Query;
// malformed input is a *QueryError (answer 400 with its message). A Query
// supports collections, ids, bbox (4 or 6 numbers, across the antimeridian
// when west > east), intersects (any GeoJSON geometry), datetime (instant or
// interval with open ends), limit, sortby, fields, the STAC query extension,
// and filter in CQL2-JSON (cql-json accepted as an alias) or CQL2-text.
//
// Geometry tests are exact and planar on longitude/latitude, with closed
// boundaries (touching intersects) and polygon holes honoured.
//
// The default order is datetime descending (start_datetime when datetime is
// null; items with neither last), then id, then collection. Paging tokens are
// the sort key of a page's last item, so the next page continues correctly
// while items are added or removed; a token from another sort order is a
// *QueryError.
//
// New keeps documents verbatim (a page returns the stored bytes unless fields
// are selected), copied into per-collection slabs, and keeps, per
// collection, the items sorted in the default order with a compact scan
// index; properties are read from the document when a query needs them. A
// first default-ordered page is one linear scan (it counts the matches); a
// page after a token seeks to the token's key and stops once it is full, and
// reports the first page's count only while nothing was written since (else
// Page.Matched is -1).
package store
