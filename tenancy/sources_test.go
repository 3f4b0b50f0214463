package tenancy_test

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

func fileCert(t *testing.T, name string, password string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	certs, _, err := azidentity.ParseCertificates(data, []byte(password))
	if err != nil {
		t.Fatal(err)
	}
	return certs[0]
}

// TestCredentialSources drives every credential source through
// PartnerApp.Client against a consented Administrator customer.
func TestCredentialSources(t *testing.T) {
	const pfxPassword = "test-only-password"
	mis := (*tenancytest.ManagedIdentityServer)(nil)
	w := newWorld(t)
	mis = tenancytest.NewManagedIdentityServer(w.entra)
	defer mis.Close()

	w.entra.RegisterApp(w.appID, tenancytest.WithCertificate(fileCert(t, "partner-cert.pem", "")))
	// App Service-style identity and a Batch pool's identity (IMDS), both
	// user-assigned, in the partner's home tenant, trusted by the app.
	appServiceMI, poolMI := uuid.NewString(), uuid.NewString()
	for _, mi := range []string{appServiceMI, poolMI} {
		oid := w.entra.AddManagedIdentity(w.home, mi)
		w.entra.RegisterApp(w.appID, tenancytest.WithFederatedCredential(w.entra.Issuer(w.home), oid))
	}
	k8sIssuer, k8sSubject := "https://oidc.prod-aks.example/abc/", "system:serviceaccount:geo:delivery"
	w.entra.RegisterApp(w.appID, tenancytest.WithFederatedCredential(k8sIssuer, k8sSubject))
	wiToken, err := w.entra.IssueFederatedToken(k8sIssuer, k8sSubject)
	if err != nil {
		t.Fatal(err)
	}
	wiFile := filepath.Join(t.TempDir(), "azure-identity-token")
	if err := os.WriteFile(wiFile, []byte(wiToken), 0o600); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name  string
		cred  tenancy.CredentialConfig
		setup func(t *testing.T, o *tenancy.Options)
	}{
		{"client secret", tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret(testSecret)}, nil},
		{"certificate PEM", tenancy.CredentialConfig{CertificateFile: filepath.Join("testdata", "partner-cert.pem")}, nil},
		{"certificate PFX", tenancy.CredentialConfig{CertificateFile: filepath.Join("testdata", "partner-cert.pfx"),
			CertificatePassword: tenancy.NewSecret(pfxPassword), SendCertificateChain: true}, nil},
		{"managed identity (App Service) as federated credential", tenancy.CredentialConfig{ManagedIdentityClientID: appServiceMI},
			func(t *testing.T, _ *tenancy.Options) { mis.Setenv(t) }},
		{"managed identity (IMDS, Azure Batch) as federated credential", tenancy.CredentialConfig{ManagedIdentityClientID: poolMI},
			func(t *testing.T, o *tenancy.Options) {
				for _, k := range []string{"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"} {
					t.Setenv(k, "")
					os.Unsetenv(k)
				}
				o.ManagedIdentityOptions = &azcore.ClientOptions{Transport: mis.IMDSTransport()}
			}},
		{"workload identity", tenancy.CredentialConfig{WorkloadIdentityTokenFile: wiFile}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cust := w.addCustomer(t, "customer", geocatalogtest.RoleAdministrator, true)
			other := w.addCustomer(t, "other", geocatalogtest.RoleReader, true)
			opts := w.options()
			if tc.setup != nil {
				tc.setup(t, opts)
			}
			app, err := tenancy.NewPartnerApp(tenancy.Config{ClientID: w.appID, Credential: tc.cred}, opts)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for _, c := range []*customer{cust, other} {
				cl, err := app.Client(ctx, c.Customer, nil)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := cl.STAC().NewListCollectionsPager(nil).NextPage(ctx); err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
				if c.cat.Stats().Principals[c.oid] != 1 {
					t.Fatalf("%s: the catalog did not see the partner's service principal %s: %v", c.Name, c.oid, c.cat.Stats().Principals)
				}
			}
			p, err := func() (any, error) {
				cl, _ := app.Client(ctx, cust.Customer, nil)
				p, err := cl.STAC().BeginCreateCollection(ctx, newCollection(t, "from-"+uuid.NewString()[:8]), nil)
				return p, err
			}()
			if err != nil || p == nil {
				t.Fatalf("write as administrator: %v", err)
			}
		})
	}
	if mis.Requests() == 0 {
		t.Fatal("the managed-identity endpoint was never used")
	}
}
