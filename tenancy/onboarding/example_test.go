package onboarding_test

import (
	"context"
	"fmt"
	"log"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/onboarding"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// Verify a customer whose admin consented and assigned the GeoCatalog Reader
// role, on the offline fakes. Against Azure, drop the Graph options.
func ExampleVerify() {
	entra := tenancytest.NewEntra()
	defer entra.Close()
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: entra.TokenValidator()})
	defer srv.Close()

	const appID = "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f"
	entra.RegisterApp(appID, tenancytest.WithSecret("s3cret"))
	tenant := entra.NewTenant()
	catalog := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "fabrikam", TenantID: tenant})
	catalog.Grant(entra.Consent(tenant, appID), geocatalogtest.RoleReader)

	app, err := tenancy.NewPartnerApp(tenancy.Config{ClientID: appID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret("s3cret")}},
		&tenancy.Options{CredentialOptions: entra.ClientOptions(), CatalogOptions: srv.ClientOptions()})
	if err != nil {
		log.Fatal(err)
	}
	customer := tenancy.Customer{Name: "fabrikam", TenantID: tenant, Endpoint: catalog.URL}

	report, err := onboarding.Verify(context.Background(), app, customer, &onboarding.VerifyOptions{
		ConsentRedirectURI: "https://partner.example/onboarded",
		GraphBaseURL:       entra.GraphURL(),
		GraphTransport:     entra.Client().Transport,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("service principal found:", report.ServicePrincipal.Found)
	fmt.Println("can read:", report.CanRead, "can write:", report.CanWrite)
	for _, p := range report.Problems {
		fmt.Println("problem:", p.Check)
	}
	// Output:
	// service principal found: true
	// can read: true can write: false
	// problem: write
}
