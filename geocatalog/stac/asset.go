package stac

import (
	"encoding/json"
	"slices"
)

// Asset is a STAC asset: a file or service an item or collection points to.
// Members other than the typed ones (for example "eo:bands", "proj:shape",
// "raster:bands", "file:size") are kept in Extra.
type Asset struct {
	Href        string   // "href", required for item and collection assets
	Type        string   // "type", the media type
	Title       string   // "title"
	Description string   // "description"
	Roles       []string // "roles"; nil means absent
	// Extra holds the members not modelled above, as raw JSON.
	Extra map[string]json.RawMessage
}

// HasRole reports whether a has role r.
func (a *Asset) HasRole(r string) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of a.
func (a *Asset) Clone() *Asset {
	if a == nil {
		return nil
	}
	c := *a
	c.Roles = cloneStrings(a.Roles)
	c.Extra = cloneExtra(a.Extra)
	return &c
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append(make([]string, 0, len(s)), s...)
}

// MarshalJSON encodes the asset.
func (a Asset) MarshalJSON() ([]byte, error) { return a.appendJSON(nil) }

func (a Asset) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("href", a.Href)
	w.strIf("type", a.Type)
	w.strIf("title", a.Title)
	w.strIf("description", a.Description)
	w.strsIf("roles", a.Roles)
	w.extra(a.Extra, func(k string) bool {
		switch k {
		case "href":
			return a.Href != ""
		case "type":
			return a.Type != ""
		case "title":
			return a.Title != ""
		case "description":
			return a.Description != ""
		case "roles":
			return a.Roles != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes an asset.
func (a *Asset) UnmarshalJSON(data []byte) error { return a.decode(data, rawKeeper{}) }

func (a *Asset) decode(data []byte, k rawKeeper) error {
	*a = Asset{}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "href":
			dst = &a.Href
		case "type":
			dst = &a.Type
		case "title":
			dst = &a.Title
		case "description":
			dst = &a.Description
		case "roles":
			if v, ok := decodeStrings(r.val); ok {
				a.Roles = v
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&a.Extra, r.key, r.val)
	}
	return r.err
}

// decodeAssets decodes an object of assets. ok is false when raw is not an
// object of objects.
func decodeAssets(raw []byte, k rawKeeper) (map[string]*Asset, bool) {
	if !isObject(raw) {
		return nil, false
	}
	out := make(map[string]*Asset, countElements(raw))
	r := newObjectReader(raw)
	for r.next() {
		if !isObject(r.val) {
			return nil, false
		}
		a := new(Asset)
		if err := a.decode(r.val, k); err != nil {
			return nil, false
		}
		out[intern(r.key)] = a
	}
	if r.err != nil {
		return nil, false
	}
	return out, true
}

func appendAssets(b []byte, m map[string]*Asset) ([]byte, error) {
	w := newObjectWriter(b)
	for _, key := range sortedAssetKeys(m) {
		a := m[key]
		if a == nil {
			w.raw(key, nil)
			continue
		}
		w.value(key, a)
	}
	return w.end()
}

func cloneAssets(m map[string]*Asset) map[string]*Asset {
	if m == nil {
		return nil
	}
	out := make(map[string]*Asset, len(m))
	for k, a := range m {
		out[k] = a.Clone()
	}
	return out
}

func sortedAssetKeys(m map[string]*Asset) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
