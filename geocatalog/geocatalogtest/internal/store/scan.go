package store

import (
	"encoding/json"
	"errors"
	"strconv"
	"sync"

	"github.com/geocatalog-partner/sdk-go/internal/jsonscan"
)

// A minimal scanner over JSON already known to be valid (json.Valid ran
// first): it splits objects into members without decoding what search does
// not need (links, assets, nested property values).

var errScan = errors.New("store: malformed JSON")

// eachMember calls fn with the raw quoted key and the raw value of every
// member of the object b.
func eachMember(b []byte, fn func(key, val []byte) error) error {
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errScan
	}
	m := jsonscan.NewMembers(b, i)
	for m.Next() {
		if err := fn(m.Key, b[m.V0:m.V1]); err != nil {
			return err
		}
	}
	if m.Err != nil {
		return errScan
	}
	return nil
}

// eachMemberAt is eachMember with the value's offsets in b.
func eachMemberAt(b []byte, fn func(key []byte, v0, v1 int) error) error {
	i := jsonscan.SkipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errScan
	}
	m := jsonscan.NewMembers(b, i)
	for m.Next() {
		if err := fn(m.Key, m.V0, m.V1); err != nil {
			return err
		}
	}
	if m.Err != nil {
		return errScan
	}
	return nil
}

// propOf returns the member key of the properties object raw, decoded
// (numbers as float64, arrays and objects as encoding/json does). When names
// may repeat, the last member of the name wins, as in encoding/json;
// otherwise the scan stops at the first.
func propOf(raw []byte, key string, repeats bool) (any, bool) {
	var found []byte
	m := jsonscan.NewMembers(raw, jsonscan.SkipSpace(raw, 0))
	for m.Next() {
		if keyIs(m.Key, key) {
			found = raw[m.V0:m.V1]
			if !repeats {
				break
			}
		}
	}
	if found == nil {
		return nil, false
	}
	v, err := scalar(found)
	if err != nil {
		return nil, true
	}
	if r, ok := v.(rawJSON); ok {
		return decodeRaw(r), true
	}
	return v, true
}

// keyIs reports whether the raw quoted key k is name.
func keyIs(k []byte, name string) bool {
	if len(k) == len(name)+2 && string(k[1:len(k)-1]) == name {
		return true
	}
	for _, c := range k {
		if c == '\\' {
			s, err := unquote(k)
			return err == nil && s == name
		}
	}
	return false
}

// unquote decodes a raw JSON string.
func unquote(raw []byte) (string, error) {
	simple := true
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c < 0x20 || c >= 0x80 {
			simple = false
			break
		}
	}
	if simple {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// interned keeps one copy of each property name (bounded).
var interned = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

const maxInterned = 10000

func intern(raw []byte) (string, error) {
	interned.RLock()
	s, ok := interned.m[string(raw)]
	interned.RUnlock()
	if ok {
		return s, nil
	}
	s, err := unquote(raw)
	if err != nil {
		return "", err
	}
	interned.Lock()
	if len(interned.m) < maxInterned {
		interned.m[string(raw)] = s
	}
	interned.Unlock()
	return s, nil
}

// prop is one item property; props keep document order.
type prop struct {
	key string
	val any // nil, bool, float64, string or rawJSON
}

type props []prop

// get returns the value of a property (the last one of a repeated name, as
// encoding/json does); arrays and objects are decoded.
func (p props) get(key string) (any, bool) {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i].key == key {
			if r, ok := p[i].val.(rawJSON); ok {
				return decodeRaw(r), true
			}
			return p[i].val, true
		}
	}
	return nil, false
}

// repeats reports whether a property name occurs twice.
func (p props) repeats() bool {
	seen := make(map[string]bool, len(p))
	for _, x := range p {
		if seen[x.key] {
			return true
		}
		seen[x.key] = true
	}
	return false
}

// scanProps reads a properties object.
func scanProps(raw []byte) (props, error) {
	var out props
	err := eachMember(raw, func(k, v []byte) error {
		key, err := intern(k)
		if err != nil {
			return err
		}
		val, err := scalar(v)
		if err != nil {
			return err
		}
		out = append(out, prop{key: key, val: val})
		return nil
	})
	return out, err
}

// rawJSON is a property value (array or object) decoded only when a query
// needs it.
type rawJSON []byte

// scalar decodes a raw JSON value: strings, numbers, booleans and null
// directly; arrays and objects stay raw.
func scalar(raw []byte) (any, error) {
	switch raw[0] {
	case '"':
		return unquote(raw)
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	case '{', '[':
		return rawJSON(raw), nil
	}
	return strconv.ParseFloat(string(raw), 64)
}

// decodeRaw decodes a rawJSON value for a query (numbers as float64).
func decodeRaw(r rawJSON) any {
	var v any
	if json.Unmarshal(r, &v) != nil {
		return nil
	}
	return v
}
