package stac

import "encoding/json"

// Provider is an organisation that captured, processed or hosts the data.
type Provider struct {
	Name        string   // "name"
	Description string   // "description"
	Roles       []string // "roles": licensor, producer, processor, host
	URL         string   // "url"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// Clone returns a deep copy of p.
func (p Provider) Clone() Provider {
	p.Roles = cloneStrings(p.Roles)
	p.Extra = cloneExtra(p.Extra)
	return p
}

// MarshalJSON encodes the provider.
func (p Provider) MarshalJSON() ([]byte, error) { return p.appendJSON(nil) }

func (p Provider) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("name", p.Name)
	w.strIf("description", p.Description)
	w.strsIf("roles", p.Roles)
	w.strIf("url", p.URL)
	w.extra(p.Extra, func(k string) bool {
		switch k {
		case "name":
			return p.Name != ""
		case "description":
			return p.Description != ""
		case "roles":
			return p.Roles != nil
		case "url":
			return p.URL != ""
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes a provider.
func (p *Provider) UnmarshalJSON(data []byte) error { return p.decode(data, rawKeeper{}) }

func (p *Provider) decode(data []byte, k rawKeeper) error {
	*p = Provider{}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "name":
			dst = &p.Name
		case "description":
			dst = &p.Description
		case "url":
			dst = &p.URL
		case "roles":
			if v, ok := decodeStrings(r.val); ok {
				p.Roles = v
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&p.Extra, r.key, r.val)
	}
	return r.err
}

func decodeProviders(raw []byte, k rawKeeper) ([]Provider, bool) {
	if !isArray(raw) {
		return nil, false
	}
	out := []Provider{}
	r := newArrayReader(raw)
	for r.next() {
		if !isObject(r.val) {
			return nil, false
		}
		var p Provider
		if err := p.decode(r.val, k); err != nil {
			return nil, false
		}
		out = append(out, p)
	}
	return out, r.err == nil
}
