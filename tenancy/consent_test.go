package tenancy

import (
	"errors"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"net/url"
	"strings"
	"testing"
)

func TestAdminConsentURL(t *testing.T) {
	app, err := NewPartnerApp(Config{ClientID: "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f", AuthorityHost: "https://login.microsoftonline.us",
		Credential: CredentialConfig{ClientSecret: NewSecret("x")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := app.AdminConsentURL("organizations", "https://partner.example/cb?x=1", &AdminConsentURLOptions{State: "st&ate"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	if u.Host != "login.microsoftonline.us" || u.Path != "/organizations/v2.0/adminconsent" || q.Get("scope") != geocatalog.Scope ||
		q.Get("redirect_uri") != "https://partner.example/cb?x=1" || q.Get("state") != "st&ate" || q.Get("client_id") != app.ClientID() {
		t.Fatalf("v2 URL %s", raw)
	}
	raw, _ = app.AdminConsentV1URL("contoso.onmicrosoft.com", "http://localhost:8080/cb", nil)
	if u, _ := url.Parse(raw); u.Path != "/contoso.onmicrosoft.com/adminconsent" || u.Query().Has("scope") || u.Query().Has("state") {
		t.Fatalf("v1 URL %s", raw)
	}
	for _, bad := range [][2]string{{"common", "https://p.example/cb"}, {"consumers", "https://p.example/cb"}, {"", "https://p.example/cb"},
		{"not a tenant", "https://p.example/cb"}, {"organizations", "http://p.example/cb"}, {"organizations", "/relative"}} {
		if _, err := app.AdminConsentURL(bad[0], bad[1], &AdminConsentURLOptions{State: "s"}); err == nil || !strings.Contains(err.Error(), "tenancy:") {
			t.Errorf("AdminConsentURL(%q, %q) accepted: %v", bad[0], bad[1], err)
		}
	}
}

func TestParseConsentRedirect(t *testing.T) {
	const tid = "3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f"
	ok, _ := url.ParseQuery("admin_consent=True&tenant=" + tid + "&scope=https%3A%2F%2Fgeocatalog.spatio.azure.com%2F.default&state=abc")
	r, err := ParseConsentRedirect(ok, "abc")
	if err != nil || r.TenantHint != tid || r.Scope != geocatalog.Scope {
		t.Fatalf("%+v %v", r, err)
	}
	if _, err := ParseConsentRedirect(ok, "other"); err == nil || !strings.Contains(err.Error(), "state") {
		t.Fatalf("state not checked: %v", err)
	}
	denied, _ := url.ParseQuery("admin_consent=True&error=consent_required&error_description=AADSTS65004%3A+declined&state=abc")
	_, err = ParseConsentRedirect(denied, "abc")
	var ce *ConsentError
	if !errors.As(err, &ce) || ce.Code != "consent_required" || !strings.Contains(ce.Description, "AADSTS65004") {
		t.Fatalf("%v", err)
	}
	forged, _ := url.ParseQuery("admin_consent=True&tenant=common&state=abc")
	if _, err := ParseConsentRedirect(forged, "abc"); err == nil {
		t.Fatal("non-GUID tenant accepted")
	}
}
