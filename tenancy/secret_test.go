package tenancy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretNeverShown(t *testing.T) {
	const value = "very-secret-value"
	s := NewSecret(value)
	cfg := Config{ClientID: "11111111-1111-1111-1111-111111111111", Credential: CredentialConfig{ClientSecret: s}}
	type holder struct{ s Secret } // unexported field: fmt cannot call methods
	j, _ := json.Marshal(cfg)
	for _, out := range []string{
		s.String(), s.GoString(), fmt.Sprint(s), fmt.Sprintf("%v %+v %#v %s %q %x %d", s, s, s, s, s, s, s),
		fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), fmt.Sprintf("%+v %#v", holder{s}, &holder{s}), string(j),
	} {
		if strings.Contains(out, value) {
			t.Fatalf("secret shown in %q", out)
		}
	}
	if !strings.Contains(string(j), redacted) {
		t.Fatalf("json %s", j)
	}
	if s.Reveal() != value || NewSecret("").String() != "" || !NewSecret("").IsZero() {
		t.Fatal("Reveal/IsZero")
	}
	var back Config
	if err := json.Unmarshal([]byte(`{"clientId":"x","credential":{"clientSecret":"abc"}}`), &back); err != nil || back.Credential.ClientSecret.Reveal() != "abc" {
		t.Fatalf("unmarshal: %v", err)
	}
	app, err := NewPartnerApp(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out := fmt.Sprintf("%v %+v %#v %s", app, app, app, app); strings.Contains(out, value) || !strings.Contains(out, "client secret") {
		t.Fatalf("app printed as %q", out)
	}
}

func TestConfigValidation(t *testing.T) {
	const appID = "11111111-1111-1111-1111-111111111111"
	secret := NewSecret("s")
	cases := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no client id", Config{Credential: CredentialConfig{ClientSecret: secret}}, "clientId"},
		{"client id not guid", Config{ClientID: "partner", Credential: CredentialConfig{ClientSecret: secret}}, "clientId"},
		{"no source", Config{ClientID: appID}, "credential"},
		{"two sources", Config{ClientID: appID, Credential: CredentialConfig{ClientSecret: secret, ManagedIdentityClientID: appID}}, "credential"},
		{"http authority", Config{ClientID: appID, AuthorityHost: "http://login.example/", Credential: CredentialConfig{ClientSecret: secret}}, "authorityHost"},
		{"password without cert", Config{ClientID: appID, Credential: CredentialConfig{ClientSecret: secret, CertificatePassword: secret}}, "credential.certificatePassword"},
		{"mi not guid", Config{ClientID: appID, Credential: CredentialConfig{ManagedIdentityClientID: "pool"}}, "credential.managedIdentityClientId"},
		{"audience without mi", Config{ClientID: appID, Credential: CredentialConfig{ClientSecret: secret, TokenExchangeAudience: "api://x"}}, "credential.tokenExchangeAudience"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewPartnerApp(tc.cfg, nil)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("got %v, want a FieldError on %s", err, tc.field)
			}
			if strings.Contains(err.Error(), "\"s\"") {
				t.Fatalf("secret in %v", err)
			}
		})
	}
	// Missing files are reported at construction.
	_, err := NewPartnerApp(Config{ClientID: appID, Credential: CredentialConfig{CertificateFile: "/nonexistent.pem"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "certificateFile") {
		t.Fatalf("missing certificate: %v", err)
	}
	_, err = NewPartnerApp(Config{ClientID: appID, Credential: CredentialConfig{WorkloadIdentityTokenFile: "/nonexistent/token"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "workloadIdentityTokenFile") {
		t.Fatalf("missing token file: %v", err)
	}
	_, err = NewPartnerApp(Config{ClientID: appID, Credential: CredentialConfig{CertificateData: NewSecret("not a cert"), CertificatePassword: NewSecret("pw-123")}}, nil)
	if err == nil || strings.Contains(err.Error(), "pw-123") {
		t.Fatalf("bad certificate: %v", err)
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"clientId":"11111111-1111-1111-1111-111111111111","authorityHost":"https://login.microsoftonline.us/",
		"credential":{"managedIdentityClientId":"22222222-2222-2222-2222-222222222222"}}`)
	cfg, err := LoadConfig(good)
	if err != nil || cfg.Credential.ManagedIdentityClientID != "22222222-2222-2222-2222-222222222222" || cfg.AuthorityHost != "https://login.microsoftonline.us/" {
		t.Fatalf("%+v %v", cfg, err)
	}
	typo := write("typo.json", `{"clientId":"11111111-1111-1111-1111-111111111111","credential":{"clientSecrt":"x"}}`)
	if _, err := LoadConfig(typo); err == nil || !strings.Contains(err.Error(), "clientSecrt") || !strings.Contains(err.Error(), "typo.json") {
		t.Fatalf("typo: %v", err)
	}
	both := write("both.json", `{"clientId":"11111111-1111-1111-1111-111111111111","credential":{"clientSecret":"hunter2","workloadIdentityTokenFile":"/t"}}`)
	if _, err := LoadConfig(both); err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "exactly one") {
		t.Fatalf("two sources: %v", err)
	}
}
