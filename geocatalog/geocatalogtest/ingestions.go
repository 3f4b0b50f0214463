package geocatalogtest

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/google/uuid"
)

// maxBulkItems is the number of items one static-catalog ingestion may hold.
const maxBulkItems = 10000

type ingestionDefinition struct {
	ID                 string    `json:"id"`
	CreationTime       time.Time `json:"creationTime"`
	ImportType         string    `json:"importType"`
	DisplayName        string    `json:"displayName"`
	SourceCatalogURL   string    `json:"sourceCatalogUrl"`
	SkipExistingItems  bool      `json:"skipExistingItems"`
	KeepOriginalAssets bool      `json:"keepOriginalAssets"`
	Status             string    `json:"status"`
	collection         string
}

type ingestionRun struct {
	id                 string
	creationTime       time.Time
	sourceCatalogURL   string
	skipExistingItems  bool
	keepOriginalAssets bool
	op                 *operation
}

// definitionPatch is the merge-patch body of PATCH .../ingestions/{id} and
// the body of POST .../ingestions.
type definitionPatch struct {
	ImportType         *string `json:"importType"`
	DisplayName        *string `json:"displayName"`
	SourceCatalogURL   *string `json:"sourceCatalogUrl"`
	SkipExistingItems  *bool   `json:"skipExistingItems"`
	KeepOriginalAssets *bool   `json:"keepOriginalAssets"`
}

func (p definitionPatch) apply(d *ingestionDefinition) string {
	if p.DisplayName != nil {
		d.DisplayName = *p.DisplayName
	}
	if p.SourceCatalogURL != nil {
		d.SourceCatalogURL = *p.SourceCatalogURL
	}
	if p.SkipExistingItems != nil {
		d.SkipExistingItems = *p.SkipExistingItems
	}
	if p.KeepOriginalAssets != nil {
		d.KeepOriginalAssets = *p.KeepOriginalAssets
	}
	u, err := url.Parse(d.SourceCatalogURL)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return "sourceCatalogUrl must be an absolute http(s) URL"
	}
	return ""
}

func (c *Catalog) ingestionURL(r *http.Request, collection, id string, rest string) string {
	return c.URL + "/inma/collections/" + url.PathEscape(collection) + "/ingestions/" + id + rest +
		"?api-version=" + url.QueryEscape(apiVersion(r))
}

// findDefinition returns the request's ingestion definition (lock held),
// answering 404 itself.
func (c *Catalog) findDefinition(w http.ResponseWriter, r *http.Request) *ingestionDefinition {
	coll, id := r.PathValue("collectionId"), r.PathValue("ingestionId")
	for _, d := range c.ingest.definitions[coll] {
		if d.ID == id {
			return d
		}
	}
	writeError(w, http.StatusNotFound, "NotFound", "ingestion %s not found in collection %s", id, coll)
	return nil
}

func (c *Catalog) createIngestion(w http.ResponseWriter, r *http.Request) {
	coll := r.PathValue("collectionId")
	var p definitionPatch
	if !readInto(w, r, &p) {
		return
	}
	if p.ImportType == nil || *p.ImportType != "StaticCatalog" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "importType must be StaticCatalog")
		return
	}
	if _, err := c.store.Collection(coll); err != nil {
		writeError(w, http.StatusNotFound, "NotFound", "collection %s not found", coll)
		return
	}
	d := &ingestionDefinition{ID: uuid.NewString(), CreationTime: time.Now().UTC(), ImportType: "StaticCatalog", Status: "Ready", collection: coll}
	if msg := p.apply(d); msg != "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
		return
	}
	c.ingest.mu.Lock()
	if c.ingest.definitions == nil {
		c.ingest.definitions = make(map[string][]*ingestionDefinition)
	}
	c.ingest.definitions[coll] = append(c.ingest.definitions[coll], d)
	c.ingest.mu.Unlock()
	w.Header().Set("Location", c.ingestionURL(r, coll, d.ID, ""))
	writeJSON(w, http.StatusCreated, d)
}

func (c *Catalog) listIngestions(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	list := slices.Clone(c.ingest.definitions[r.PathValue("collectionId")])
	out := make([]ingestionDefinition, len(list))
	for i, d := range list {
		out[i] = *d
	}
	c.ingest.mu.Unlock()
	pageJSON(c, w, r, out)
}

func (c *Catalog) getIngestion(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	defer c.ingest.mu.Unlock()
	if d := c.findDefinition(w, r); d != nil {
		writeJSON(w, http.StatusOK, d)
	}
}

func (c *Catalog) updateIngestion(w http.ResponseWriter, r *http.Request) {
	var p definitionPatch
	if !readInto(w, r, &p) {
		return
	}
	c.ingest.mu.Lock()
	defer c.ingest.mu.Unlock()
	d := c.findDefinition(w, r)
	if d == nil {
		return
	}
	nd := *d
	if msg := p.apply(&nd); msg != "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "%s", msg)
		return
	}
	*d = nd
	writeJSON(w, http.StatusOK, d)
}

// deleteIngestion answers 202 with a DeleteIngestion operation; 409 while a run is active.
func (c *Catalog) deleteIngestion(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	d := c.findDefinition(w, r)
	if d == nil {
		c.ingest.mu.Unlock()
		return
	}
	for _, run := range c.ingest.runs[d.ID] {
		active := false
		c.ops.view(run.op.ID, func(op *operation) { active = !op.terminal() })
		if active {
			c.ingest.mu.Unlock()
			writeError(w, http.StatusConflict, "Conflict", "ingestion %s has runs in progress", d.ID)
			return
		}
	}
	d.Status = "Deleting"
	c.ingest.mu.Unlock()
	coll := d.collection
	op := c.startOperation(opSpec{typ: opDeleteIngestion, collection: coll, keys: []string{"ing/" + d.ID},
		info: map[string]string{"IngestionId": d.ID},
		work: func(context.Context, *operation) *apiError {
			c.ingest.mu.Lock()
			defer c.ingest.mu.Unlock()
			c.ingest.definitions[coll] = slices.DeleteFunc(c.ingest.definitions[coll], func(x *ingestionDefinition) bool { return x == d })
			delete(c.ingest.runs, d.ID)
			return nil
		}})
	c.accepted(w, r, op)
}

// runView is an IngestionRun as the service answers it.
func (c *Catalog) runView(run *ingestionRun) map[string]any {
	v := map[string]any{
		"id":                 run.id,
		"creationTime":       run.creationTime,
		"sourceCatalogUrl":   run.sourceCatalogURL,
		"skipExistingItems":  run.skipExistingItems,
		"keepOriginalAssets": run.keepOriginalAssets,
	}
	c.ops.view(run.op.ID, func(op *operation) {
		o := map[string]any{
			"id":                   op.ID,
			"status":               op.Status,
			"statusHistory":        slices.Clone(op.StatusHistory),
			"creationTime":         op.CreationTime,
			"totalItems":           op.counts.Total,
			"totalPendingItems":    op.counts.Pending,
			"totalSuccessfulItems": op.counts.Succeeded,
			"totalFailedItems":     op.counts.Failed,
		}
		if op.StartTime != nil {
			o["startTime"] = *op.StartTime
		}
		if op.FinishTime != nil {
			o["finishTime"] = *op.FinishTime
		}
		if op.Error != nil {
			o["error"] = op.Error
		}
		v["operation"] = o
	})
	return v
}

// createRun starts a run of the request's ingestion: 201 with the run.
func (c *Catalog) createRun(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	d := c.findDefinition(w, r)
	if d == nil {
		c.ingest.mu.Unlock()
		return
	}
	def := *d
	c.ingest.mu.Unlock()
	run := &ingestionRun{creationTime: time.Now().UTC(), sourceCatalogURL: def.SourceCatalogURL,
		skipExistingItems: def.SkipExistingItems, keepOriginalAssets: def.KeepOriginalAssets}
	run.op = c.startOperation(opSpec{typ: opStaticCatalog, collection: def.collection, counts: true,
		after: []string{"c/" + def.collection},
		work: func(ctx context.Context, op *operation) *apiError {
			return c.runStaticCatalog(ctx, op, def)
		}})
	run.id = run.op.ID
	c.ingest.mu.Lock()
	if c.ingest.runs == nil {
		c.ingest.runs = make(map[string][]*ingestionRun)
	}
	c.ingest.runs[def.ID] = append(c.ingest.runs[def.ID], run)
	c.ingest.mu.Unlock()
	w.Header().Set("Location", c.ingestionURL(r, def.collection, def.ID, "/runs/"+run.id))
	writeJSON(w, http.StatusCreated, c.runView(run))
}

func (c *Catalog) listRuns(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	d := c.findDefinition(w, r)
	if d == nil {
		c.ingest.mu.Unlock()
		return
	}
	runs := slices.Clone(c.ingest.runs[d.ID])
	c.ingest.mu.Unlock()
	out := make([]map[string]any, len(runs))
	for i, run := range runs {
		out[i] = c.runView(run)
	}
	pageJSON(c, w, r, out)
}

func (c *Catalog) getRun(w http.ResponseWriter, r *http.Request) {
	c.ingest.mu.Lock()
	d := c.findDefinition(w, r)
	if d == nil {
		c.ingest.mu.Unlock()
		return
	}
	var run *ingestionRun
	for _, x := range c.ingest.runs[d.ID] {
		if x.id == r.PathValue("runId") {
			run = x
		}
	}
	c.ingest.mu.Unlock()
	if run == nil {
		writeError(w, http.StatusNotFound, "NotFound", "run %s not found", r.PathValue("runId"))
		return
	}
	writeJSON(w, http.StatusOK, c.runView(run))
}
