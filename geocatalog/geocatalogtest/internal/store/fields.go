package store

import (
	"bytes"
	"encoding/json"
	"strings"
)

// defaultFields are returned when include is given (STAC API fields extension).
var defaultFields = []string{"type", "stac_version", "stac_extensions", "id", "collection",
	"geometry", "bbox", "links", "assets", "properties.datetime"}

// applyFields returns doc with the fields extension applied: include adds to
// the default set, exclude removes from the result (or from the whole
// document when include is empty); a path in both is included.
func applyFields(doc []byte, f *Fields) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var src map[string]any
	if err := dec.Decode(&src); err != nil {
		return nil, err
	}
	out := src
	included := map[string]bool{}
	if len(f.Include) > 0 {
		out = map[string]any{}
		for _, p := range defaultFields {
			copyPath(out, src, strings.Split(p, "."))
		}
		for _, p := range f.Include {
			included[p] = true
			copyPath(out, src, strings.Split(p, "."))
		}
	}
	for _, p := range f.Exclude {
		if !included[p] {
			deletePath(out, strings.Split(p, "."))
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func copyPath(dst, src map[string]any, path []string) {
	v, ok := src[path[0]]
	if !ok {
		return
	}
	if len(path) == 1 {
		dst[path[0]] = v
		return
	}
	sub, ok := v.(map[string]any)
	if !ok {
		return
	}
	d, ok := dst[path[0]].(map[string]any)
	if !ok {
		d = map[string]any{}
		dst[path[0]] = d
	}
	copyPath(d, sub, path[1:])
}

func deletePath(m map[string]any, path []string) {
	if len(path) == 1 {
		delete(m, path[0])
		return
	}
	if sub, ok := m[path[0]].(map[string]any); ok {
		deletePath(sub, path[1:])
	}
}
