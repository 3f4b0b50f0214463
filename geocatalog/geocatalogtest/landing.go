package geocatalogtest

import (
	"net/http"
	"net/url"
)

// conformance lists the conformance classes the service declares
// (StacConformanceClass_Get).
var conformance = []string{
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
	"https://api.stacspec.org/v1.0.0-rc.2/item-search#filter",
	"https://api.stacspec.org/v1.0.0/collections",
	"https://api.stacspec.org/v1.0.0/core",
	"https://api.stacspec.org/v1.0.0/item-search",
	"https://api.stacspec.org/v1.0.0/item-search#fields",
	"https://api.stacspec.org/v1.0.0/item-search#query",
	"https://api.stacspec.org/v1.0.0/item-search#sort",
	"https://api.stacspec.org/v1.0.0/ogcapi-features",
}

func (c *Catalog) getConformance(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"conformsTo": conformance})
}

// getLanding answers GET /stac: the STAC landing page with a child link per collection.
func (c *Catalog) getLanding(w http.ResponseWriter, _ *http.Request) {
	links := []any{
		link("self", "application/json", c.stacURL("/")),
		link("root", "application/json", c.stacURL("/")),
		link("data", "application/json", c.stacURL("/collections")),
		link("conformance", "application/json", c.stacURL("/conformance")),
		link("queryables", "application/schema+json", c.stacURL("/queryables")),
	}
	search := link("search", "application/geo+json", c.stacURL("/search"))
	search["method"] = "GET"
	postSearch := link("search", "application/geo+json", c.stacURL("/search"))
	postSearch["method"] = "POST"
	links = append(links, search, postSearch)
	for _, doc := range c.store.Collections() {
		m, err := decodeObject(doc)
		if err != nil {
			continue
		}
		l := link("child", "application/json", c.stacURL("/collections/"+url.PathEscape(str(m, "id"))))
		if t := str(m, "title"); t != "" {
			l["title"] = t
		}
		links = append(links, l)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id":           c.Name,
		"type":         "Catalog",
		"title":        c.Name + " GeoCatalog (emulator)",
		"description":  "Microsoft Planetary Computer Pro GeoCatalog emulator",
		"stac_version": "1.0.0",
		"conformsTo":   conformance,
		"links":        links,
	})
}

// getAuthConfig answers GET /geocatalog/auth.
func (c *Catalog) getAuthConfig(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{
		"authn_app_id": "00000000-0000-0000-0000-000000000000",
		"tenant_id":    c.TenantID,
		"instance":     "https://login.microsoftonline.com/",
		"redirect_uri": c.URL + "/",
	})
}
