package tenancy_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// A partner app with the secretless credential: a user-assigned managed
// identity trusted by the app as a federated identity credential.
func ExampleNewPartnerApp() {
	app, err := tenancy.NewPartnerApp(tenancy.Config{
		ClientID: "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f",
		Credential: tenancy.CredentialConfig{
			ManagedIdentityClientID: "9e8d7c6b-5a49-4838-a726-150f1e2d3c4b",
		},
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app)
	// Output: tenancy.PartnerApp{clientID: 4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f, credential: managed identity 9e8d7c6b-5a49-4838-a726-150f1e2d3c4b as federated credential, authority: https://login.microsoftonline.com/}
}

// The URL a customer's admin opens to onboard the partner app.
func ExamplePartnerApp_AdminConsentURL() {
	app, err := tenancy.NewPartnerApp(tenancy.Config{
		ClientID:   "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f",
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret("from-a-key-vault")},
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	v2, _ := app.AdminConsentURL("3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f", "https://partner.example/onboarded", &tenancy.AdminConsentURLOptions{State: "c2f1"})
	v1, _ := app.AdminConsentV1URL("3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f", "https://partner.example/onboarded", &tenancy.AdminConsentV1URLOptions{State: "c2f1"})
	fmt.Println(v2)
	fmt.Println(v1)
	// Output:
	// https://login.microsoftonline.com/3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f/v2.0/adminconsent?client_id=4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f&redirect_uri=https%3A%2F%2Fpartner.example%2Fonboarded&scope=https%3A%2F%2Fgeocatalog.spatio.azure.com%2F.default&state=c2f1
	// https://login.microsoftonline.com/3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f/adminconsent?client_id=4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f&redirect_uri=https%3A%2F%2Fpartner.example%2Fonboarded&state=c2f1
}

// One client per customer, against the offline fakes: a consented customer
// that granted one collection, and one that never consented.
func ExamplePartnerApp_Client() {
	entra := tenancytest.NewEntra()
	defer entra.Close()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator()})
	defer srv.Close()

	const appID = "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f"
	entra.RegisterApp(appID, tenancytest.WithSecret("s3cret"))
	contosoTenant, fabrikamTenant := entra.NewTenant(), entra.NewTenant()
	contosoCatalog := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "contoso", TenantID: contosoTenant})
	contosoCatalog.Grant(entra.Consent(contosoTenant, appID), geocatalogtest.RoleReader)
	fabrikamCatalog := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "fabrikam", TenantID: fabrikamTenant})

	app, err := tenancy.NewPartnerApp(tenancy.Config{
		ClientID:   appID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret("s3cret")},
	}, &tenancy.Options{CredentialOptions: entra.ClientOptions(), CatalogOptions: srv.ClientOptions()})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	contoso := tenancy.Customer{Name: "contoso", TenantID: contosoTenant, Endpoint: contosoCatalog.URL,
		Collections: []tenancy.CollectionGrant{{ID: "deliveries", Access: tenancy.AccessRead}}}
	fabrikam := tenancy.Customer{Name: "fabrikam", TenantID: fabrikamTenant, Endpoint: fabrikamCatalog.URL}

	client, err := app.Client(ctx, contoso, nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := client.STAC().GetLandingPage(ctx, nil); err == nil {
		fmt.Println("contoso: ok")
	}
	_, err = client.STAC().GetCollection(ctx, "someone-elses", nil)
	fmt.Println("contoso, other collection:", errors.Is(err, tenancy.ErrCollectionNotGranted))

	client, _ = app.Client(ctx, fabrikam, nil)
	_, err = client.STAC().GetLandingPage(ctx, nil)
	fmt.Println("fabrikam:", errors.Is(err, tenancy.ErrNotOnboarded))
	// Output:
	// contoso: ok
	// contoso, other collection: true
	// fabrikam: true
}
