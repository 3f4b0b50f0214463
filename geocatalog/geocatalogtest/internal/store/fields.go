package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// defaultFields are returned when include is given (STAC API fields extension).
var defaultFields = []string{"type", "stac_version", "stac_extensions", "id", "collection",
	"geometry", "bbox", "links", "assets", "properties.datetime"}

// applyFields returns doc with the fields extension applied: include adds to
// the default set, exclude removes from the result (or from the whole
// document when include is empty); a path in both is included. Members keep
// their order and their bytes; only the objects on the paths are rebuilt.
func applyFields(doc []byte, f *Fields) ([]byte, error) {
	var included map[string]bool
	var tree *pathTree
	if len(f.Include) > 0 {
		included = map[string]bool{}
		tree = &pathTree{}
		for _, p := range defaultFields {
			tree.add(strings.Split(p, "."))
		}
		for _, p := range f.Include {
			included[p] = true
			tree.add(strings.Split(p, "."))
		}
	}
	excl := &pathTree{}
	for _, p := range f.Exclude {
		if !included[p] {
			excl.add(strings.Split(p, "."))
		}
	}
	var buf bytes.Buffer
	buf.Grow(len(doc))
	if err := filterObject(&buf, doc, tree, excl); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pathTree is a set of dotted paths; a node with no children is a whole member.
type pathTree struct {
	children map[string]*pathTree
	leaf     bool
}

func (t *pathTree) add(path []string) {
	if t.leaf {
		return
	}
	if len(path) == 0 {
		t.leaf, t.children = true, nil
		return
	}
	if t.children == nil {
		t.children = map[string]*pathTree{}
	}
	c, ok := t.children[path[0]]
	if !ok {
		c = &pathTree{}
		t.children[path[0]] = c
	}
	c.add(path[1:])
}

// filterObject writes the JSON object obj keeping the members in include (all
// when include is nil) and dropping those in exclude.
func filterObject(buf *bytes.Buffer, obj []byte, include, exclude *pathTree) error {
	dec := json.NewDecoder(bytes.NewReader(obj))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("store: fields: not a JSON object")
	}
	buf.WriteByte('{')
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		var inc, exc *pathTree
		if include != nil {
			if inc = include.children[key]; inc == nil {
				continue
			}
			if inc.leaf {
				inc = nil
			}
		}
		if exclude != nil {
			if exc = exclude.children[key]; exc != nil && exc.leaf {
				continue
			}
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(key)
		buf.Write(k)
		buf.WriteByte(':')
		isObj := len(raw) > 0 && raw[0] == '{'
		if (inc != nil || exc != nil) && isObj {
			if err := filterObject(buf, raw, inc, exc); err != nil {
				return err
			}
			continue
		}
		buf.Write(raw)
	}
	buf.WriteByte('}')
	return nil
}
