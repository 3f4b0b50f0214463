package geocatalogtest_test

import (
	"errors"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// TestCustomValidator: Options.TokenValidator is consulted after the static
// tokens; its errors (here a wrong audience) are 401.
func TestCustomValidator(t *testing.T) {
	v := geocatalogtest.TokenValidatorFunc(func(tok string) (geocatalogtest.Principal, error) {
		switch tok {
		case "jwt-ok":
			return geocatalogtest.Principal{TenantID: geocatalogtest.DefaultTenantID, ObjectID: "app-oid", AppID: "app"}, nil
		case "jwt-wrong-aud":
			return geocatalogtest.Principal{}, errors.New("audience is not " + geocatalogtest.Audience)
		}
		return geocatalogtest.Principal{}, errors.New("malformed token")
	})
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: v})
	defer srv.Close()
	srv.DefaultCatalog().Grant("app-oid", geocatalogtest.RoleAdministrator)
	c := newRaw(t, srv, srv.DefaultCatalog())
	if r := c.do("GET", "/stac/collections", nil); r.status != 200 {
		t.Fatalf("static admin token: %d", r.status)
	}
	if r := c.with("jwt-ok").do("GET", "/stac/collections", nil); r.status != 200 {
		t.Fatalf("validator token: %d", r.status)
	}
	r := c.with("jwt-wrong-aud").do("GET", "/stac/collections", nil)
	if r.status != 401 || r.header.Get("x-ms-error-code") != "InvalidAuthenticationToken" {
		t.Fatalf("wrong audience: %d %s", r.status, r.body)
	}
	if got := srv.DefaultCatalog().Stats().Principals["app-oid"]; got != 1 {
		t.Fatalf("principal count %d", got)
	}
}
