package geocatalogtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
)

// Service limits on items (error-codes-ingestion).
const (
	maxItemSize   = 1 << 20
	maxItemAssets = 100
)

// itemWrite says how writeItem stores an item.
type itemWrite struct {
	replace      bool     // PutItem (create or replace) instead of CreateItem
	keepOriginal bool     // keep asset hrefs instead of copying
	base         *url.URL // resolves relative asset hrefs (static catalogs)
}

// itemDoc completes an item for storage: collection, catalog links,
// stac_version, _msft:ts and _msft:etag.
func (c *Catalog) itemDoc(collection string, m map[string]any) ([]byte, error) {
	id := str(m, "id")
	m["collection"] = collection
	if str(m, "stac_version") == "" {
		m["stac_version"] = "1.0.0"
	}
	links := []any{
		link("collection", "application/json", c.collectionURL(collection)),
		link("parent", "application/json", c.collectionURL(collection)),
		link("root", "application/json", c.stacURL("/")),
		link("self", "application/geo+json", c.collectionURL(collection)+"/items/"+url.PathEscape(id)),
	}
	m["links"] = append(links, keepLinks(m, "collection", "parent", "root", "self")...)
	m["_msft:ts"] = time.Now().UTC().Format(time.RFC3339Nano)
	m["_msft:etag"] = uuid.NewString()
	return encodeJSON(m)
}

// writeItem is the asynchronous part of an item create or replace: checks,
// asset copy, then the store write.
func (c *Catalog) writeItem(ctx context.Context, collection string, m map[string]any, how itemWrite) *apiError {
	id := str(m, "id")
	if _, err := c.store.Collection(collection); err != nil {
		return newAPIError("CollectionDoesNotExist", "collection %s does not exist", collection)
	}
	if !how.replace {
		if _, err := c.store.Item(collection, id); err == nil {
			return newAPIError("ItemAlreadyExistsInCollection", "item %s already exists in collection %s", id, collection)
		}
	}
	if assets, _ := m["assets"].(map[string]any); len(assets) > maxItemAssets {
		return newAPIError("TotalAssetsExceeded", "item %s has %d assets; the limit is %d", id, len(assets), maxItemAssets)
	}
	if !how.keepOriginal {
		if err := c.copyAssets(ctx, collection, id, m, how.base); err != nil {
			return err
		}
	}
	doc, err := c.itemDoc(collection, m)
	if err != nil {
		return newAPIError("StacValidationFailed", "item %s cannot be encoded", id)
	}
	if len(doc) > maxItemSize {
		return newAPIError("ItemSizeExceeded", "item %s is larger than 1 MB", id)
	}
	if how.replace {
		_, err = c.store.PutItem(collection, id, doc)
	} else {
		err = c.store.CreateItem(collection, id, doc)
	}
	switch {
	case errors.Is(err, store.ErrExists):
		return newAPIError("ItemAlreadyExistsInCollection", "item %s already exists in collection %s", id, collection)
	case errors.Is(err, store.ErrNotFound):
		return newAPIError("CollectionDoesNotExist", "collection %s does not exist", collection)
	case err != nil:
		return newAPIError("InternalError", "store: %v", err)
	}
	return nil
}

// checkItem validates an item synchronously; the error text is the 400 message.
func checkItem(m map[string]any, collection, pathID string) *apiError {
	id := str(m, "id")
	if pathID != "" {
		if id == "" {
			m["id"] = pathID
			id = pathID
		}
		if id != pathID {
			return newAPIError("InvalidRequest", "item id %q in the body differs from %q in the path", id, pathID)
		}
	}
	if !validID(id) {
		return newAPIError("InvalidRequest", "item id %q is missing or invalid", id)
	}
	if t := str(m, "type"); t != "Feature" {
		return newAPIError("InvalidRequest", "item %s: type must be Feature, not %q", id, t)
	}
	if coll, ok := m["collection"]; ok && coll != nil && coll != collection {
		return newAPIError("InvalidRequest", "item %s: collection %v differs from %q in the path", id, coll, collection)
	}
	if _, ok := m["geometry"]; !ok {
		return newAPIError("InvalidRequest", "item %s has no geometry", id)
	}
	if _, ok := m["properties"].(map[string]any); !ok {
		return newAPIError("InvalidRequest", "item %s has no properties object", id)
	}
	return nil
}

// createItems answers POST .../items with a STAC Item or an ItemCollection.
func (c *Catalog) createItems(w http.ResponseWriter, r *http.Request) {
	coll := r.PathValue("collectionId")
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	var feats []map[string]any
	switch str(m, "type") {
	case "FeatureCollection":
		list, _ := m["features"].([]any)
		if len(list) == 0 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "the item collection has no features")
			return
		}
		for _, f := range list {
			fm, ok := f.(map[string]any)
			if !ok {
				writeError(w, http.StatusBadRequest, "InvalidRequest", "a feature is not an object")
				return
			}
			feats = append(feats, fm)
		}
	default:
		feats = []map[string]any{m}
	}
	keys := make([]string, 0, len(feats))
	seen := make(map[string]bool, len(feats))
	for _, f := range feats {
		if e := checkItem(f, coll, ""); e != nil {
			writeAPIError(w, http.StatusBadRequest, e)
			return
		}
		id := str(f, "id")
		if seen[id] {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "item %s appears twice", id)
			return
		}
		seen[id] = true
		keys = append(keys, "i/"+coll+"/"+id)
	}
	op := c.startOperation(opSpec{typ: opAddItem, collection: coll, keys: keys, after: []string{"c/" + coll},
		work: func(ctx context.Context, _ *operation) *apiError {
			var errs []*apiError
			for _, f := range feats {
				if e := c.writeItem(ctx, coll, f, itemWrite{}); e != nil {
					errs = append(errs, e)
				}
			}
			if len(errs) > 0 {
				return errorsInBatch(errs, len(feats))
			}
			return nil
		}})
	c.accepted(w, r, op)
}

// replaceItem answers PUT .../items/{itemId}: create or replace.
func (c *Catalog) replaceItem(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("collectionId"), r.PathValue("itemId")
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	if e := checkItem(m, coll, id); e != nil {
		writeAPIError(w, http.StatusBadRequest, e)
		return
	}
	op := c.startOperation(opSpec{typ: opUpdateItem, collection: coll, keys: []string{"i/" + coll + "/" + id}, after: []string{"c/" + coll},
		work: func(ctx context.Context, _ *operation) *apiError {
			return c.writeItem(ctx, coll, m, itemWrite{replace: true})
		}})
	c.accepted(w, r, op)
}

// updateItem answers PATCH .../items/{itemId} with a JSON merge patch.
func (c *Catalog) updateItem(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("collectionId"), r.PathValue("itemId")
	patch, ok := readObject(w, r)
	if !ok {
		return
	}
	if pid := str(patch, "id"); pid != "" && pid != id {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "a patch cannot change the item id")
		return
	}
	op := c.startOperation(opSpec{typ: opUpdateItem, collection: coll, keys: []string{"i/" + coll + "/" + id}, after: []string{"c/" + coll},
		work: func(ctx context.Context, _ *operation) *apiError {
			old, err := c.store.Item(coll, id)
			if err != nil {
				return newAPIError("NoRecordsToPatch", "item %s does not exist in collection %s", id, coll)
			}
			m, err := decodeObject(old)
			if err != nil {
				return newAPIError("InternalError", "stored item is not an object")
			}
			merged, _ := mergePatch(m, patch).(map[string]any)
			if e := checkItem(merged, coll, id); e != nil {
				return newAPIError("PatchValidation", "%s", e.Message)
			}
			return c.writeItem(ctx, coll, merged, itemWrite{replace: true})
		}})
	c.accepted(w, r, op)
}

// mergePatch applies an RFC 7396 JSON merge patch.
func mergePatch(target any, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = make(map[string]any)
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = mergePatch(t[k], v)
	}
	return t
}

func (c *Catalog) deleteItem(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("collectionId"), r.PathValue("itemId")
	op := c.startOperation(opSpec{typ: opDeleteItem, collection: coll, keys: []string{"i/" + coll + "/" + id}, after: []string{"c/" + coll},
		work: func(context.Context, *operation) *apiError {
			if err := c.store.DeleteItem(coll, id); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return newAPIError("NoRecordsToDelete", "item %s does not exist in collection %s", id, coll)
				}
				return newAPIError("InternalError", "store: %v", err)
			}
			c.container(coll).deletePrefix(itemBlobPrefix(id))
			return nil
		}})
	c.accepted(w, r, op)
}

func (c *Catalog) getItem(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("collectionId"), r.PathValue("itemId")
	doc, err := c.store.Item(coll, id)
	if err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "item %s not found in collection %s", id, coll)
		return
	}
	doc, ok := c.maybeSign(w, r, doc)
	if !ok {
		return
	}
	writeRaw(w, http.StatusOK, "application/geo+json", doc)
}
