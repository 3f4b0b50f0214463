package geocatalogtest

import "net/http"

// routes registers every route of the catalog's REST surface.
func (c *Catalog) routes() *http.ServeMux {
	m := http.NewServeMux()
	h := func(pattern string, f http.HandlerFunc) { m.HandleFunc(pattern, f) }

	// STAC core.
	h("GET /stac", c.getLanding)
	h("GET /stac/{$}", c.getLanding)
	h("GET /stac/conformance", c.getConformance)
	h("GET /stac/collections", c.listCollections)
	h("POST /stac/collections", c.createCollection)
	h("GET /stac/collections/{collectionId}", c.getCollection)
	h("PUT /stac/collections/{collectionId}", c.replaceCollection)
	h("DELETE /stac/collections/{collectionId}", c.deleteCollection)
	h("GET /stac/collections/{collectionId}/items", c.listItems)
	h("POST /stac/collections/{collectionId}/items", c.createItems)
	h("GET /stac/collections/{collectionId}/items/{itemId}", c.getItem)
	h("PUT /stac/collections/{collectionId}/items/{itemId}", c.replaceItem)
	h("PATCH /stac/collections/{collectionId}/items/{itemId}", c.updateItem)
	h("DELETE /stac/collections/{collectionId}/items/{itemId}", c.deleteItem)
	h("GET /stac/search", c.searchGET)
	h("POST /stac/search", c.searchPOST)
	h("GET /stac/queryables", c.listAllQueryables)
	h("GET /stac/collections/{collectionId}/queryables", c.listQueryables)
	h("POST /stac/collections/{collectionId}/queryables", c.createQueryables)
	h("PUT /stac/collections/{collectionId}/queryables/{queryableName}", c.replaceQueryable)
	h("DELETE /stac/collections/{collectionId}/queryables/{queryableName}", c.deleteQueryable)
	h("GET /stac/collections/{collectionId}/thumbnail", c.getThumbnail)
	h("POST /stac/collections/{collectionId}/assets", c.putCollectionAsset(http.StatusCreated, false))
	h("PUT /stac/collections/{collectionId}/assets/{assetId}", c.putCollectionAsset(http.StatusOK, true))
	h("DELETE /stac/collections/{collectionId}/assets/{assetId}", c.deleteCollectionAsset)

	// Collection configuration.
	const cfg = "/stac/collections/{collectionId}/configurations"
	h("GET "+cfg, c.getConfiguration)
	h("GET "+cfg+"/mosaics", mosaicList.listAll(c))
	h("POST "+cfg+"/mosaics", mosaicList.put(c, false))
	h("GET "+cfg+"/mosaics/{mosaicId}", mosaicList.getOne(c))
	h("PUT "+cfg+"/mosaics/{mosaicId}", mosaicList.put(c, true))
	h("DELETE "+cfg+"/mosaics/{mosaicId}", mosaicList.deleteOne(c))
	h("GET "+cfg+"/render-options", renderOptionList.listAll(c))
	h("POST "+cfg+"/render-options", renderOptionList.put(c, false))
	h("GET "+cfg+"/render-options/{renderOptionId}", renderOptionList.getOne(c))
	h("PUT "+cfg+"/render-options/{renderOptionId}", renderOptionList.put(c, true))
	h("DELETE "+cfg+"/render-options/{renderOptionId}", renderOptionList.deleteOne(c))
	h("GET "+cfg+"/tile-settings", c.getTileSettings)
	h("PUT "+cfg+"/tile-settings", c.putTileSettings)
	h("GET "+cfg+"/partition-type", c.getPartitionType)
	h("PUT "+cfg+"/partition-type", c.putPartitionType)

	// Ingestion management.
	h("GET /inma/ingestion-sources", c.listSources)
	h("POST /inma/ingestion-sources", c.putSource(false))
	h("GET /inma/ingestion-sources/managed-identities", c.listManagedIdentities)
	h("GET /inma/ingestion-sources/{id}", c.getSource)
	h("PUT /inma/ingestion-sources/{id}", c.putSource(true))
	h("DELETE /inma/ingestion-sources/{id}", c.deleteSource)
	const ing = "/inma/collections/{collectionId}/ingestions"
	h("GET "+ing, c.listIngestions)
	h("POST "+ing, c.createIngestion)
	h("GET "+ing+"/{ingestionId}", c.getIngestion)
	h("PATCH "+ing+"/{ingestionId}", c.updateIngestion)
	h("DELETE "+ing+"/{ingestionId}", c.deleteIngestion)
	h("GET "+ing+"/{ingestionId}/runs", c.listRuns)
	h("POST "+ing+"/{ingestionId}/runs", c.createRun)
	h("GET "+ing+"/{ingestionId}/runs/{runId}", c.getRun)
	h("GET /inma/operations", c.listOperations)
	h("DELETE /inma/operations", c.cancelAllOperations)
	h("GET /inma/operations/{operationId}", c.getOperation)
	h("DELETE /inma/operations/{operationId}", c.cancelOperationHTTP)

	// Shared access signatures.
	h("GET /sas/token/{collectionId}", c.getSASToken)
	h("GET /sas/sign", c.signHref)
	h("POST /sas/token/revoke", c.revokeSAS)

	// Instance configuration.
	h("GET /geocatalog/auth", c.getAuthConfig)

	// Tiler (DATA).
	h("/data/", c.serveData)
	h("/data", notFound) // no redirect to /data/

	h("/", notFound)
	return m
}

// notFound answers a request no route serves, in the service's error shape.
func notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, "NotFound", "no route %s %s", r.Method, r.URL.Path)
}
