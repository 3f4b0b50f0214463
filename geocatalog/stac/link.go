package stac

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Link relation types used by STAC and the STAC API.
const (
	RelSelf        = "self"
	RelRoot        = "root"
	RelParent      = "parent"
	RelCollection  = "collection"
	RelItems       = "items"
	RelNext        = "next"
	RelPrev        = "prev"
	RelLicense     = "license"
	RelDerivedFrom = "derived_from"
)

// Link is a STAC link. Paging links of the STAC API may carry a request
// Method, a Body to send and whether to Merge it into the previous request.
type Link struct {
	Href   string // "href"
	Rel    string // "rel"
	Type   string // "type", the media type
	Title  string // "title"
	Method string // "method": "GET" (default) or "POST"
	// Body is the request body of a POST paging link ("body"), as raw JSON.
	Body json.RawMessage
	// Merge is "merge": merge Body into the previous request body.
	Merge bool
	// Headers is the "headers" object as raw JSON; see [Link.Header].
	Headers json.RawMessage
	// Extra holds the members not modelled above ("hreflang", "length", ...).
	Extra map[string]json.RawMessage
}

// Header decodes Headers into an http.Header. A header value may be a string
// or an array of strings.
func (l *Link) Header() (http.Header, error) {
	if len(l.Headers) == 0 || isNull(l.Headers) {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(l.Headers, &m); err != nil {
		return nil, fmt.Errorf("stac: link headers: %w", err)
	}
	h := make(http.Header, len(m))
	for k, raw := range m {
		if s, ok := decodeString(raw); ok {
			h.Add(k, s)
			continue
		}
		ss, ok := decodeStrings(raw)
		if !ok {
			return nil, fmt.Errorf("stac: link header %q is neither a string nor an array of strings", k)
		}
		for _, s := range ss {
			h.Add(k, s)
		}
	}
	return h, nil
}

// Clone returns a deep copy of l.
func (l Link) Clone() Link {
	l.Body = cloneRaw(l.Body)
	l.Headers = cloneRaw(l.Headers)
	l.Extra = cloneExtra(l.Extra)
	return l
}

// MarshalJSON encodes the link.
func (l Link) MarshalJSON() ([]byte, error) { return l.appendJSON(nil) }

func (l Link) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("rel", l.Rel)
	w.strIf("href", l.Href)
	w.strIf("type", l.Type)
	w.strIf("title", l.Title)
	w.strIf("method", l.Method)
	if l.Body != nil {
		w.raw("body", l.Body)
	}
	if l.Merge {
		w.boolean("merge", true)
	}
	if l.Headers != nil {
		w.raw("headers", l.Headers)
	}
	w.extra(l.Extra, func(k string) bool {
		switch k {
		case "rel":
			return l.Rel != ""
		case "href":
			return l.Href != ""
		case "type":
			return l.Type != ""
		case "title":
			return l.Title != ""
		case "method":
			return l.Method != ""
		case "body":
			return l.Body != nil
		case "merge":
			return l.Merge
		case "headers":
			return l.Headers != nil
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes a link.
func (l *Link) UnmarshalJSON(data []byte) error { return l.decode(data, rawKeeper{}) }

func (l *Link) decode(data []byte, k rawKeeper) error {
	*l = Link{}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "href":
			dst = &l.Href
		case "rel":
			dst = &l.Rel
		case "type":
			dst = &l.Type
		case "title":
			dst = &l.Title
		case "method":
			dst = &l.Method
		case "body":
			l.Body = k.keep(r.val)
			continue
		case "headers":
			l.Headers = k.keep(r.val)
			continue
		case "merge":
			if v, ok := decodeBool(r.val); ok && v {
				l.Merge = true
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&l.Extra, r.key, r.val)
	}
	return r.err
}

// decodeLinks decodes an array of links; ok is false for anything else.
func decodeLinks(raw []byte, k rawKeeper) ([]Link, bool) {
	if !isArray(raw) {
		return nil, false
	}
	out := make([]Link, countElements(raw))
	n := 0
	r := newArrayReader(raw)
	for r.next() {
		if !isObject(r.val) || n >= len(out) {
			return nil, false
		}
		if err := out[n].decode(r.val, k); err != nil {
			return nil, false
		}
		n++
	}
	if r.err != nil {
		return nil, false
	}
	return out[:n], true
}

func appendLinks(b []byte, links []Link) ([]byte, error) {
	b = append(b, '[')
	var err error
	for i := range links {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = links[i].appendJSON(b); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func cloneLinks(links []Link) []Link {
	if links == nil {
		return nil
	}
	out := make([]Link, len(links))
	for i, l := range links {
		out[i] = l.Clone()
	}
	return out
}

// Links is a list of links with lookup helpers.
type Links []Link

// ByRel returns the links with relation rel.
func (ls Links) ByRel(rel string) []Link {
	var out []Link
	for _, l := range ls {
		if l.Rel == rel {
			out = append(out, l)
		}
	}
	return out
}

// First returns the first link with relation rel, or nil.
func (ls Links) First(rel string) *Link {
	for i := range ls {
		if ls[i].Rel == rel {
			return &ls[i]
		}
	}
	return nil
}
