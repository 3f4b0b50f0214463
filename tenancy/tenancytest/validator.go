package tenancytest

import (
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// TokenValidator returns a geocatalogtest.TokenValidator that accepts the
// GeoCatalog tokens of this fake (signature, expiry, issuer and audience
// https://geocatalog.spatio.azure.com checked) and returns their principal:
// tenant (tid), object ID (oid) and app ID (appid). Pass it as
// geocatalogtest.Options.TokenValidator.
func (e *Entra) TokenValidator() geocatalogtest.TokenValidator { return catalogValidator{e} }

type catalogValidator struct{ e *Entra }

// ValidateToken implements geocatalogtest.TokenValidator.
func (v catalogValidator) ValidateToken(token string) (geocatalogtest.Principal, error) {
	c, err := v.e.verifyToken(token, geocatalogtest.Audience)
	if err != nil {
		return geocatalogtest.Principal{}, err
	}
	app := c.AppID
	if app == "" {
		app = c.AZP
	}
	return geocatalogtest.Principal{TenantID: c.TenantID, ObjectID: c.ObjectID, AppID: app}, nil
}
