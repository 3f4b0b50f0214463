package geocatalogtest

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
)

// searchPage is everything needed to write one ItemCollection response.
type searchPage struct {
	page  *store.Page
	limit int
	links []any // self, root, ...; next is added when there is a next page
	next  func(token string) map[string]any
	sign  *signer
}

// writeQueryError answers a search parse or run error.
func writeQueryError(w http.ResponseWriter, err error) {
	var qe *store.QueryError
	if errors.As(err, &qe) {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", qe.Error())
		return
	}
	writeError(w, http.StatusInternalServerError, "InternalError", "search failed: %v", err)
}

// writeItemCollection streams an ItemCollection:
// {"type","features","links","context":{"returned","limit","matched"}};
// matched is left out when the store did not count (as the service may).
func writeItemCollection(w http.ResponseWriter, p searchPage) {
	links := p.links
	if p.page.Next != "" {
		links = append(links, p.next(p.page.Next))
	}
	linksJSON, _ := encodeJSON(links)
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, doc := range p.page.Items {
		if i > 0 {
			bw.WriteByte(',')
		}
		if p.sign != nil {
			doc = p.sign.signDoc(doc)
		}
		bw.Write(doc)
	}
	bw.WriteString(`],"links":`)
	bw.Write(linksJSON)
	bw.WriteString(`,"context":{"returned":`)
	bw.WriteString(strconv.Itoa(len(p.page.Items)))
	bw.WriteString(`,"limit":`)
	bw.WriteString(strconv.Itoa(p.limit))
	if p.page.Matched >= 0 { // not counted on a later page after writes
		bw.WriteString(`,"matched":`)
		bw.WriteString(strconv.Itoa(p.page.Matched))
	}
	bw.WriteString("}}")
	_ = bw.Flush()
}

// getNext builds a GET next link: the request URL with token replaced.
func (c *Catalog) getNext(r *http.Request) func(string) map[string]any {
	return func(token string) map[string]any {
		q := r.URL.Query()
		q.Set("token", token)
		return link("next", "application/geo+json", c.URL+r.URL.Path+"?"+q.Encode())
	}
}

// searchGET answers GET /stac/search.
func (c *Catalog) searchGET(w http.ResponseWriter, r *http.Request) {
	q, err := store.ParseSearchParams(r.URL.Query(), store.DefaultSearchLimit, store.MaxSearchLimit)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	sg, ok := c.requestSigner(w, r)
	if !ok {
		return
	}
	page, err := c.store.Search(q)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	writeItemCollection(w, searchPage{page: page, limit: q.Limit, sign: sg, next: c.getNext(r), links: []any{
		link("root", "application/json", c.stacURL("/")),
		link("self", "application/geo+json", c.URL+r.URL.RequestURI()),
	}})
}

// searchPOST answers POST /stac/search. The next link is a POST whose body
// is the request body with the next token (merge: true).
func (c *Catalog) searchPOST(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	q, err := store.ParseSearchBody(body)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	var extra struct {
		Sign     *bool        `json:"sign"`
		Duration *json.Number `json:"duration"`
		Minutes  *json.Number `json:"durationInMinutes"`
	}
	_ = json.Unmarshal(body, &extra)
	var sg *signer
	if extra.Sign != nil && *extra.Sign {
		d := ""
		if extra.Minutes != nil {
			d = extra.Minutes.String()
		} else if extra.Duration != nil {
			d = extra.Duration.String()
		}
		if sg, ok = c.newSigner(w, d); !ok {
			return
		}
	}
	page, err := c.store.Search(q)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	self := c.stacURL("/search?api-version=" + url.QueryEscape(apiVersion(r)))
	writeItemCollection(w, searchPage{page: page, limit: q.Limit, sign: sg, links: []any{
		link("root", "application/json", c.stacURL("/")),
		link("self", "application/json", self),
	}, next: func(token string) map[string]any {
		m, err := decodeObject(body)
		if err != nil {
			m = map[string]any{}
		}
		m["token"] = token
		l := link("next", "application/geo+json", self)
		l["method"] = http.MethodPost
		l["body"] = m
		l["merge"] = true
		return l
	}})
}

// listItems answers GET /stac/collections/{collectionId}/items.
func (c *Catalog) listItems(w http.ResponseWriter, r *http.Request) {
	coll := r.PathValue("collectionId")
	if _, err := c.store.Collection(coll); err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", coll)
		return
	}
	v := r.URL.Query()
	v.Del("collections")
	q, err := store.ParseSearchParams(v, store.DefaultItemsLimit, store.MaxItemsLimit)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	q.Collections = []string{coll}
	sg, ok := c.requestSigner(w, r)
	if !ok {
		return
	}
	page, err := c.store.Search(q)
	if err != nil {
		writeQueryError(w, err)
		return
	}
	writeItemCollection(w, searchPage{page: page, limit: q.Limit, sign: sg, next: c.getNext(r), links: []any{
		link("collection", "application/json", c.collectionURL(coll)),
		link("parent", "application/json", c.collectionURL(coll)),
		link("root", "application/json", c.stacURL("/")),
		link("self", "application/geo+json", c.URL+r.URL.RequestURI()),
	}})
}
