package tenancytest

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"testing"
)

// TestEntraCertPEM: a client trusting only the PEM of CertPEM reaches the
// fake's discovery document; one trusting nothing does not.
func TestEntraCertPEM(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(e.CertPEM()) {
		t.Fatalf("CertPEM is not a PEM certificate: %q", e.CertPEM())
	}
	tenant := e.NewTenant()
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
	defer c.CloseIdleConnections()
	resp, err := c.Get(e.Issuer(tenant) + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatalf("with CertPEM: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("discovery: %d", resp.StatusCode)
	}
	empty := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}}}
	defer empty.CloseIdleConnections()
	if resp, err := empty.Get(e.URL); err == nil {
		resp.Body.Close()
		t.Fatal("the fake's certificate verified without CertPEM")
	}
}
