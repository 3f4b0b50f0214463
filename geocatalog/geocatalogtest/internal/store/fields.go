package store

import (
	"bytes"
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
	buf.WriteByte('{')
	first := true
	err := eachMember(obj, func(rawKey, raw []byte) error {
		key, err := unquote(rawKey)
		if err != nil {
			return err
		}
		var inc, exc *pathTree
		if include != nil {
			if inc = include.children[key]; inc == nil {
				return nil
			}
			if inc.leaf {
				inc = nil
			}
		}
		if exclude != nil {
			if exc = exclude.children[key]; exc != nil && exc.leaf {
				return nil
			}
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(rawKey)
		buf.WriteByte(':')
		if (inc != nil || exc != nil) && raw[0] == '{' {
			return filterObject(buf, raw, inc, exc)
		}
		buf.Write(raw)
		return nil
	})
	if err != nil {
		return err
	}
	buf.WriteByte('}')
	return nil
}
