package geocatalogtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// maxBody bounds request bodies (the service limits items to 1 MB; item
// collections and collection assets may be larger).
const maxBody = 64 << 20

// apiError is the service's error object: {"code","message","target","details"}.
type apiError struct {
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Target  string      `json:"target,omitempty"`
	Details []*apiError `json:"details,omitempty"`
}

// Error implements error.
func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// newAPIError builds an apiError with a formatted message.
func newAPIError(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// writeError answers status with {"error":{...}} and x-ms-error-code.
func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeAPIError(w, status, newAPIError(code, format, args...))
}

func writeAPIError(w http.ResponseWriter, status int, e *apiError) {
	h := w.Header()
	h.Set("x-ms-error-code", e.Code)
	h.Set("Content-Type", "application/json")
	h.Del("Content-Length")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(struct {
		Error *apiError `json:"error"`
	}{e})
}

// writeJSON answers status with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	writeJSONType(w, status, "application/json", v)
}

func writeJSONType(w http.ResponseWriter, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", "encode response: %v", err)
		return
	}
	writeRaw(w, status, contentType, buf.Bytes())
}

// writeRaw answers status with body as it is.
func writeRaw(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// readBody reads a request body, answering 413 or 400 itself on failure.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, "RequestTooLarge", "request body larger than %d bytes", maxBody)
			return nil, false
		}
		writeError(w, http.StatusBadRequest, "InvalidRequest", "cannot read request body")
		return nil, false
	}
	return b, true
}

// readObject reads a JSON object body into a generic map (numbers kept exact).
func readObject(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	b, ok := readBody(w, r)
	if !ok {
		return nil, false
	}
	m, err := decodeObject(b)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "request body is not a JSON object: %v", err)
		return nil, false
	}
	return m, true
}

// readInto decodes a JSON body into v, answering 400 on failure.
func readInto(w http.ResponseWriter, r *http.Request, v any) bool {
	b, ok := readBody(w, r)
	if !ok {
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "invalid JSON body: %v", err)
		return false
	}
	return true
}

// decodeObject decodes a JSON object, keeping numbers as json.Number.
func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("null")
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return m, nil
}

// encodeJSON encodes v without HTML escaping and without a trailing newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// str returns m[k] as a string ("" if absent or not a string).
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}
