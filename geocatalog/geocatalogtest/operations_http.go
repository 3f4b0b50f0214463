package geocatalogtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
)

// accepted answers 202 with op and its Location and operation-location headers.
func (c *Catalog) accepted(w http.ResponseWriter, r *http.Request, op *operation) {
	loc := c.operationURL(r, op.ID)
	w.Header().Set("Location", loc)
	w.Header().Set("operation-location", loc)
	c.writeOperation(w, http.StatusAccepted, op)
}

// operationURL is the monitor URL of operation id, with the request's api-version.
func (c *Catalog) operationURL(r *http.Request, id string) string {
	return c.URL + "/inma/operations/" + id + "?api-version=" + url.QueryEscape(apiVersion(r))
}

func apiVersion(r *http.Request) string {
	if v := r.URL.Query().Get("api-version"); v != "" {
		return v
	}
	return APIVersionGA
}

// writeOperation answers status with the operation's current state.
func (c *Catalog) writeOperation(w http.ResponseWriter, status int, op *operation) {
	var body []byte
	c.ops.view(op.ID, func(op *operation) { body, _ = encodeJSON(op) })
	writeRaw(w, status, "application/json", body)
}

func (c *Catalog) getOperation(w http.ResponseWriter, r *http.Request) {
	var body []byte
	if !c.ops.view(r.PathValue("operationId"), func(op *operation) { body, _ = encodeJSON(op) }) {
		writeError(w, http.StatusNotFound, "NotFound", "operation %s not found", r.PathValue("operationId"))
		return
	}
	writeRaw(w, http.StatusOK, "application/json", body)
}

func (c *Catalog) cancelOperationHTTP(w http.ResponseWriter, r *http.Request) {
	var op *operation
	if !c.ops.view(r.PathValue("operationId"), func(o *operation) { op = o }) {
		writeError(w, http.StatusNotFound, "NotFound", "operation %s not found", r.PathValue("operationId"))
		return
	}
	c.cancelOperation(op)
	w.WriteHeader(http.StatusNoContent)
}

func (c *Catalog) cancelAllOperations(w http.ResponseWriter, _ *http.Request) {
	c.ops.mu.RLock()
	all := slices.Clone(c.ops.list)
	c.ops.mu.RUnlock()
	for _, op := range all {
		c.cancelOperation(op)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (c *Catalog) listOperations(w http.ResponseWriter, r *http.Request) {
	top, skip, ok := topSkip(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	coll, status := q.Get("collectionId"), q.Get("status")
	var buf bytes.Buffer
	buf.WriteString(`{"value":[`)
	n, matched := 0, 0
	c.ops.mu.RLock()
	for i := len(c.ops.list) - 1; i >= 0; i-- {
		op := c.ops.list[i]
		if (coll != "" && op.CollectionID != coll) || (status != "" && op.Status != status) {
			continue
		}
		matched++
		if matched <= skip || n >= top {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		b, _ := encodeJSON(op)
		buf.Write(b)
		n++
	}
	c.ops.mu.RUnlock()
	buf.WriteByte(']')
	if skip+n < matched {
		buf.WriteString(`,"nextLink":`)
		b, _ := json.Marshal(c.nextLink(r, top, skip+n))
		buf.Write(b)
	}
	buf.WriteString("}")
	writeRaw(w, http.StatusOK, "application/json", buf.Bytes())
}

// topSkip reads the OData $top and $skip parameters (default top 100, at most 1000).
func topSkip(w http.ResponseWriter, r *http.Request) (top, skip int, ok bool) {
	q := r.URL.Query()
	top, skip = 100, 0
	if s := q.Get("$top"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "$top must be a positive integer")
			return 0, 0, false
		}
		top = min(v, 1000)
	}
	if s := q.Get("$skip"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "$skip must be a non-negative integer")
			return 0, 0, false
		}
		skip = v
	}
	return top, skip, true
}

// nextLink is the request's URL on this catalog with $top and $skip replaced.
func (c *Catalog) nextLink(r *http.Request, top, skip int) string {
	q := r.URL.Query()
	q.Set("$top", strconv.Itoa(top))
	q.Set("$skip", strconv.Itoa(skip))
	return c.URL + r.URL.Path + "?" + q.Encode()
}

// pageJSON writes {"value":[...], "nextLink"} for a slice already in order.
func pageJSON[T any](c *Catalog, w http.ResponseWriter, r *http.Request, all []T) {
	top, skip, ok := topSkip(w, r)
	if !ok {
		return
	}
	page := struct {
		Value    []T    `json:"value"`
		NextLink string `json:"nextLink,omitempty"`
	}{Value: []T{}}
	if skip < len(all) {
		page.Value = all[skip:min(len(all), skip+top)]
	}
	if skip+len(page.Value) < len(all) {
		page.NextLink = c.nextLink(r, top, skip+len(page.Value))
	}
	writeJSON(w, http.StatusOK, page)
}
