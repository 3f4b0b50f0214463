package partner_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/internal/redirecttest"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// TestStagerRefusesRedirects: a staging endpoint answering 307 (other port)
// or 302 (plain http) to an upload must not get the upload, its SAS query
// or any header to the second server when the container client is built
// with partner.GuardedContainerOptions; the upload fails with a RedirectError.
func TestStagerRefusesRedirects(t *testing.T) {
	target := redirecttest.NewTarget(t)
	for _, tc := range []struct {
		status int
		target string
	}{{http.StatusTemporaryRedirect, target.TLS.URL}, {http.StatusFound, target.Plain.URL}} {
		staging := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, tc.target+r.URL.Path+"?"+r.URL.RawQuery, tc.status)
		}))
		cc, err := container.NewClientWithNoCredential(staging.URL+"/staging?sv=2024-01-01&sp=rcw&sig=STAGESIG", partner.GuardedContainerOptions(&container.ClientOptions{
			ClientOptions: azcore.ClientOptions{Transport: staging.Client(), Retry: policy.RetryOptions{MaxRetries: -1}},
		}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = partner.NewStager(cc, nil).UploadBytes(context.Background(), "a.bin", []byte("payload"), nil)
		staging.Close()
		var re *geocatalog.RedirectError
		if !errors.As(err, &re) || re.StatusCode != tc.status {
			t.Fatalf("%d: upload err = %v, want a *RedirectError", tc.status, err)
		}
		if strings.Contains(err.Error(), "STAGESIG") {
			t.Fatalf("signature in the error: %v", err)
		}
	}
	if hits := target.Hits(); len(hits) > 0 {
		t.Fatalf("the redirect target got %q", hits)
	}
}
