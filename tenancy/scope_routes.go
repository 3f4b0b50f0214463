package tenancy

import (
	"net/http"
	"strings"
)

// routeKind says how the scope policy treats a request.
type routeKind int

const (
	routeRefused     routeKind = iota // not confined to granted collections
	routeCollection                   // addresses one collection
	routeCatalogRead                  // harmless catalog-wide read
	routeCreateColl                   // POST /stac/collections: the body names the collection
	routeSearch                       // /stac/search: confine to granted collections
	routeRegister                     // POST /data/mosaic/register: confine like a search
	routeRegistered                   // /data/mosaic/searches/{id}: only searches registered by this client
	routeListColls                    // GET /stac/collections: filter the response
	routeListOps                      // GET /inma/operations: filter the response
	routeGetOp                        // GET /inma/operations/{id}: check the response
)

// route is the classification of one request.
type route struct {
	kind       routeKind
	collection string
	searchID   string
	access     Access
}

// isRead reports whether method only reads.
func isRead(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// classifyRoute maps a GeoCatalog request (method and unescaped path) to
// what it touches. Paths follow the GeoCatalog REST API: /stac, /inma,
// /sas, /data and /geocatalog.
func classifyRoute(method, path string) route {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	access := AccessWrite
	if isRead(method) {
		access = AccessRead
	}
	at := func(i int) string {
		if i < len(seg) {
			return seg[i]
		}
		return ""
	}
	coll := func(id string, a Access) route {
		if id == "" {
			return route{kind: routeRefused}
		}
		return route{kind: routeCollection, collection: id, access: a}
	}
	read := isRead(method)
	switch at(0) {
	case "stac":
		switch {
		case len(seg) == 1 || (len(seg) == 2 && (at(1) == "conformance" || at(1) == "queryables")):
			if read {
				return route{kind: routeCatalogRead}
			}
		case at(1) == "search" && len(seg) == 2 && (read || method == http.MethodPost):
			return route{kind: routeSearch, access: AccessRead}
		case at(1) == "collections" && len(seg) == 2:
			if read {
				return route{kind: routeListColls}
			}
			if method == http.MethodPost {
				return route{kind: routeCreateColl, access: AccessWrite}
			}
		case at(1) == "collections":
			return coll(at(2), access)
		}
	case "inma":
		switch {
		case at(1) == "collections" && len(seg) >= 3:
			return coll(at(2), access)
		case at(1) == "operations" && len(seg) == 2 && read:
			return route{kind: routeListOps}
		case at(1) == "operations" && len(seg) == 3 && read:
			return route{kind: routeGetOp}
		}
	case "sas":
		switch {
		case at(1) == "token" && len(seg) == 3 && at(2) != "revoke" && read:
			return coll(at(2), AccessRead)
		case at(1) == "sign" && len(seg) == 2 && read:
			// Hrefs to sign are learnt only by reading granted items.
			return route{kind: routeCatalogRead}
		}
	case "data":
		// The tiler only reads, whatever the method (crops and statistics
		// are POSTs).
		switch {
		case at(1) == "mosaic" && at(2) == "collections":
			return coll(at(3), AccessRead)
		case at(1) == "mosaic" && at(2) == "register" && len(seg) == 3 && method == http.MethodPost:
			return route{kind: routeRegister, access: AccessRead}
		case at(1) == "mosaic" && at(2) == "searches" && at(3) != "":
			return route{kind: routeRegistered, searchID: at(3), access: AccessRead}
		case at(1) == "collections":
			// 2025-04-30-preview layout: /data/collections/{id}/...
			return coll(at(2), AccessRead)
		case at(1) == "mosaic" && len(seg) >= 3:
			// Preview layout: /data/mosaic/{searchId}/...
			return route{kind: routeRegistered, searchID: at(2), access: AccessRead}
		case at(1) == "tile-matrix-sets" || at(1) == "legend":
			return route{kind: routeCatalogRead}
		}
	case "geocatalog":
		if read {
			return route{kind: routeCatalogRead}
		}
	}
	return route{kind: routeRefused, access: access}
}
