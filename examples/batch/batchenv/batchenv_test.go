package batchenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	for _, k := range []string{EnvCatalogURL, EnvClientID, EnvPartnerApp, EnvTenantID, EnvCustomer, EnvAuthorityHost, EnvTestCAFile} {
		t.Setenv(k, "")
	}
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), EnvCatalogURL) || !strings.Contains(err.Error(), EnvClientID) {
		t.Fatalf("empty env: %v", err)
	}
	t.Setenv(EnvCatalogURL, "https://c.x.uksouth.geocatalog.spatio.azure.com")
	t.Setenv(EnvClientID, "00000000-0000-0000-0000-000000000001")
	s, err := FromEnv()
	if err != nil || s.Mode() != "customer-pool" {
		t.Fatalf("customer pool: %v %v", s, err)
	}
	opts, err := s.ClientOptions()
	if err != nil || opts.Transport != nil || len(opts.AllowedHosts) != 0 {
		t.Fatalf("without the test CA the options must be the defaults: %+v %v", opts, err)
	}
	t.Setenv(EnvPartnerApp, "00000000-0000-0000-0000-000000000002")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), EnvTenantID) {
		t.Fatalf("partner pool without tenant: %v", err)
	}
	t.Setenv(EnvTenantID, "00000000-0000-0000-0000-000000000003")
	if s, err = FromEnv(); err != nil || s.Mode() != "partner-pool" {
		t.Fatalf("partner pool: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	s.TestCAFile = bad
	if _, err := s.ClientOptions(); err == nil {
		t.Fatal("a CA file without certificate accepted")
	}
}

func TestJournalContainer(t *testing.T) {
	t.Setenv(EnvTestJournalSAS, "")
	s := Settings{ClientID: "00000000-0000-0000-0000-000000000001"}
	for _, bad := range []string{"", "not a url", "https://acct.blob.core.windows.net", "http://acct.blob.core.windows.net/journals"} {
		if _, err := s.JournalContainer(bad); err == nil {
			t.Errorf("JournalContainer(%q) accepted", bad)
		}
	}
	_, err := s.JournalContainer("https://acct.blob.core.windows.net/journals?sv=2024&sig=SECRETSIG")
	if err == nil || strings.Contains(err.Error(), "SECRETSIG") {
		t.Fatalf("a SAS in the URL: %v", err)
	}
	cc, err := s.JournalContainer("https://acct.blob.core.windows.net/journals")
	if err != nil || cc.URL() != "https://acct.blob.core.windows.net/journals" {
		t.Fatalf("pool identity: %v", err)
	}
	t.Setenv(EnvTestJournalSAS, "sv=2024&sp=racw&sig=TESTSIG")
	cc, err = s.JournalContainer("http://127.0.0.1:10000/devstoreaccount1/journals")
	if err != nil || !strings.Contains(cc.URL(), "sig=TESTSIG") {
		t.Fatalf("test SAS: %v", err)
	}
}
