package geocatalogtest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// defaultSASLifetime is the validity of SAS tokens when no duration is asked.
const defaultSASLifetime = 24 * time.Hour

// storageState maps a catalog's collections to their managed containers.
type storageState struct {
	mu         sync.Mutex
	containers map[string]*blobContainer
}

// container returns the managed container of a collection, creating it
// (named <collectionId>-<8 hex>) on first use.
func (c *Catalog) container(collection string) *blobContainer {
	c.storage.mu.Lock()
	defer c.storage.mu.Unlock()
	if c.storage.containers == nil {
		c.storage.containers = make(map[string]*blobContainer)
	}
	if bc := c.storage.containers[collection]; bc != nil {
		return bc
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := strings.ToLower(collection) + "-" + hex.EncodeToString(b)
	bc := c.srv.blob.container(name, c)
	c.storage.containers[collection] = bc
	return bc
}

// dropContainer deletes a collection's container and its blobs.
func (c *Catalog) dropContainer(collection string) {
	c.storage.mu.Lock()
	bc := c.storage.containers[collection]
	delete(c.storage.containers, collection)
	c.storage.mu.Unlock()
	if bc != nil {
		c.srv.blob.remove(bc.name)
	}
}

// blobHref is the managed-storage URL of a blob.
func (c *Catalog) blobHref(bc *blobContainer, path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return c.srv.BlobURL + "/" + bc.name + "/" + strings.Join(segs, "/")
}

// itemBlobPrefix is where an item's assets live in its container:
// <3 hex shard>/<itemId>/.
func itemBlobPrefix(itemID string) string {
	h := sha256.Sum256([]byte(itemID))
	return hex.EncodeToString(h[:])[:3] + "/" + itemID + "/"
}

// ownBlob resolves an href on this catalog's managed storage to its container and path.
func (c *Catalog) ownBlob(u *url.URL) (*blobContainer, string, bool) {
	base, err := url.Parse(c.srv.BlobURL)
	if err != nil || u.Host != base.Host {
		return nil, "", false
	}
	name, path, ok := splitBlobPath(u.Path)
	if !ok {
		return nil, "", false
	}
	bc := c.srv.blob.lookup(name)
	if bc == nil || bc.cat != c {
		return nil, "", false
	}
	return bc, path, true
}

// sasDuration reads the duration query parameter (minutes) of /sas requests.
func sasDuration(w http.ResponseWriter, r *http.Request) (time.Duration, bool) {
	s := r.URL.Query().Get("duration")
	if s == "" {
		return defaultSASLifetime, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > 7*24*60 {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "duration must be a number of minutes between 1 and 10080")
		return 0, false
	}
	return time.Duration(n) * time.Minute, true
}

type sasTokenBody struct {
	Expiry time.Time `json:"msft:expiry"`
	Token  string    `json:"token"`
}

// getSASToken answers GET /sas/token/{collectionId}.
func (c *Catalog) getSASToken(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("collectionId")
	if _, err := c.store.Collection(id); err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", id)
		return
	}
	d, ok := sasDuration(w, r)
	if !ok {
		return
	}
	exp := time.Now().Add(d).UTC().Truncate(time.Second)
	writeJSON(w, http.StatusOK, sasTokenBody{Expiry: exp, Token: c.sas.token(c.container(id).name, exp)})
}

// signHref answers GET /sas/sign?href=.
func (c *Catalog) signHref(w http.ResponseWriter, r *http.Request) {
	href := r.URL.Query().Get("href")
	if href == "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "the href query parameter is required")
		return
	}
	d, ok := sasDuration(w, r)
	if !ok {
		return
	}
	u, err := url.Parse(href)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "href is not a URL")
		return
	}
	type unsigned struct {
		Expiry *time.Time `json:"msft:expiry"`
		Href   string     `json:"href"`
	}
	bc, _, own := c.ownBlob(u)
	if !own {
		writeJSON(w, http.StatusOK, unsigned{Href: href})
		return
	}
	exp := time.Now().Add(d).UTC().Truncate(time.Second)
	writeJSON(w, http.StatusOK, unsigned{Expiry: &exp, Href: appendQuery(href, c.sas.token(bc.name, exp))})
}

// revokeSAS answers POST /sas/token/revoke: every SAS issued so far stops working.
func (c *Catalog) revokeSAS(w http.ResponseWriter, _ *http.Request) {
	c.sas.rotate()
	w.WriteHeader(http.StatusOK)
}
