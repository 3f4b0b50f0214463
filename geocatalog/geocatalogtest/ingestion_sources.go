package geocatalogtest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// Ingestion source kinds.
const (
	kindSasToken            = "SasToken"
	kindBlobManagedIdentity = "BlobManagedIdentity"
)

// ingestionState holds a catalog's ingestion sources, definitions and runs.
type ingestionState struct {
	mu          sync.Mutex
	sources     []*ingestionSource
	definitions map[string][]*ingestionDefinition // by collection
	runs        map[string][]*ingestionRun        // by ingestion id
}

type ingestionSource struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Created  time.Time `json:"created"`
	conn     connectionInfo
	sasToken string
}

type connectionInfo struct {
	ContainerURL string `json:"containerUrl"`
	SASToken     string `json:"sasToken,omitempty"`
	ObjectID     string `json:"objectId,omitempty"`
	Expiration   string `json:"expiration,omitempty"`
}

// sourceBody is IngestionSourceCreate (kind, or the legacy sourceType).
type sourceBody struct {
	ID             string         `json:"id"`
	Kind           string         `json:"kind"`
	SourceType     string         `json:"sourceType"`
	ConnectionInfo connectionInfo `json:"connectionInfo"`
}

// view is the source as GET answers it (no SAS token, its expiration instead).
func (s *ingestionSource) view() map[string]any {
	ci := connectionInfo{ContainerURL: s.conn.ContainerURL, ObjectID: s.conn.ObjectID, Expiration: s.conn.Expiration}
	return map[string]any{"id": s.ID, "kind": s.Kind, "created": s.Created, "connectionInfo": ci}
}

// parseSource validates an IngestionSourceCreate body; "" when valid.
func parseSource(body sourceBody) (*ingestionSource, string) {
	kind := body.Kind
	if kind == "" {
		kind = body.SourceType
	}
	src := &ingestionSource{ID: body.ID, Kind: kind, Created: time.Now().UTC(), conn: body.ConnectionInfo}
	if src.ID == "" {
		src.ID = uuid.NewString()
	} else if _, err := uuid.Parse(src.ID); err != nil {
		return nil, "id must be a UUID"
	}
	u, err := url.Parse(src.conn.ContainerURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return nil, "connectionInfo.containerUrl must be an absolute container URL"
	}
	if strings.HasSuffix(src.conn.ContainerURL, "/") || u.RawQuery != "" {
		return nil, "connectionInfo.containerUrl must not end with / or carry a query"
	}
	switch kind {
	case kindSasToken:
		tok := strings.TrimPrefix(src.conn.SASToken, "?")
		q, err := url.ParseQuery(tok)
		if tok == "" || err != nil || q.Get("sig") == "" {
			return nil, "connectionInfo.sasToken must be a SAS query string"
		}
		src.sasToken = tok
		src.conn.SASToken = ""
		src.conn.ObjectID = ""
		src.conn.Expiration = "9999-12-31T23:59:59.0000000Z"
		if se, err := time.Parse(time.RFC3339, q.Get("se")); err == nil {
			src.conn.Expiration = se.UTC().Format("2006-01-02T15:04:05.0000000Z")
		}
	case kindBlobManagedIdentity:
		if _, err := uuid.Parse(src.conn.ObjectID); err != nil {
			return nil, "connectionInfo.objectId must be the object id of a managed identity"
		}
		src.conn.SASToken = ""
	default:
		return nil, "kind must be SasToken or BlobManagedIdentity"
	}
	return src, ""
}

func (c *Catalog) sourceLocation(r *http.Request, id string) string {
	return c.URL + "/inma/ingestion-sources/" + id + "?api-version=" + url.QueryEscape(apiVersion(r))
}

// putSource answers POST (create: 201, 409 on a duplicate id or container)
// and PUT (create 201 or replace 200).
func (c *Catalog) putSource(replace bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body sourceBody
		if !readInto(w, r, &body) {
			return
		}
		if replace {
			if body.ID != "" && body.ID != r.PathValue("id") {
				writeError(w, http.StatusBadRequest, "InvalidRequest", "id in the body differs from the path")
				return
			}
			body.ID = r.PathValue("id")
		}
		src, msg := parseSource(body)
		if msg != "" {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
			return
		}
		st := &c.ingest
		st.mu.Lock()
		defer st.mu.Unlock()
		status := http.StatusCreated
		for i, s := range st.sources {
			switch {
			case s.ID == src.ID && replace:
				src.Created = s.Created
				st.sources = slices.Delete(st.sources, i, i+1)
				status = http.StatusOK
			case s.ID == src.ID:
				writeError(w, http.StatusConflict, "Conflict", "ingestion source %s already exists", s.ID)
				return
			}
		}
		for _, s := range st.sources {
			if strings.EqualFold(s.conn.ContainerURL, src.conn.ContainerURL) {
				writeError(w, http.StatusConflict, "Conflict", "Container url %s already contains a %s ingestion source with id %s",
					src.conn.ContainerURL, s.Kind, s.ID)
				return
			}
		}
		st.sources = append(st.sources, src)
		w.Header().Set("Location", c.sourceLocation(r, src.ID))
		writeJSON(w, status, src.view())
	}
}

func (c *Catalog) listSources(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	out := make([]map[string]any, 0, len(c.ingest.sources))
	for _, s := range c.ingest.sources {
		out = append(out, map[string]any{"id": s.ID, "kind": s.Kind, "created": s.Created})
	}
	c.ingest.mu.Unlock()
	pageJSON(c, w, r, out)
}

func (c *Catalog) findSource(id string) *ingestionSource {
	for _, s := range c.ingest.sources {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (c *Catalog) getSource(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	defer c.ingest.mu.Unlock()
	s := c.findSource(r.PathValue("id"))
	if s == nil {
		writeError(w, http.StatusNotFound, "NotFound", "ingestion source %s not found", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, s.view())
}

func (c *Catalog) deleteSource(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	defer c.ingest.mu.Unlock()
	id := r.PathValue("id")
	i := slices.IndexFunc(c.ingest.sources, func(s *ingestionSource) bool { return s.ID == id })
	if i < 0 {
		writeError(w, http.StatusNotFound, "NotFound", "ingestion source %s not found", id)
		return
	}
	c.ingest.sources = slices.Delete(c.ingest.sources, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}

// listManagedIdentities answers the user-assigned identities of the
// catalog: the emulator has one, named after the catalog.
func (c *Catalog) listManagedIdentities(w http.ResponseWriter, r *http.Request) {
	pageJSON(c, w, r, []map[string]string{{
		"objectId":   uuid.NewSHA1(uuid.NameSpaceURL, []byte(c.URL)).String(),
		"resourceId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + c.Name + "-uami",
	}})
}

// sourceSAS returns the SAS of the SasToken ingestion source whose
// container holds u.
func (c *Catalog) sourceSAS(u *url.URL) (string, bool) {
	c.ingest.mu.Lock()
	defer c.ingest.mu.Unlock()
	for _, s := range c.ingest.sources {
		if s.Kind != kindSasToken {
			continue
		}
		cu, err := url.Parse(s.conn.ContainerURL)
		if err != nil || !strings.EqualFold(cu.Scheme, u.Scheme) || !strings.EqualFold(cu.Host, u.Host) {
			continue
		}
		if strings.HasPrefix(u.Path, strings.TrimSuffix(cu.Path, "/")+"/") {
			return s.sasToken, true
		}
	}
	return "", false
}

// dropCollection forgets the ingestions of a deleted collection.
func (st *ingestionState) dropCollection(collection string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, d := range st.definitions[collection] {
		delete(st.runs, d.ID)
	}
	delete(st.definitions, collection)
}
