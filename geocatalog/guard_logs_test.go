package geocatalog_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// TestNoSecretsInLoggedHeaders has a hostile server answer with a SAS URL
// in Location, Content-Location and Operation-Location, and echo a bearer
// token in WWW-Authenticate and in x-ms-error-code, with every azcore log
// event on: no log line and no error text may carry a signature or token.
func TestNoSecretsInLoggedHeaders(t *testing.T) {
	logged := captureLogs(t)

	const sasURL = "https://acct.blob.core.windows.net/c/a.tif?sv=2024-01-01&sp=r&sig=HEADERSIG"
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.SIGNATUREPART"
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", sasURL)
		w.Header().Set("Content-Location", sasURL)
		w.Header().Set("Operation-Location", sasURL)
		w.Header().Set("x-ms-error-code", "Bearer "+jwt)
		switch {
		case strings.Contains(r.URL.Path, "redirect"):
			w.WriteHeader(http.StatusFound)
		case strings.Contains(r.URL.Path, "denied"):
			w.Header().Set("WWW-Authenticate", "Bearer "+jwt)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":{"code":"Unauthorized","message":"token Bearer ` + jwt + ` rejected, see ` + sasURL + `"}}`))
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="", error="insufficient_claims", authorization_uri="https://login.example/tenant"`)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":"c1","type":"Collection"}`))
		}
	}))
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, geocatalogtest.NewStaticCredential("BEARERSECRET"), &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{
			Transport: srv.Client(),
			Retry:     policy.RetryOptions{MaxRetries: -1},
			Logging:   policy.LogOptions{AllowedHeaders: []string{"Content-Location", "WWW-Authenticate"}},
		},
		AllowedHosts: []string{"127.0.0.1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var errs []error
	for _, id := range []string{"ok", "redirect", "denied"} {
		_, err := client.STAC().GetCollection(ctx, id, nil)
		errs = append(errs, err)
	}
	if errs[1] == nil || errs[2] == nil {
		t.Fatalf("redirect and 401 must fail: %v", errs)
	}
	text := logged()
	for _, e := range errs {
		if e != nil {
			text += "\n" + e.Error()
		}
	}
	if !strings.Contains(text, "Www-Authenticate") && !strings.Contains(text, "WWW-Authenticate") {
		t.Fatalf("the response headers were not logged at all:\n%s", text)
	}
	for _, secret := range []string{"HEADERSIG", "SIGNATUREPART", "BEARERSECRET"} {
		if strings.Contains(text, secret) {
			t.Fatalf("%s reached the logs or an error:\n%s", secret, text)
		}
	}
	if !strings.Contains(text, `realm=""`) {
		t.Errorf("the parameters of a challenge were lost:\n%s", text)
	}
}
