package geocatalogtest

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// queryableResponse is a QueryableDefinition as the service echoes it: the
// definition plus top-level create_index false and data_type null.
func queryableResponse(name string, def map[string]any) map[string]any {
	return map[string]any{"name": name, "definition": def, "create_index": false, "data_type": nil}
}

// checkQueryable validates a QueryableDefinition; "" when valid.
func checkQueryable(m map[string]any) string {
	if str(m, "name") == "" {
		return "a queryable needs a name"
	}
	def, ok := m["definition"].(map[string]any)
	if !ok {
		return "a queryable needs a definition object"
	}
	switch str(def, "data_type") {
	case "", "string", "number", "boolean", "timestamp", "date":
	default:
		return "data_type must be string, number, boolean, timestamp or date"
	}
	return ""
}

// queryablesSchema is the JSON Schema document of GET .../queryables.
func (c *Catalog) queryablesSchema(self string, defs []map[string]any) map[string]any {
	props := map[string]any{
		"id":       map[string]any{"title": "Item ID", "description": "Item identifier"},
		"datetime": map[string]any{"type": "string", "title": "Acquired", "format": "date-time", "pattern": `(\+00:00|Z)$`, "description": "Datetime"},
		"geometry": map[string]any{"title": "Item Geometry", "description": "Item Geometry"},
	}
	for _, q := range defs {
		def, _ := q["definition"].(map[string]any)
		p := maps.Clone(def)
		delete(p, "create_index")
		props[str(q, "name")] = p
	}
	return map[string]any{
		"$id":                  self,
		"type":                 "object",
		"title":                "STAC Queryables.",
		"$schema":              "http://json-schema.org/draft-07/schema#",
		"properties":           props,
		"additionalProperties": true,
	}
}

func (c *Catalog) listAllQueryables(w http.ResponseWriter, r *http.Request) {
	c.config.mu.Lock()
	var defs []map[string]any
	ids := slices.Sorted(maps.Keys(c.config.byID))
	for _, id := range ids {
		cfg := c.config.byID[id]
		for _, name := range cfg.queryOrder {
			defs = append(defs, cfg.queryables[name])
		}
	}
	c.config.mu.Unlock()
	writeJSON(w, http.StatusOK, c.queryablesSchema(c.URL+r.URL.RequestURI(), defs))
}

func (c *Catalog) listQueryables(w http.ResponseWriter, r *http.Request) {
	c.withConfig(w, r, func(cfg *collectionConfig) {
		defs := make([]map[string]any, 0, len(cfg.queryOrder))
		for _, name := range cfg.queryOrder {
			defs = append(defs, cfg.queryables[name])
		}
		writeJSON(w, http.StatusOK, c.queryablesSchema(c.URL+r.URL.RequestURI(), defs))
	})
}

// setQueryable stores a queryable (lock held) and reports whether it is new.
func (cfg *collectionConfig) setQueryable(m map[string]any) bool {
	name := str(m, "name")
	_, existed := cfg.queryables[name]
	cfg.queryables[name] = queryableResponse(name, m["definition"].(map[string]any))
	if !existed {
		cfg.queryOrder = append(cfg.queryOrder, name)
	}
	return !existed
}

// createQueryables answers POST .../queryables with an array: 201 with the array.
func (c *Catalog) createQueryables(w http.ResponseWriter, r *http.Request) {
	var list []map[string]any
	if !readInto(w, r, &list) {
		return
	}
	for _, m := range list {
		if msg := checkQueryable(m); msg != "" {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
			return
		}
	}
	c.withConfig(w, r, func(cfg *collectionConfig) {
		out := make([]map[string]any, 0, len(list))
		for _, m := range list {
			cfg.setQueryable(m)
			out = append(out, cfg.queryables[str(m, "name")])
		}
		writeJSON(w, http.StatusCreated, out)
	})
}

// queryableName is the unescaped queryableName path parameter.
func queryableName(r *http.Request) string {
	n := r.PathValue("queryableName")
	if u, err := url.PathUnescape(n); err == nil {
		return u
	}
	return n
}

func (c *Catalog) replaceQueryable(w http.ResponseWriter, r *http.Request) {
	m, ok := readObject(w, r)
	if !ok {
		return
	}
	name := queryableName(r)
	if n := str(m, "name"); n == "" {
		m["name"] = name
	} else if n != name {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "queryable name %q in the body differs from %q in the path", n, name)
		return
	}
	if msg := checkQueryable(m); msg != "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
		return
	}
	c.withConfig(w, r, func(cfg *collectionConfig) {
		status := http.StatusOK
		if cfg.setQueryable(m) {
			status = http.StatusCreated
		}
		writeJSON(w, status, cfg.queryables[name])
	})
}

// deleteQueryable answers 200 with no body, as in the example.
func (c *Catalog) deleteQueryable(w http.ResponseWriter, r *http.Request) {
	name := queryableName(r)
	c.withConfig(w, r, func(cfg *collectionConfig) {
		if _, ok := cfg.queryables[name]; !ok {
			writeError(w, http.StatusNotFound, "NotFound", "queryable %s not found", name)
			return
		}
		delete(cfg.queryables, name)
		cfg.queryOrder = slices.DeleteFunc(cfg.queryOrder, func(s string) bool { return s == name })
		w.WriteHeader(http.StatusOK)
	})
}
