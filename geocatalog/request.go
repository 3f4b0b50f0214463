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

// runtimePayload returns the downloaded response body.
func runtimePayload(resp *http.Response) ([]byte, error) { return runtime.Payload(resp) }

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

// decodeJSON decodes the (already downloaded) response body into v.
func decodeJSON(resp *http.Response, v any) error {
	return runtime.UnmarshalAsJSON(resp, v)
}

// drainClose discards what is left of a streamed body and closes it.
func drainClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 1<<20))
	_ = body.Close()
}
