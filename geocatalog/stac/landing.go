package stac

import (
	"encoding/json"
	"fmt"
)

// LandingPage is the STAC API landing page (GET /stac): a Catalog with the
// conformance classes of the API.
type LandingPage struct {
	Type           string   // "type": "Catalog"
	StacVersion    string   // "stac_version"
	StacExtensions []string // "stac_extensions"; nil means absent
	ID             string   // "id"
	Title          string   // "title"
	Description    string   // "description"
	ConformsTo     []string // "conformsTo"; nil means absent
	Links          []Link   // "links"; nil means absent
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// LinksByRel returns the links with relation rel.
func (lp *LandingPage) LinksByRel(rel string) []Link { return Links(lp.Links).ByRel(rel) }

// LinkByRel returns the first link with relation rel, or nil.
func (lp *LandingPage) LinkByRel(rel string) *Link { return Links(lp.Links).First(rel) }

// ConformsToClass reports whether the API declares conformance class uri.
func (lp *LandingPage) ConformsToClass(uri string) bool { return contains(lp.ConformsTo, uri) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// MarshalJSON encodes the landing page.
func (lp LandingPage) MarshalJSON() ([]byte, error) {
	w := newObjectWriter(nil)
	w.strIf("type", lp.Type)
	w.strIf("stac_version", lp.StacVersion)
	w.strsIf("stac_extensions", lp.StacExtensions)
	w.strIf("id", lp.ID)
	w.strIf("title", lp.Title)
	w.strIf("description", lp.Description)
	w.strsIf("conformsTo", lp.ConformsTo)
	if lp.Links != nil {
		w.key("links")
		var err error
		w.b, err = appendLinks(w.b, lp.Links)
		w.setErr(err)
	}
	w.extra(lp.Extra, func(k string) bool {
		switch k {
		case "type":
			return lp.Type != ""
		case "stac_version":
			return lp.StacVersion != ""
		case "stac_extensions":
			return lp.StacExtensions != nil
		case "id":
			return lp.ID != ""
		case "title":
			return lp.Title != ""
		case "description":
			return lp.Description != ""
		case "conformsTo":
			return lp.ConformsTo != nil
		case "links":
			return lp.Links != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes the landing page.
func (lp *LandingPage) UnmarshalJSON(data []byte) error {
	*lp = LandingPage{}
	k := rawKeeper{}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "type":
			dst = &lp.Type
		case "stac_version":
			dst = &lp.StacVersion
		case "id":
			dst = &lp.ID
		case "title":
			dst = &lp.Title
		case "description":
			dst = &lp.Description
		case "stac_extensions":
			if v, ok := decodeStrings(r.val); ok {
				lp.StacExtensions = v
				continue
			}
		case "conformsTo":
			if v, ok := decodeStrings(r.val); ok {
				lp.ConformsTo = v
				continue
			}
		case "links":
			if v, ok := decodeLinks(r.val, k); ok {
				lp.Links = v
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&lp.Extra, r.key, r.val)
	}
	if r.err != nil {
		return fmt.Errorf("stac: decoding landing page: %w", r.err)
	}
	return nil
}

// Conformance is the body of GET /stac/conformance.
type Conformance struct {
	ConformsTo []string // "conformsTo"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// ConformsToClass reports whether the API declares conformance class uri.
func (c *Conformance) ConformsToClass(uri string) bool { return contains(c.ConformsTo, uri) }

// MarshalJSON encodes the conformance classes.
func (c Conformance) MarshalJSON() ([]byte, error) {
	w := newObjectWriter(nil)
	_, x := c.Extra["conformsTo"]
	write := c.ConformsTo != nil || !x
	if write {
		if c.ConformsTo == nil {
			w.strs("conformsTo", []string{})
		} else {
			w.strs("conformsTo", c.ConformsTo)
		}
	}
	w.extra(c.Extra, func(k string) bool { return k == "conformsTo" && write })
	return w.end()
}

// UnmarshalJSON decodes the conformance classes.
func (c *Conformance) UnmarshalJSON(data []byte) error {
	*c = Conformance{}
	k := rawKeeper{}
	r := newObjectReader(data)
	for r.next() {
		if string(r.key) == "conformsTo" {
			if v, ok := decodeStrings(r.val); ok {
				c.ConformsTo = v
				continue
			}
		}
		k.putExtra(&c.Extra, r.key, r.val)
	}
	return r.err
}
