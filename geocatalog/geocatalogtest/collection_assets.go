package geocatalogtest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
)

// readAssetForm reads the multipart form of a collection-asset write: a
// "data" field (asset JSON with "key") and a "file" part.
func readAssetForm(w http.ResponseWriter, r *http.Request) (meta map[string]any, data []byte, filename string, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "expected multipart/form-data with data and file parts")
		return nil, nil, "", false
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "malformed multipart body")
			return nil, nil, "", false
		}
		b, err := io.ReadAll(p)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "malformed multipart body")
			return nil, nil, "", false
		}
		switch p.FormName() {
		case "data":
			if err := json.Unmarshal(b, &meta); err != nil || meta == nil {
				writeError(w, http.StatusBadRequest, "InvalidRequest", "the data part must be a JSON object")
				return nil, nil, "", false
			}
		case "file":
			data, filename = b, p.FileName()
		}
	}
	if meta == nil || data == nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "both the data and file parts are required")
		return nil, nil, "", false
	}
	return meta, data, filename, true
}

// putCollectionAsset stores the file under collection-assets/<key>/<name>
// and adds the asset to the collection.
func (c *Catalog) putCollectionAsset(status int, fromPath bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("collectionId")
		meta, data, filename, ok := readAssetForm(w, r)
		if !ok {
			return
		}
		key := str(meta, "key")
		if fromPath {
			key = r.PathValue("assetId")
		}
		if !validID(key) {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "asset key %q is missing or invalid", key)
			return
		}
		c.assetsMu.Lock()
		defer c.assetsMu.Unlock()
		coll, ok := c.loadCollection(w, id)
		if !ok {
			return
		}
		name := path.Base(filename)
		if filename == "" || name == "." || name == "/" {
			name = key + assetExt(str(meta, "href"))
		}
		ct := str(meta, "type")
		if ct == "" {
			ct = mime.TypeByExtension(path.Ext(name))
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		bc := c.container(id)
		p := "collection-assets/" + key + "/" + name
		bc.put(p, data, ct)
		delete(meta, "key")
		meta["href"] = c.blobHref(bc, p)
		assets, _ := coll["assets"].(map[string]any)
		if assets == nil {
			assets = make(map[string]any)
			coll["assets"] = assets
		}
		assets[key] = meta
		c.saveCollection(w, status, id, coll)
	}
}

// deleteCollectionAsset answers 200 with the collection, as in the example.
func (c *Catalog) deleteCollectionAsset(w http.ResponseWriter, r *http.Request) {
	id, key := r.PathValue("collectionId"), r.PathValue("assetId")
	c.assetsMu.Lock()
	defer c.assetsMu.Unlock()
	coll, ok := c.loadCollection(w, id)
	if !ok {
		return
	}
	assets, _ := coll["assets"].(map[string]any)
	if _, ok := assets[key]; !ok {
		writeError(w, http.StatusNotFound, "NotFound", "asset %s not found in collection %s", key, id)
		return
	}
	delete(assets, key)
	c.container(id).deletePrefix("collection-assets/" + key + "/")
	c.saveCollection(w, http.StatusOK, id, coll)
}

func (c *Catalog) loadCollection(w http.ResponseWriter, id string) (map[string]any, bool) {
	doc, err := c.store.Collection(id)
	if err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", id)
		return nil, false
	}
	m, err := decodeObject(doc)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", "stored collection is not an object")
		return nil, false
	}
	return m, true
}

func (c *Catalog) saveCollection(w http.ResponseWriter, status int, id string, m map[string]any) {
	doc, err := c.collectionDoc(m, str(m, "msft:_created"))
	if err == nil {
		err = c.store.PutCollection(id, doc)
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", "cannot store the collection")
		return
	}
	writeRaw(w, status, "application/json", doc)
}

// getThumbnail answers the bytes of the collection's "thumbnail" asset when
// it is in managed storage.
func (c *Catalog) getThumbnail(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("collectionId")
	coll, ok := c.loadCollection(w, id)
	if !ok {
		return
	}
	assets, _ := coll["assets"].(map[string]any)
	var obj *blobObject
	for k, v := range assets {
		a, _ := v.(map[string]any)
		roles, _ := a["roles"].([]any)
		isThumb := false
		for _, role := range roles {
			isThumb = isThumb || role == "thumbnail"
		}
		if a == nil || (!isThumb && k != "thumbnail") {
			continue
		}
		if u, err := url.Parse(str(a, "href")); err == nil {
			if bc, p, ok := c.ownBlob(u); ok {
				obj = bc.get(p)
			}
		}
		if obj != nil {
			break
		}
	}
	if obj == nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s has no thumbnail", id)
		return
	}
	writeRaw(w, http.StatusOK, obj.contentType, obj.data)
}
