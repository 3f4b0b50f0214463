package stac

import (
	"encoding/json"
	"fmt"
)

// ItemCollection is a GeoJSON FeatureCollection of items: a page of STAC API
// search or items results, or the body of a batch item create.
type ItemCollection struct {
	Type     string  // "type": "FeatureCollection"
	Features []*Item // "features"
	Links    []Link  // "links"; nil means absent
	// Context is the STAC API context extension ("context"); nil means absent.
	Context *Context
	// Extra holds the members not modelled above ("numberMatched",
	// "numberReturned", "stac_version", ...), as raw JSON.
	Extra map[string]json.RawMessage

	noFeatures bool
}

// Context is the STAC API context extension of a search page.
type Context struct {
	Returned int  // "returned"
	Limit    *int // "limit"; nil means absent
	Matched  *int // "matched"; nil means absent
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage

	noReturned bool
}

// NewItemCollection returns a FeatureCollection of items.
func NewItemCollection(items ...*Item) *ItemCollection {
	if items == nil {
		items = []*Item{}
	}
	return &ItemCollection{Type: "FeatureCollection", Features: items}
}

// LinksByRel returns the links with relation rel.
func (ic *ItemCollection) LinksByRel(rel string) []Link { return Links(ic.Links).ByRel(rel) }

// LinkByRel returns the first link with relation rel, or nil.
func (ic *ItemCollection) LinkByRel(rel string) *Link { return Links(ic.Links).First(rel) }

// NextLink returns the "next" paging link, or nil on the last page.
func (ic *ItemCollection) NextLink() *Link { return ic.LinkByRel(RelNext) }

// SelfLink returns the "self" link, or nil.
func (ic *ItemCollection) SelfLink() *Link { return ic.LinkByRel(RelSelf) }

// RootLink returns the "root" link, or nil.
func (ic *ItemCollection) RootLink() *Link { return ic.LinkByRel(RelRoot) }

// MarshalJSON encodes the item collection.
func (ic ItemCollection) MarshalJSON() ([]byte, error) {
	w := newObjectWriter(make([]byte, 0, 1024))
	w.strIf("type", ic.Type)
	_, extraFeatures := ic.Extra["features"]
	if ic.Features != nil || (!extraFeatures && !ic.noFeatures) {
		w.key("features")
		w.b = append(w.b, '[')
		for i, it := range ic.Features {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			if it == nil {
				w.b = append(w.b, "null"...)
				continue
			}
			var err error
			w.b, err = it.appendJSON(w.b)
			w.setErr(err)
		}
		w.b = append(w.b, ']')
	}
	if ic.Links != nil {
		w.key("links")
		var err error
		w.b, err = appendLinks(w.b, ic.Links)
		w.setErr(err)
	}
	if ic.Context != nil {
		w.value("context", ic.Context)
	}
	w.extra(ic.Extra, func(k string) bool {
		switch k {
		case "type":
			return ic.Type != ""
		case "features":
			return ic.Features != nil
		case "links":
			return ic.Links != nil
		case "context":
			return ic.Context != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes an item collection. Each item keeps its own copy of
// its bytes, so holding one item does not hold the whole page.
func (ic *ItemCollection) UnmarshalJSON(data []byte) error { return ic.decode(data) }

// DecodeItemCollection decodes a page of items (a FeatureCollection). It gives
// the same result as json.Unmarshal into an ItemCollection, which scans a
// document three times before and while handing it to a custom decoder, in
// one validating pass. data is not retained: every item keeps its own copy of
// its bytes.
func DecodeItemCollection(data []byte) (*ItemCollection, error) {
	ic := new(ItemCollection)
	if err := ic.decode(data); err != nil {
		return nil, err
	}
	return ic, nil
}

func (ic *ItemCollection) decode(data []byte) error {
	*ic = ItemCollection{noFeatures: true}
	k := rawKeeper{}
	r := newObjectReader(data)
	for r.next() {
		switch string(r.key) {
		case "type":
			if s, ok := decodeString(r.val); ok && s != "" {
				ic.Type = s
				continue
			}
		case "features":
			if v, ok, err := decodeFeatures(r.val); err != nil {
				return err
			} else if ok {
				ic.Features = v
				ic.noFeatures = false
				continue
			}
		case "links":
			if v, ok := decodeLinks(r.val, k); ok {
				ic.Links = v
				continue
			}
		case "context":
			if isObject(r.val) {
				c := new(Context)
				if err := c.decode(r.val, k); err == nil {
					ic.Context = c
					continue
				}
			}
		}
		k.putExtra(&ic.Extra, r.key, r.val)
	}
	if r.err != nil {
		return fmt.Errorf("stac: decoding item collection: %w", r.err)
	}
	return nil
}

func decodeFeatures(raw []byte) ([]*Item, bool, error) {
	if !isArray(raw) {
		return nil, false, nil
	}
	out := make([]*Item, 0, countElements(raw))
	r := newArrayReader(raw)
	for r.next() {
		if !isObject(r.val) {
			return nil, false, nil
		}
		it := new(Item)
		if err := it.decode(ownedCopy(r.val), rawKeeper{owned: true}); err != nil {
			return nil, false, fmt.Errorf("stac: feature %d: %w", len(out), err)
		}
		out = append(out, it)
	}
	if r.err != nil {
		return nil, false, r.err
	}
	return out, true, nil
}

// MarshalJSON encodes the context.
func (c Context) MarshalJSON() ([]byte, error) { return c.appendJSON(nil) }

func (c Context) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	_, extraReturned := c.Extra["returned"]
	writeReturned := c.Returned != 0 || (!extraReturned && !c.noReturned)
	if writeReturned {
		w.integer("returned", c.Returned)
	}
	if c.Limit != nil {
		w.integer("limit", *c.Limit)
	}
	if c.Matched != nil {
		w.integer("matched", *c.Matched)
	}
	w.extra(c.Extra, func(k string) bool {
		switch k {
		case "returned":
			return writeReturned
		case "limit":
			return c.Limit != nil
		case "matched":
			return c.Matched != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes the context.
func (c *Context) UnmarshalJSON(data []byte) error { return c.decode(data, rawKeeper{}) }

func (c *Context) decode(data []byte, k rawKeeper) error {
	*c = Context{noReturned: true}
	r := newObjectReader(data)
	for r.next() {
		n, ok := decodeInt(r.val)
		switch string(r.key) {
		case "returned":
			c.noReturned = false
			if ok && n != 0 {
				c.Returned = n
				continue
			}
		case "limit":
			if ok {
				c.Limit = &n
				continue
			}
		case "matched":
			if ok {
				c.Matched = &n
				continue
			}
		}
		k.putExtra(&c.Extra, r.key, r.val)
	}
	return r.err
}
