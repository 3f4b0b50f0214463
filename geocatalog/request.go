package geocatalog

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
)

// policyRequest is a short name for the azcore request type.
type policyRequest = policy.Request

// runtimeNewRequest builds a request for an absolute URL that is already on
// the client's endpoint (a rebased link).
func runtimeNewRequest(ctx context.Context, method, u string) (*policy.Request, error) {
	return runtime.NewRequest(ctx, method, u)
}

// setJSONBody encodes v as the request body with the given content type
// (application/json when empty).
func setJSONBody(req *policy.Request, v any, contentType string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return setRawBody(req, b, contentType)
}

// setRawBody sets b as the request body.
func setRawBody(req *policy.Request, b []byte, contentType string) error {
	if contentType == "" {
		contentType = "application/json"
	}
	req.Raw().Header.Set("Accept", "application/json")
	return req.SetBody(streaming.NopCloser(bytes.NewReader(b)), contentType)
}

// decodeJSON decodes the (already downloaded) response body into v; an
// empty body leaves v as is, a byte order mark is skipped.
func decodeJSON(resp *http.Response, v any) error {
	b, err := readPayload(resp)
	if err != nil || len(b) == 0 {
		return err
	}
	return json.Unmarshal(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), v)
}

// drainClose discards what is left of a streamed body and closes it.
func drainClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 1<<20))
	_ = body.Close()
}
