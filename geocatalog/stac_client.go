package geocatalog

// STACClient is the client of the STAC API of a GeoCatalog: landing page,
// conformance, collections, items, search, queryables and collection
// configuration. Get one with Client.STAC.
type STACClient struct{ c *Client }
