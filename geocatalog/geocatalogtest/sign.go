package geocatalogtest

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// signer appends SAS tokens to managed-storage hrefs of a response, one
// token per container.
type signer struct {
	c      *Catalog
	expiry time.Time
	tokens map[string]string
}

// requestSigner returns a signer when the request asks for sign=true (with
// duration in minutes), nil otherwise; it answers 400 itself for a bad duration.
func (c *Catalog) requestSigner(w http.ResponseWriter, r *http.Request) (*signer, bool) {
	q := r.URL.Query()
	if q.Get("sign") != "true" {
		return nil, true
	}
	return c.newSigner(w, q.Get("duration"))
}

func (c *Catalog) newSigner(w http.ResponseWriter, minutes string) (*signer, bool) {
	d := defaultSASLifetime
	if minutes != "" {
		n, err := strconv.Atoi(minutes)
		if err != nil || n <= 0 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "duration must be a positive number of minutes")
			return nil, false
		}
		d = time.Duration(n) * time.Minute
	}
	return &signer{c: c, expiry: time.Now().Add(d), tokens: make(map[string]string)}, true
}

// signHref signs href if it is on the catalog's managed storage.
func (s *signer) signHref(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	bc, _, ok := s.c.ownBlob(u)
	if !ok {
		return href
	}
	tok, ok := s.tokens[bc.name]
	if !ok {
		tok = s.c.sas.token(bc.name, s.expiry)
		s.tokens[bc.name] = tok
	}
	return appendQuery(href, tok)
}

// signDoc signs the asset hrefs of a collection or item document.
func (s *signer) signDoc(doc []byte) []byte {
	m, err := decodeObject(doc)
	if err != nil {
		return doc
	}
	assets, _ := m["assets"].(map[string]any)
	if len(assets) == 0 {
		return doc
	}
	for _, v := range assets {
		if a, ok := v.(map[string]any); ok {
			if h, ok := a["href"].(string); ok {
				a["href"] = s.signHref(h)
			}
		}
	}
	out, err := encodeJSON(m)
	if err != nil {
		return doc
	}
	return out
}

// maybeSign signs doc when the request asks for it.
func (c *Catalog) maybeSign(w http.ResponseWriter, r *http.Request, doc []byte) ([]byte, bool) {
	s, ok := c.requestSigner(w, r)
	if !ok {
		return nil, false
	}
	if s == nil {
		return doc, true
	}
	return s.signDoc(doc), true
}
