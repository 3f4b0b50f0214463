package batchtest

import (
	"encoding/json"
	"net/http"
)

// batchError is the body of a Batch error response.
type batchError struct {
	Metadata string `json:"odata.metadata"`
	Code     string `json:"code"`
	Message  struct {
		Lang  string `json:"lang"`
		Value string `json:"value"`
	} `json:"message"`
}

// writeError writes a Batch error response.
func writeError(w http.ResponseWriter, status int, code, message string) {
	var e batchError
	e.Metadata = "https://batch.core.windows.net/$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element"
	e.Code = code
	e.Message.Lang, e.Message.Value = "en-US", message
	w.Header().Set("Content-Type", "application/json;odata=minimalmetadata")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(e)
}

// writeJSON writes v (an azbatch model, which marshals itself) with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "InternalError", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json;odata=minimalmetadata")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
