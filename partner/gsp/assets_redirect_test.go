package gsp_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/redirecttest"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// TestAssetReaderRefusesRedirects has a storage host the reader trusts
// with the collection SAS answer 307 (other port, https) and 302 (plain
// http), each carrying the SAS it got: the second server must never be
// reached, and the asset fails with an *AssetError wrapping a
// *geocatalog.RedirectError whose text holds no signature.
func TestAssetReaderRefusesRedirects(t *testing.T) {
	f := newFixture(t, 1)
	target := redirecttest.NewTarget(t)

	for _, tc := range []struct {
		status int
		target string
	}{{http.StatusTemporaryRedirect, target.TLS.URL}, {http.StatusFound, target.Plain.URL}} {
		storage := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, tc.target+r.URL.Path+"?"+r.URL.RawQuery, tc.status)
		}))
		su, _ := url.Parse(storage.URL)
		var openErr error
		_, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
			Source: gsp.Source{Collections: []string{sourceCollection}},
			Output: outputCollection("out"),
			Processor: gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
				it := stac.NewItem("hostile")
				it.Collection = sourceCollection
				it.Assets["x"] = &stac.Asset{Href: storage.URL + "/c/x.bin"}
				_, openErr = in.OpenItemAsset(ctx, it, "x", nil)
				return nil, nil
			}),
			StorageHosts:       []string{su.Host},
			AssetClientOptions: &azcore.ClientOptions{Transport: storage.Client()},
			DryRun:             true,
		})
		storage.Close()
		if err != nil {
			t.Fatal(err)
		}
		var ae *gsp.AssetError
		var re *geocatalog.RedirectError
		if !errors.As(openErr, &ae) || !errors.As(openErr, &re) || re.StatusCode != tc.status {
			t.Fatalf("%d: open err = %v, want an *AssetError with a *RedirectError", tc.status, openErr)
		}
		if strings.Contains(openErr.Error(), "sig=") && !strings.Contains(openErr.Error(), "sig=REDACTED") {
			t.Fatalf("signature in the error: %v", openErr)
		}
	}
	if hits := target.Hits(); len(hits) > 0 {
		t.Fatalf("the redirect target was reached %d times (%+v)", len(hits), hits)
	}
}
