package stac

import (
	"encoding/json"
	"fmt"
)

// Version is the STAC version written by [NewItem] and [NewCollection].
const Version = "1.0.0"

// Item is a STAC Item: a GeoJSON Feature with STAC members. Members not
// modelled here (for example "msft:_created", "_msft:etag", "_msft:ts") are
// kept in Extra and written back.
//
// When encoding, a nil Links or Assets is written as [] or {} and a nil
// Geometry as null, because STAC requires these members; an Item decoded from
// a document that lacked them writes them back lacking.
type Item struct {
	Type           string   // "type": "Feature"
	StacVersion    string   // "stac_version"
	StacExtensions []string // "stac_extensions"; nil means absent
	ID             string   // "id"
	Collection     string   // "collection"; "" means absent
	Geometry       Geometry // "geometry" (GeoJSON); nil is written as null
	BBox           []float64
	Properties     Properties
	Links          []Link
	Assets         map[string]*Asset
	// Extra holds the members not modelled above, as raw JSON.
	Extra map[string]json.RawMessage

	missing itemMembers
}

// itemMembers flags required members that a decoded document lacked (or had
// as null), so that they are not invented when it is encoded again.
type itemMembers uint8

const (
	missingGeometry itemMembers = 1 << iota
	missingProperties
	missingLinks
	missingAssets
)

// NewItem returns an Item with the given id, type "Feature", the current STAC
// version and empty links and assets.
func NewItem(id string) *Item {
	return &Item{
		Type:        "Feature",
		StacVersion: Version,
		ID:          id,
		Links:       []Link{},
		Assets:      map[string]*Asset{},
	}
}

// Asset returns the asset with key, or nil.
func (it *Item) Asset(key string) *Asset { return it.Assets[key] }

// LinksByRel returns the links with relation rel.
func (it *Item) LinksByRel(rel string) []Link { return Links(it.Links).ByRel(rel) }

// LinkByRel returns the first link with relation rel, or nil.
func (it *Item) LinkByRel(rel string) *Link { return Links(it.Links).First(rel) }

// SelfLink returns the "self" link, or nil.
func (it *Item) SelfLink() *Link { return it.LinkByRel(RelSelf) }

// ParentLink returns the "parent" link, or nil.
func (it *Item) ParentLink() *Link { return it.LinkByRel(RelParent) }

// CollectionLink returns the "collection" link, or nil.
func (it *Item) CollectionLink() *Link { return it.LinkByRel(RelCollection) }

// RootLink returns the "root" link, or nil.
func (it *Item) RootLink() *Link { return it.LinkByRel(RelRoot) }

// Clone returns a deep copy of it.
func (it *Item) Clone() *Item {
	if it == nil {
		return nil
	}
	c := *it
	c.StacExtensions = cloneStrings(it.StacExtensions)
	c.Geometry = it.Geometry.Clone()
	if it.BBox != nil {
		c.BBox = append(make([]float64, 0, len(it.BBox)), it.BBox...)
	}
	c.Properties = it.Properties.Clone()
	c.Links = cloneLinks(it.Links)
	c.Assets = cloneAssets(it.Assets)
	c.Extra = cloneExtra(it.Extra)
	return &c
}

// MarshalJSON encodes the item.
func (it Item) MarshalJSON() ([]byte, error) { return it.appendJSON(nil) }

func (it *Item) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("type", it.Type)
	w.strIf("stac_version", it.StacVersion)
	w.strsIf("stac_extensions", it.StacExtensions)
	w.strIf("id", it.ID)
	w.strIf("collection", it.Collection)
	_, extraGeom := it.Extra["geometry"]
	if it.Geometry != nil || (!extraGeom && it.missing&missingGeometry == 0) {
		w.raw("geometry", it.Geometry)
	}
	if it.BBox != nil {
		w.floats("bbox", it.BBox)
	}
	if it.missing&missingProperties == 0 {
		w.value("properties", it.Properties)
	}
	_, extraLinks := it.Extra["links"]
	if it.Links != nil || (!extraLinks && it.missing&missingLinks == 0) {
		w.key("links")
		var err error
		w.b, err = appendLinks(w.b, it.Links)
		w.setErr(err)
	}
	_, extraAssets := it.Extra["assets"]
	if it.Assets != nil || (!extraAssets && it.missing&missingAssets == 0) {
		w.key("assets")
		var err error
		w.b, err = appendAssets(w.b, it.Assets)
		w.setErr(err)
	}
	w.extra(it.Extra, func(k string) bool {
		switch k {
		case "type":
			return it.Type != ""
		case "stac_version":
			return it.StacVersion != ""
		case "stac_extensions":
			return it.StacExtensions != nil
		case "id":
			return it.ID != ""
		case "collection":
			return it.Collection != ""
		case "geometry":
			return it.Geometry != nil
		case "bbox":
			return it.BBox != nil
		case "properties":
			return it.missing&missingProperties == 0
		case "links":
			return it.Links != nil
		case "assets":
			return it.Assets != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes an item. A well-formed JSON object always decodes: a
// known member with an unexpected type is kept in Extra (and reported by
// [ValidateItem]).
func (it *Item) UnmarshalJSON(data []byte) error {
	return it.decode(ownedCopy(data), rawKeeper{owned: true})
}

// DecodeItem decodes one item from data, which it takes ownership of: the
// decoded item keeps sub-slices of data, so the caller must not modify data
// afterwards. It gives the same result as json.Unmarshal, which scans a
// document three times before and while handing it to a custom decoder, in
// one validating pass and without copying data.
func DecodeItem(data []byte) (*Item, error) {
	it := new(Item)
	if err := it.decode(data, rawKeeper{owned: true}); err != nil {
		return nil, err
	}
	return it, nil
}

func (it *Item) decode(data []byte, k rawKeeper) error {
	*it = Item{missing: missingGeometry | missingProperties | missingLinks | missingAssets}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "type":
			dst = &it.Type
		case "stac_version":
			dst = &it.StacVersion
		case "id":
			dst = &it.ID
		case "collection":
			dst = &it.Collection
		case "stac_extensions":
			if v, ok := decodeStrings(r.val); ok {
				it.StacExtensions = v
				continue
			}
		case "geometry":
			it.Geometry = Geometry(k.keep(r.val))
			it.missing &^= missingGeometry
			continue
		case "bbox":
			if v, ok := decodeFloats(r.val); ok {
				it.BBox = v
				continue
			}
		case "properties":
			if isObject(r.val) {
				if err := it.Properties.decode(r.val, k); err != nil {
					return fmt.Errorf("stac: item properties: %w", err)
				}
				it.missing &^= missingProperties
				continue
			}
		case "links":
			if v, ok := decodeLinks(r.val, k); ok {
				it.Links = v
				it.missing &^= missingLinks
				continue
			}
		case "assets":
			if v, ok := decodeAssets(r.val, k); ok {
				it.Assets = v
				it.missing &^= missingAssets
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&it.Extra, r.key, r.val)
	}
	if r.err != nil {
		return fmt.Errorf("stac: decoding item: %w", r.err)
	}
	return nil
}
