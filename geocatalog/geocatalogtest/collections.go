package geocatalogtest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
)

// validID reports whether s can be a collection or item id in a URL path.
func validID(s string) bool {
	if s == "" || len(s) > 500 {
		return false
	}
	for _, r := range s {
		ok := r == '-' || r == '_' || r == '.' || r == ':' || r == '~' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}

func link(rel, typ, href string) map[string]any {
	return map[string]any{"rel": rel, "type": typ, "href": href}
}

// stacURL is an absolute URL on the catalog below /stac.
func (c *Catalog) stacURL(p string) string { return c.URL + "/stac" + p }

// collectionURL is the collection's URL (id path-escaped).
func (c *Catalog) collectionURL(id string) string {
	return c.stacURL("/collections/" + url.PathEscape(id))
}

// keepLinks returns the links of doc whose rel is not one the catalog writes itself.
func keepLinks(doc map[string]any, own ...string) []any {
	var out []any
	links, _ := doc["links"].([]any)
	for _, l := range links {
		m, ok := l.(map[string]any)
		if !ok {
			continue
		}
		rel, _ := m["rel"].(string)
		skip := false
		for _, o := range own {
			if rel == o {
				skip = true
			}
		}
		if !skip {
			out = append(out, m)
		}
	}
	return out
}

// collectionDoc turns a request body into the stored collection document:
// catalog links, type, stac_version and msft:_created/_updated.
func (c *Catalog) collectionDoc(m map[string]any, created string) ([]byte, error) {
	id := str(m, "id")
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if created == "" {
		created = now
	}
	m["type"] = "Collection"
	if str(m, "stac_version") == "" {
		m["stac_version"] = "1.0.0"
	}
	links := []any{
		link("items", "application/geo+json", c.collectionURL(id)+"/items"),
		link("parent", "application/json", c.stacURL("/")),
		link("root", "application/json", c.stacURL("/")),
		link("self", "application/json", c.collectionURL(id)),
	}
	m["links"] = append(links, keepLinks(m, "items", "parent", "root", "self")...)
	m["msft:_created"] = created
	m["msft:_updated"] = now
	return encodeJSON(m)
}

// checkCollectionBody validates a collection body, answering 400 itself.
func checkCollectionBody(w http.ResponseWriter, m map[string]any, pathID string) bool {
	id := str(m, "id")
	if pathID != "" {
		if id == "" {
			m["id"] = pathID
			id = pathID
		}
		if id != pathID {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "collection id %q in the body differs from %q in the path", id, pathID)
			return false
		}
	}
	if !validID(id) {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "collection id %q is missing or invalid", id)
		return false
	}
	if t := str(m, "type"); t != "" && t != "Collection" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "type must be Collection, not %q", t)
		return false
	}
	if _, ok := m["description"]; !ok {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "collection %q has no description", id)
		return false
	}
	return true
}

func (c *Catalog) createCollection(w http.ResponseWriter, r *http.Request) {
	m, ok := readObject(w, r)
	if !ok || !checkCollectionBody(w, m, "") {
		return
	}
	id := str(m, "id")
	if _, err := c.store.Collection(id); err == nil {
		writeError(w, http.StatusConflict, "CollectionAlreadyExists", "collection %s already exists", id)
		return
	}
	op := c.startOperation(opSpec{typ: opAddCollection, collection: id, keys: []string{"c/" + id},
		work: func(context.Context, *operation) *apiError {
			doc, err := c.collectionDoc(m, "")
			if err != nil {
				return newAPIError("StacValidationFailed", "collection cannot be encoded")
			}
			if err := c.store.CreateCollection(id, doc); err != nil {
				if errors.Is(err, store.ErrExists) {
					return newAPIError("CollectionAlreadyExists", "collection %s already exists", id)
				}
				return newAPIError("InternalError", "store: %v", err)
			}
			c.container(id)
			return nil
		}})
	c.accepted(w, r, op)
}

// replaceCollection answers PUT: 200 with the collection when it exists (as
// in the StacCollections_Replace example), else a 202 AddCollection operation.
func (c *Catalog) replaceCollection(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("collectionId")
	m, ok := readObject(w, r)
	if !ok || !checkCollectionBody(w, m, id) {
		return
	}
	if old, err := c.store.Collection(id); err == nil {
		created := ""
		if om, err := decodeObject(old); err == nil {
			created = str(om, "msft:_created")
			if _, has := m["assets"]; !has && om["assets"] != nil {
				m["assets"] = om["assets"]
			}
		}
		doc, err := c.collectionDoc(m, created)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "collection cannot be encoded")
			return
		}
		if err := c.store.PutCollection(id, doc); err != nil {
			writeError(w, http.StatusInternalServerError, "InternalError", "store: %v", err)
			return
		}
		writeRaw(w, http.StatusOK, "application/json", doc)
		return
	}
	op := c.startOperation(opSpec{typ: opAddCollection, collection: id, keys: []string{"c/" + id},
		work: func(context.Context, *operation) *apiError {
			doc, err := c.collectionDoc(m, "")
			if err != nil {
				return newAPIError("StacValidationFailed", "collection cannot be encoded")
			}
			if err := c.store.PutCollection(id, doc); err != nil {
				return newAPIError("InternalError", "store: %v", err)
			}
			c.container(id)
			return nil
		}})
	c.accepted(w, r, op)
}

func (c *Catalog) deleteCollection(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("collectionId")
	if _, err := c.store.Collection(id); err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", id)
		return
	}
	op := c.startOperation(opSpec{typ: opDeleteCollection, collection: id, keys: []string{"c/" + id},
		work: func(context.Context, *operation) *apiError {
			if err := c.store.DeleteCollection(id); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return newAPIError("CollectionDoesNotExist", "collection %s does not exist", id)
				}
				return newAPIError("InternalError", "store: %v", err)
			}
			c.dropContainer(id)
			c.config.drop(id)
			c.ingest.dropCollection(id)
			return nil
		}})
	c.accepted(w, r, op)
}

func (c *Catalog) getCollection(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("collectionId")
	doc, err := c.store.Collection(id)
	if err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", id)
		return
	}
	doc, ok := c.maybeSign(w, r, doc)
	if !ok {
		return
	}
	writeRaw(w, http.StatusOK, "application/json", doc)
}

func (c *Catalog) listCollections(w http.ResponseWriter, r *http.Request) {
	docs := c.store.Collections()
	var buf bytes.Buffer
	buf.WriteString(`{"collections":[`)
	for i, d := range docs {
		d, ok := c.maybeSign(w, r, d)
		if !ok {
			return
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(d)
	}
	buf.WriteString(`],"links":`)
	links, _ := encodeJSON([]any{
		link("root", "application/json", c.stacURL("/")),
		link("parent", "application/json", c.stacURL("/")),
		link("self", "application/json", c.stacURL("/collections")),
	})
	buf.Write(links)
	buf.WriteByte('}')
	writeRaw(w, http.StatusOK, "application/json", buf.Bytes())
}
