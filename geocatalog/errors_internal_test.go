package geocatalog

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

func TestResponseErrors(t *testing.T) {
	cases := []struct {
		name     string
		status   int
		header   map[string]string
		body     string
		code     string
		message  string
		is       func(error) bool
		isntText []string
	}{
		{"azure shape", 404, nil, `{"error":{"code":"CollectionNotFound","message":"collection x not found"}}`, "CollectionNotFound", "collection x not found", IsNotFound, nil},
		{"header wins", 409, map[string]string{"x-ms-error-code": "Conflict"}, `{"error":{"code":"Other","message":"exists"}}`, "Conflict", "exists", IsConflict, nil},
		{"nested error", 403, nil, `{"error":{"error":{"code":"AuthorizationFailed","message":"no role"}}}`, "AuthorizationFailed", "no role", IsForbidden, nil},
		{"stac-fastapi shape", 400, nil, `{"code":"BadRequest","description":"bad bbox"}`, "BadRequest", "bad bbox", func(err error) bool { return statusOf(err) == 400 }, nil},
		{"fastapi detail string", 401, nil, `{"detail":"Not authenticated"}`, "", "Not authenticated", IsUnauthorized, nil},
		{"fastapi detail list", 422, nil, `{"detail":[{"loc":["body","limit"],"msg":"too big"}]}`, "", "too big", func(err error) bool { return statusOf(err) == 422 }, nil},
		{"throttled text", 429, map[string]string{"Retry-After": "0"}, `rate limited`, "", "rate limited", IsThrottled, nil},
		{"sas in body redacted", 400, nil, `{"error":{"code":"InvalidHref","message":"bad href https://a.blob.core.windows.net/c/x.tif?sv=1&sig=SUPERSECRET"}}`, "InvalidHref", "sig=REDACTED", nil, []string{"SUPERSECRET"}},
		{"token in body redacted", 400, nil, `{"error":{"code":"X","message":"Bearer abc.def.ghi rejected"}}`, "X", "Bearer REDACTED", nil, []string{"abc.def.ghi"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.Header().Set("X-Request-ID", "req-123")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			c := newTestClient(t, ts, 0)
			_, err := c.STAC().GetCollection(context.Background(), "x", nil)
			var re *azcore.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("got %T %v, want *azcore.ResponseError", err, err)
			}
			if re.ErrorCode != tc.code || re.StatusCode != tc.status {
				t.Errorf("code %q status %d, want %q %d", re.ErrorCode, re.StatusCode, tc.code, tc.status)
			}
			text := err.Error()
			for _, want := range []string{tc.message, "X-Request-ID: req-123", "/stac/collections/x"} {
				if !strings.Contains(text, want) {
					t.Errorf("error text lacks %q:\n%s", want, text)
				}
			}
			for _, bad := range append(tc.isntText, testToken) {
				if strings.Contains(text, bad) {
					t.Errorf("error text leaks %q:\n%s", bad, text)
				}
			}
			if tc.is != nil && !tc.is(err) {
				t.Errorf("classifier false for %v", err)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://a/b?sv=1&sig=abc%2B%3D&se=2":    "https://a/b?sv=1&sig=REDACTED&se=2",
		`{"token":"sv=1&sig=x","msft:expiry":1}`: `{"token":"REDACTED","msft:expiry":1}`,
		"Authorization: Bearer eyJ.x.y":          "Authorization: Bearer REDACTED",
		"href sig%3Dabc":                         "href sig%3DREDACTED",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIsConflictOperationCodes: a failed operation whose code says the
// thing already exists is a conflict (two writers raced, or a retried
// create had already been accepted); other operation failures are not.
func TestIsConflictOperationCodes(t *testing.T) {
	for code, want := range map[string]bool{
		"ItemAlreadyExistsInCollection": true,
		"CollectionAlreadyExists":       true,
		"InternalError":                 false,
		"CollectionDoesNotExist":        false,
		"":                              false,
	} {
		err := &OperationError{Operation: &Operation{ID: "op"}, Code: code}
		if got := IsConflict(err); got != want {
			t.Errorf("IsConflict(%q) = %v, want %v", code, got, want)
		}
	}
}
