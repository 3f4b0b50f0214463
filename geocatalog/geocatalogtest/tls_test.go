package geocatalogtest_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// TestCertPEM: a client that trusts only the PEM of CertPEM reaches every
// listener (a catalog, another catalog, the blob endpoint); the PEM of
// another server does not verify.
func TestCertPEM(t *testing.T) {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	other := geocatalogtest.NewServer(nil)
	defer other.Close()
	cat := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "second"})

	clientTrusting := func(pemBytes []byte) *http.Client {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemBytes) {
			t.Fatalf("CertPEM is not a PEM certificate: %q", pemBytes)
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	}
	c := clientTrusting(srv.CertPEM())
	defer c.CloseIdleConnections()
	for _, u := range []string{srv.URL + "/stac/conformance", cat.URL + "/stac/conformance", srv.BlobURL + "/none/x"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatalf("%s with CertPEM: %v", u, err)
		}
		resp.Body.Close()
	}
	wrong := clientTrusting(other.CertPEM())
	defer wrong.CloseIdleConnections()
	if resp, err := wrong.Get(srv.URL + "/stac/conformance"); err == nil {
		resp.Body.Close()
		t.Fatal("another server's certificate verified")
	}
}
