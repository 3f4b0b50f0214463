package geocatalogtest

import (
	"net/http"
	"regexp"
	"slices"
	"sync"
)

// configState holds the collection configurations of a catalog: mosaics,
// render options, tile settings, partition type and queryables.
type configState struct {
	mu   sync.Mutex
	byID map[string]*collectionConfig
}

type collectionConfig struct {
	mosaics       []map[string]any
	renderOptions []map[string]any
	tileSettings  map[string]any
	partition     string
	queryables    map[string]map[string]any
	queryOrder    []string
}

// get returns the configuration of a collection, creating the default one.
// The caller holds s.mu.
func (s *configState) get(collection string) *collectionConfig {
	if s.byID == nil {
		s.byID = make(map[string]*collectionConfig)
	}
	cfg := s.byID[collection]
	if cfg == nil {
		cfg = &collectionConfig{
			tileSettings: map[string]any{"minZoom": 6, "maxItemsPerTile": 35, "defaultLocation": nil},
			partition:    "none",
			queryables:   make(map[string]map[string]any),
		}
		s.byID[collection] = cfg
	}
	return cfg
}

// drop forgets a deleted collection's configuration.
func (s *configState) drop(collection string) {
	s.mu.Lock()
	delete(s.byID, collection)
	s.mu.Unlock()
}

// withConfig runs f on the configuration of the request's collection under
// the lock, answering 404 itself when the collection does not exist.
func (c *Catalog) withConfig(w http.ResponseWriter, r *http.Request, f func(cfg *collectionConfig)) {
	id := r.PathValue("collectionId")
	if _, err := c.store.Collection(id); err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", id)
		return
	}
	c.config.mu.Lock()
	defer c.config.mu.Unlock()
	f(c.config.get(id))
}

// configIDPattern is the id pattern of mosaics and render options.
var configIDPattern = regexp.MustCompile(`^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,28}[a-zA-Z0-9])?$`)

func (c *Catalog) getConfiguration(w http.ResponseWriter, r *http.Request) {
	c.withConfig(w, r, func(cfg *collectionConfig) {
		writeJSON(w, http.StatusOK, map[string]any{
			"tileSettings": cfg.tileSettings,
			"mosaicInfo": map[string]any{
				"mosaics":       nonNil(cfg.mosaics),
				"renderOptions": nonNil(cfg.renderOptions),
			},
		})
	})
}

func nonNil(l []map[string]any) []map[string]any {
	if l == nil {
		return []map[string]any{}
	}
	return l
}

// configList is one list of a collection's configuration (mosaics or render options).
type configList struct {
	name  string // for messages: "mosaic", "render option"
	param string // path parameter of one entry
	list  func(cfg *collectionConfig) *[]map[string]any
	check func(m map[string]any) string // "" when valid
}

var mosaicList = configList{name: "mosaic", param: "mosaicId",
	list: func(cfg *collectionConfig) *[]map[string]any { return &cfg.mosaics },
	check: func(m map[string]any) string {
		if str(m, "name") == "" {
			return "a mosaic needs a name"
		}
		if m["cql"] == nil {
			m["cql"] = []any{}
		}
		if _, ok := m["cql"].([]any); !ok {
			return "cql must be an array of CQL2-JSON expressions"
		}
		return ""
	}}

var renderOptionList = configList{name: "render option", param: "renderOptionId",
	list: func(cfg *collectionConfig) *[]map[string]any { return &cfg.renderOptions },
	check: func(m map[string]any) string {
		if str(m, "name") == "" {
			return "a render option needs a name"
		}
		switch t := str(m, "type"); t {
		case "":
			m["type"] = "raster-tile"
		case "raster-tile", "vt-polygon", "vt-line":
		default:
			return "type must be raster-tile, vt-polygon or vt-line"
		}
		return ""
	}}

func (cl configList) index(l []map[string]any, id string) int {
	return slices.IndexFunc(l, func(m map[string]any) bool { return str(m, "id") == id })
}

func (cl configList) listAll(c *Catalog) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.withConfig(w, r, func(cfg *collectionConfig) { writeJSON(w, http.StatusOK, nonNil(*cl.list(cfg))) })
	}
}

func (cl configList) getOne(c *Catalog) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.withConfig(w, r, func(cfg *collectionConfig) {
			l := *cl.list(cfg)
			i := cl.index(l, r.PathValue(cl.param))
			if i < 0 {
				writeError(w, http.StatusNotFound, "NotFound", "%s %s not found", cl.name, r.PathValue(cl.param))
				return
			}
			writeJSON(w, http.StatusOK, l[i])
		})
	}
}

// put stores an entry: 201 when new, 200 when it replaced one. pathID is
// "" for POST on the list.
func (cl configList) put(c *Catalog, fromPath bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m, ok := readObject(w, r)
		if !ok {
			return
		}
		if fromPath {
			pid := r.PathValue(cl.param)
			if id := str(m, "id"); id != "" && id != pid {
				writeError(w, http.StatusBadRequest, "InvalidRequest", "%s id %q in the body differs from %q in the path", cl.name, id, pid)
				return
			}
			m["id"] = pid
		}
		if !configIDPattern.MatchString(str(m, "id")) {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "%s id %q is missing or invalid", cl.name, str(m, "id"))
			return
		}
		if msg := cl.check(m); msg != "" {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
			return
		}
		c.withConfig(w, r, func(cfg *collectionConfig) {
			l := cl.list(cfg)
			if i := cl.index(*l, str(m, "id")); i >= 0 {
				(*l)[i] = m
				writeJSON(w, http.StatusOK, m)
				return
			}
			*l = append(*l, m)
			writeJSON(w, http.StatusCreated, m)
		})
	}
}

func (cl configList) deleteOne(c *Catalog) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.withConfig(w, r, func(cfg *collectionConfig) {
			l := cl.list(cfg)
			i := cl.index(*l, r.PathValue(cl.param))
			if i < 0 {
				writeError(w, http.StatusNotFound, "NotFound", "%s %s not found", cl.name, r.PathValue(cl.param))
				return
			}
			*l = slices.Delete(*l, i, i+1)
			w.WriteHeader(http.StatusNoContent)
		})
	}
}

func (c *Catalog) getTileSettings(w http.ResponseWriter, r *http.Request) {
	c.withConfig(w, r, func(cfg *collectionConfig) { writeJSON(w, http.StatusOK, cfg.tileSettings) })
}

func (c *Catalog) putTileSettings(w http.ResponseWriter, r *http.Request) {
	var ts struct {
		MinZoom         *int `json:"minZoom"`
		MaxItemsPerTile *int `json:"maxItemsPerTile"`
		DefaultLocation any  `json:"defaultLocation"`
	}
	if !readInto(w, r, &ts) {
		return
	}
	if ts.MinZoom == nil || *ts.MinZoom < 0 || *ts.MinZoom > 24 || ts.MaxItemsPerTile == nil || *ts.MaxItemsPerTile < 1 {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "tile settings need minZoom (0..24) and maxItemsPerTile (>= 1)")
		return
	}
	c.withConfig(w, r, func(cfg *collectionConfig) {
		cfg.tileSettings = map[string]any{"minZoom": *ts.MinZoom, "maxItemsPerTile": *ts.MaxItemsPerTile, "defaultLocation": ts.DefaultLocation}
		writeJSON(w, http.StatusOK, cfg.tileSettings)
	})
}

func (c *Catalog) getPartitionType(w http.ResponseWriter, r *http.Request) {
	c.withConfig(w, r, func(cfg *collectionConfig) { writeJSON(w, http.StatusOK, map[string]string{"scheme": cfg.partition}) })
}

// putPartitionType answers 200 with no body (as in the example); the scheme
// can only change while the collection has no items.
func (c *Catalog) putPartitionType(w http.ResponseWriter, r *http.Request) {
	var pt struct {
		Scheme string `json:"scheme"`
	}
	if !readInto(w, r, &pt) {
		return
	}
	if pt.Scheme == "" {
		pt.Scheme = "none"
	}
	if pt.Scheme != "none" && pt.Scheme != "year" && pt.Scheme != "month" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "scheme must be none, year or month")
		return
	}
	id := r.PathValue("collectionId")
	c.withConfig(w, r, func(cfg *collectionConfig) {
		if pt.Scheme != cfg.partition && c.store.ItemCount(id) > 0 {
			writeError(w, http.StatusConflict, "Conflict", "the partition type can only be set before any items are loaded")
			return
		}
		cfg.partition = pt.Scheme
		w.WriteHeader(http.StatusOK)
	})
}
