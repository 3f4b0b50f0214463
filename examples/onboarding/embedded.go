package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/onboarding"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// demoRedirectURI is the redirect URI of the demo app's consent URLs.
const demoRedirectURI = "https://partner.example/onboarded"

// demoCustomer is a customer of the offline demo and the role its admin
// grants.
type demoCustomer struct {
	name string
	role geocatalogtest.Role
}

var demoCustomers = []demoCustomer{
	{"contoso", geocatalogtest.RoleAdministrator},
	{"fabrikam", geocatalogtest.RoleReader},
}

// seedCollection creates a collection as the customer's own administrator,
// so that the report has something to list.
func seedCollection(ctx context.Context, cat *geocatalogtest.Catalog, id string) error {
	client, err := geocatalog.NewClient(cat.URL, cat.Credential(), cat.ClientOptions())
	if err != nil {
		return err
	}
	coll := &stac.Collection{ID: id, Type: "Collection", StacVersion: "1.0.0", Description: "Demo imagery", License: "CC-BY-4.0"}
	if err := json.Unmarshal([]byte(`{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[["2024-01-01T00:00:00Z",null]]}}`), &coll.Extent); err != nil {
		return err
	}
	p, err := client.STAC().BeginCreateCollection(ctx, coll, nil)
	if err != nil {
		return err
	}
	_, err = p.PollUntilDone(ctx, nil)
	return err
}

// runEmbedded runs the onboarding flow on the offline fakes.
func runEmbedded(ctx context.Context, out io.Writer) error {
	entra := tenancytest.NewEntra()
	defer entra.Close()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator()})
	defer srv.Close()

	appID, secret := uuid.NewString(), uuid.NewString()
	entra.RegisterApp(appID, tenancytest.WithSecret(secret), tenancytest.WithDisplayName("Acme Imagery Delivery"))
	app, err := tenancy.NewPartnerApp(
		tenancy.Config{ClientID: appID, Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret(secret)}},
		&tenancy.Options{CredentialOptions: entra.ClientOptions(), CatalogOptions: srv.ClientOptions()})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Offline demo: fake Entra ID and Graph at %s, GeoCatalog emulator (set PARTNER_CLIENT_ID or PARTNER_CONFIG, and REGISTRY, for Azure)\n", entra.URL)
	fmt.Fprintf(out, "Partner app %s\n", appID)

	var customers []tenancy.Customer
	for _, dc := range demoCustomers {
		tenant := entra.NewTenant()
		cat := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: dc.name, TenantID: tenant})
		customers = append(customers, tenancy.Customer{Name: dc.name, TenantID: tenant, Endpoint: cat.URL})
		consent, err := app.AdminConsentURL(tenant, demoRedirectURI, &tenancy.AdminConsentURLOptions{State: dc.name})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\n%s's admin opens the consent URL:\n  %s\n", dc.name, consent)
		// What the admin's consent and role assignment do in Azure.
		oid := entra.Consent(tenant, appID)
		cat.Grant(oid, dc.role)
		fmt.Fprintf(out, "  ...consented, and assigned the %s role to the app's service principal %s\n", dc.role, oid)
		if err := seedCollection(ctx, cat, dc.name+"-imagery"); err != nil {
			return err
		}
	}
	reg, err := tenancy.NewRegistry(customers...)
	if err != nil {
		return err
	}
	_, err = verifyAll(ctx, out, app, reg.Customers(), &onboarding.VerifyOptions{
		ConsentRedirectURI: demoRedirectURI,
		GraphBaseURL:       entra.GraphURL(),
		GraphTransport:     entra.Client().Transport,
	})
	return err
}
