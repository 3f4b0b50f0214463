package geocatalog_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/internal/redirecttest"
)

// followingTransport is a Transporter that follows redirects by itself (a
// plain http.Client hidden behind an interface).
type followingTransport struct{ c *http.Client }

func (f followingTransport) Do(r *http.Request) (*http.Response, error) { return f.c.Do(r) }

// TestRedirectNeverCarriesToken points a hostile catalog's 3xx at a second
// server on another port, on plain http, and on another host name, and
// checks that the second server never gets a request (so never the bearer
// token) and that the call fails with a *RedirectError whose text holds no
// query string.
func TestRedirectNeverCarriesToken(t *testing.T) {
	second := redirecttest.NewTarget(t)
	tlsTarget, plainTarget := second.TLS, second.Plain
	otherHost := strings.Replace(tlsTarget.URL, "127.0.0.1", "localhost", 1)

	cases := []struct {
		name   string
		status int
		target string
		follow bool // the Transport is not an *http.Client and follows by itself
	}{
		{"307 other port", http.StatusTemporaryRedirect, tlsTarget.URL, false},
		{"302 http downgrade", http.StatusFound, plainTarget.URL, false},
		{"301 other host", http.StatusMovedPermanently, otherHost, false},
		{"308 same origin", http.StatusPermanentRedirect, "", false},
		{"307 by a following transporter", http.StatusTemporaryRedirect, tlsTarget.URL, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var catalog *httptest.Server
			catalog = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				target := tc.target
				if target == "" {
					target = catalog.URL + "/elsewhere"
				}
				http.Redirect(w, r, target+r.URL.Path+"?sv=1&sig=REDIRECTSIG", tc.status)
			}))
			defer catalog.Close()
			hc := catalog.Client()
			var tr policy.Transporter = hc
			if tc.follow {
				tr = followingTransport{hc}
			}
			client, err := geocatalog.NewClient(catalog.URL, geocatalogtest.NewStaticCredential("BEARERSECRET"), &geocatalog.ClientOptions{
				ClientOptions: azcore.ClientOptions{Transport: tr},
				AllowedHosts:  []string{"127.0.0.1"},
			})
			if err != nil {
				t.Fatal(err)
			}
			before := len(second.Hits())
			_, err = client.STAC().GetCollection(context.Background(), "c1", nil)
			var re *geocatalog.RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *RedirectError", err)
			}
			var ae *azcore.ResponseError
			want := tc.status
			if tc.follow {
				want = http.StatusOK
			}
			if !errors.As(err, &ae) || ae.StatusCode != want || ae.ErrorCode != "RedirectRefused" {
				t.Fatalf("not an *azcore.ResponseError with status %d: %v", want, err)
			}
			if strings.Contains(err.Error(), "REDIRECTSIG") || strings.Contains(err.Error(), "sig=") {
				t.Fatalf("error text carries the target's query: %v", err)
			}
			if tc.follow {
				// What a Transporter sent by itself cannot be called back: the
				// guard can only refuse its answer.
				return
			}
			hits := second.Hits()[before:]
			for _, h := range hits {
				if h.Authorization != "" {
					t.Fatalf("the second server saw Authorization %q", h.Authorization)
				}
			}
			if len(hits) != 0 {
				t.Fatalf("the second server got %d requests", len(hits))
			}
		})
	}
}
