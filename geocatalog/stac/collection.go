package stac

import (
	"encoding/json"
	"fmt"
)

// Collection is a STAC Collection. Members not modelled here (for example
// "msft:_created", "msft:short_description", "msft:region") are kept in Extra.
type Collection struct {
	Type           string     // "type": "Collection"
	StacVersion    string     // "stac_version"
	StacExtensions []string   // "stac_extensions"; nil means absent
	ID             string     // "id"
	Title          string     // "title"
	Description    string     // "description"
	Keywords       []string   // "keywords"; nil means absent
	License        string     // "license"
	Providers      []Provider // "providers"; nil means absent
	Extent         Extent     // "extent"
	// Summaries maps a property name to its summary (a range object, a list
	// of values or a JSON schema), as raw JSON; nil means absent.
	Summaries map[string]json.RawMessage
	Links     []Link            // "links"; nil is written as []
	Assets    map[string]*Asset // "assets"; nil means absent
	// ItemAssets is the item-assets extension ("item_assets"): asset
	// definitions without href; nil means absent.
	ItemAssets map[string]*Asset
	// Extra holds the members not modelled above, as raw JSON.
	Extra map[string]json.RawMessage

	noExtent, noLinks bool
}

// NewCollection returns a Collection with type "Collection", the current STAC
// version and empty links.
func NewCollection(id, description, license string, extent Extent) *Collection {
	return &Collection{
		Type:        "Collection",
		StacVersion: Version,
		ID:          id,
		Description: description,
		License:     license,
		Extent:      extent,
		Links:       []Link{},
	}
}

// Asset returns the collection asset with key, or nil.
func (c *Collection) Asset(key string) *Asset { return c.Assets[key] }

// LinksByRel returns the links with relation rel.
func (c *Collection) LinksByRel(rel string) []Link { return Links(c.Links).ByRel(rel) }

// LinkByRel returns the first link with relation rel, or nil.
func (c *Collection) LinkByRel(rel string) *Link { return Links(c.Links).First(rel) }

// SelfLink returns the "self" link, or nil.
func (c *Collection) SelfLink() *Link { return c.LinkByRel(RelSelf) }

// ParentLink returns the "parent" link, or nil.
func (c *Collection) ParentLink() *Link { return c.LinkByRel(RelParent) }

// RootLink returns the "root" link, or nil.
func (c *Collection) RootLink() *Link { return c.LinkByRel(RelRoot) }

// ItemsLink returns the "items" link, or nil.
func (c *Collection) ItemsLink() *Link { return c.LinkByRel(RelItems) }

// Clone returns a deep copy of c.
func (c *Collection) Clone() *Collection {
	if c == nil {
		return nil
	}
	d := *c
	d.StacExtensions = cloneStrings(c.StacExtensions)
	d.Keywords = cloneStrings(c.Keywords)
	if c.Providers != nil {
		d.Providers = make([]Provider, len(c.Providers))
		for i, p := range c.Providers {
			d.Providers[i] = p.Clone()
		}
	}
	d.Extent = c.Extent.Clone()
	d.Summaries = cloneExtra(c.Summaries)
	d.Links = cloneLinks(c.Links)
	d.Assets = cloneAssets(c.Assets)
	d.ItemAssets = cloneAssets(c.ItemAssets)
	d.Extra = cloneExtra(c.Extra)
	return &d
}

// MarshalJSON encodes the collection.
func (c Collection) MarshalJSON() ([]byte, error) { return c.appendJSON(nil) }

func (c *Collection) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("type", c.Type)
	w.strIf("stac_version", c.StacVersion)
	w.strsIf("stac_extensions", c.StacExtensions)
	w.strIf("id", c.ID)
	w.strIf("title", c.Title)
	w.strIf("description", c.Description)
	w.strsIf("keywords", c.Keywords)
	w.strIf("license", c.License)
	if c.Providers != nil {
		w.key("providers")
		w.b = append(w.b, '[')
		for i, p := range c.Providers {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			var err error
			w.b, err = p.appendJSON(w.b)
			w.setErr(err)
		}
		w.b = append(w.b, ']')
	}
	_, xe := c.Extra["extent"]
	writeExtent := (!xe && !c.noExtent) || !c.Extent.isZero()
	if writeExtent {
		w.value("extent", c.Extent)
	}
	if c.Summaries != nil {
		w.key("summaries")
		sw := newObjectWriter(w.b)
		sw.extra(c.Summaries, nil)
		var err error
		w.b, err = sw.end()
		w.setErr(err)
	}
	_, xl := c.Extra["links"]
	writeLinks := c.Links != nil || (!xl && !c.noLinks)
	if writeLinks {
		w.key("links")
		var err error
		w.b, err = appendLinks(w.b, c.Links)
		w.setErr(err)
	}
	if c.Assets != nil {
		w.key("assets")
		var err error
		w.b, err = appendAssets(w.b, c.Assets)
		w.setErr(err)
	}
	if c.ItemAssets != nil {
		w.key("item_assets")
		var err error
		w.b, err = appendAssets(w.b, c.ItemAssets)
		w.setErr(err)
	}
	w.extra(c.Extra, func(k string) bool {
		switch k {
		case "type":
			return c.Type != ""
		case "stac_version":
			return c.StacVersion != ""
		case "stac_extensions":
			return c.StacExtensions != nil
		case "id":
			return c.ID != ""
		case "title":
			return c.Title != ""
		case "description":
			return c.Description != ""
		case "keywords":
			return c.Keywords != nil
		case "license":
			return c.License != ""
		case "providers":
			return c.Providers != nil
		case "extent":
			return writeExtent
		case "summaries":
			return c.Summaries != nil
		case "links":
			return writeLinks
		case "assets":
			return c.Assets != nil
		case "item_assets":
			return c.ItemAssets != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes a collection. A well-formed JSON object always
// decodes: a known member with an unexpected type is kept in Extra (and
// reported by [ValidateCollection]).
func (c *Collection) UnmarshalJSON(data []byte) error {
	return c.decode(ownedCopy(data), rawKeeper{owned: true})
}

func (c *Collection) decode(data []byte, k rawKeeper) error {
	*c = Collection{noExtent: true, noLinks: true}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "type":
			dst = &c.Type
		case "stac_version":
			dst = &c.StacVersion
		case "id":
			dst = &c.ID
		case "title":
			dst = &c.Title
		case "description":
			dst = &c.Description
		case "license":
			dst = &c.License
		case "stac_extensions":
			if v, ok := decodeStrings(r.val); ok {
				c.StacExtensions = v
				continue
			}
		case "keywords":
			if v, ok := decodeStrings(r.val); ok {
				c.Keywords = v
				continue
			}
		case "providers":
			if v, ok := decodeProviders(r.val, k); ok {
				c.Providers = v
				continue
			}
		case "extent":
			if isObject(r.val) {
				if err := c.Extent.decode(r.val, k); err != nil {
					return fmt.Errorf("stac: collection extent: %w", err)
				}
				c.noExtent = false
				continue
			}
		case "summaries":
			if m, ok := decodeRawObject(r.val, k); ok {
				c.Summaries = m
				continue
			}
		case "links":
			if v, ok := decodeLinks(r.val, k); ok {
				c.Links = v
				c.noLinks = false
				continue
			}
		case "assets":
			if v, ok := decodeAssets(r.val, k); ok {
				c.Assets = v
				continue
			}
		case "item_assets":
			if v, ok := decodeAssets(r.val, k); ok {
				c.ItemAssets = v
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&c.Extra, r.key, r.val)
	}
	if r.err != nil {
		return fmt.Errorf("stac: decoding collection: %w", r.err)
	}
	return nil
}

// decodeRawObject decodes an object into a map of raw values.
func decodeRawObject(raw []byte, k rawKeeper) (map[string]json.RawMessage, bool) {
	if !isObject(raw) {
		return nil, false
	}
	m := make(map[string]json.RawMessage)
	r := newObjectReader(raw)
	for r.next() {
		m[intern(r.key)] = k.keep(r.val)
	}
	return m, r.err == nil
}

// CollectionList is the body of GET /stac/collections: the collections of a
// catalog and links.
type CollectionList struct {
	Collections []*Collection // "collections"
	Links       []Link        // "links"
	// Extra holds the members not modelled above ("numberMatched", ...).
	Extra map[string]json.RawMessage
}

// NextLink returns the "next" paging link, or nil.
func (cl *CollectionList) NextLink() *Link { return Links(cl.Links).First(RelNext) }

// MarshalJSON encodes the list.
func (cl CollectionList) MarshalJSON() ([]byte, error) {
	w := newObjectWriter(nil)
	_, xc := cl.Extra["collections"]
	writeColls := cl.Collections != nil || !xc
	if writeColls {
		w.key("collections")
		w.b = append(w.b, '[')
		for i, c := range cl.Collections {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			if c == nil {
				w.b = append(w.b, "null"...)
				continue
			}
			var err error
			w.b, err = c.appendJSON(w.b)
			w.setErr(err)
		}
		w.b = append(w.b, ']')
	}
	_, xl := cl.Extra["links"]
	writeLinks := cl.Links != nil || !xl
	if writeLinks {
		w.key("links")
		var err error
		w.b, err = appendLinks(w.b, cl.Links)
		w.setErr(err)
	}
	w.extra(cl.Extra, func(k string) bool {
		return (k == "collections" && writeColls) || (k == "links" && writeLinks)
	})
	return w.end()
}

// UnmarshalJSON decodes the list.
func (cl *CollectionList) UnmarshalJSON(data []byte) error {
	*cl = CollectionList{}
	k := rawKeeper{}
	r := newObjectReader(data)
	for r.next() {
		switch string(r.key) {
		case "collections":
			if isArray(r.val) {
				var cs []*Collection
				ok := true
				ar := newArrayReader(r.val)
				for ar.next() {
					if !isObject(ar.val) {
						ok = false
						break
					}
					c := new(Collection)
					if err := c.decode(ownedCopy(ar.val), rawKeeper{owned: true}); err != nil {
						return err
					}
					cs = append(cs, c)
				}
				if ok && ar.err == nil {
					if cs == nil {
						cs = []*Collection{}
					}
					cl.Collections = cs
					continue
				}
			}
		case "links":
			if v, ok := decodeLinks(r.val, k); ok {
				cl.Links = v
				continue
			}
		}
		k.putExtra(&cl.Extra, r.key, r.val)
	}
	return r.err
}
