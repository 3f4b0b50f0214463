package tenancytest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/google/uuid"
)

const catalogScope = GeoCatalogAudience + "/.default"

func getToken(t *testing.T, cred azcore.TokenCredential, scope string) (string, error) {
	t.Helper()
	tk, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{scope}})
	return tk.Token, err
}

func claimsOf(t *testing.T, e *Entra, token, aud string) Claims {
	t.Helper()
	c, err := e.verifyToken(token, aud)
	if err != nil {
		t.Fatalf("token does not verify: %v", err)
	}
	return c
}

// aadstsCodes returns the error_codes of a token error's response body.
func aadstsCodes(t *testing.T, err error) []int {
	t.Helper()
	var afe *azidentity.AuthenticationFailedError
	if !errors.As(err, &afe) || afe.RawResponse == nil {
		t.Fatalf("want *azidentity.AuthenticationFailedError with a response, got %T: %v", err, err)
	}
	body, rerr := runtime.Payload(afe.RawResponse)
	if rerr != nil {
		t.Fatal(rerr)
	}
	var b struct {
		Codes []int `json:"error_codes"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("body %q: %v", body, err)
	}
	return b.Codes
}

func secretCred(t *testing.T, e *Entra, tenantID, appID, secret string) azcore.TokenCredential {
	t.Helper()
	cred, err := azidentity.NewClientSecretCredential(tenantID, appID, secret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions: e.ClientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

func TestClientSecretPerTenantConsent(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID := uuid.NewString()
	e.RegisterApp(appID, WithSecret("s3cret"))
	consented, other := e.NewTenant(), e.NewTenant()
	oid := e.Consent(consented, appID)

	tok, err := getToken(t, secretCred(t, e, consented, appID, "s3cret"), catalogScope)
	if err != nil {
		t.Fatal(err)
	}
	c := claimsOf(t, e, tok, GeoCatalogAudience)
	if c.TenantID != consented || c.ObjectID != oid || c.AppID != appID || c.AZP != appID || c.Issuer != e.Issuer(consented) {
		t.Fatalf("claims %+v, want tid %s oid %s appid %s", c, consented, oid, appID)
	}
	// Cached: a second call does not reach the token endpoint.
	if _, err := getToken(t, secretCred(t, e, consented, appID, "s3cret"), catalogScope); err != nil {
		t.Fatal(err)
	}
	if got := e.TokenRequests(consented); got != 2 { // two credential instances
		t.Fatalf("token requests %d, want 2", got)
	}

	_, err = getToken(t, secretCred(t, e, other, appID, "s3cret"), catalogScope)
	if codes := aadstsCodes(t, err); len(codes) != 1 || codes[0] != 7000229 {
		t.Fatalf("not consented: codes %v, want [7000229]", codes)
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Fatal("secret in error text")
	}

	_, err = getToken(t, secretCred(t, e, consented, appID, "wrong"), catalogScope)
	if codes := aadstsCodes(t, err); codes[0] != 7000215 {
		t.Fatalf("bad secret: codes %v", codes)
	}

	e.RemoveConsent(consented, appID)
	_, err = getToken(t, secretCred(t, e, consented, appID, "s3cret"), catalogScope)
	if codes := aadstsCodes(t, err); codes[0] != 7000229 {
		t.Fatalf("consent removed: codes %v", codes)
	}
}

func TestTokenErrors(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID := uuid.NewString()
	e.RegisterApp(appID, WithSecret("ok"), WithExpiredSecret("old"))
	tid := e.NewTenant()
	e.Consent(tid, appID)
	cases := []struct {
		name  string
		setup func()
		cred  azcore.TokenCredential
		scope string
		want  int
	}{
		{"expired secret", nil, secretCred(t, e, tid, appID, "old"), catalogScope, 7000222},
		{"unknown app", nil, secretCred(t, e, tid, uuid.NewString(), "ok"), catalogScope, 700016},
		{"unknown resource", nil, secretCred(t, e, tid, appID, "ok"), "https://storage.azure.com/.default", 500011},
		{"conditional access", func() { e.FailTenant(tid, 53003) }, secretCred(t, e, tid, appID, "ok"), catalogScope, 53003},
		{"disabled", func() { e.FailTenant(tid, 0); e.SetServicePrincipalEnabled(tid, appID, false) }, secretCred(t, e, tid, appID, "ok"), catalogScope, 7000112},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup()
			}
			_, err := getToken(t, tc.cred, tc.scope)
			if codes := aadstsCodes(t, err); len(codes) != 1 || codes[0] != tc.want {
				t.Fatalf("codes %v, want [%d]", codes, tc.want)
			}
		})
	}
}

func TestUnknownTenant(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID := uuid.NewString()
	e.RegisterApp(appID, WithSecret("ok"))
	missing := uuid.NewString()
	_, err := getToken(t, secretCred(t, e, missing, appID, "ok"), catalogScope)
	if err == nil || !strings.Contains(err.Error(), "AADSTS90002") {
		t.Fatalf("want AADSTS90002, got %v", err)
	}
	if e.DiscoveryRequests(missing) == 0 {
		t.Fatal("discovery not counted")
	}
}

func TestClientCertificate(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	cert, err := NewCertificate("partner")
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewCertificate("someone else")
	appID := uuid.NewString()
	e.RegisterApp(appID, WithCertificate(cert.Cert))
	tid := e.NewTenant()
	oid := e.Consent(tid, appID)
	for _, tc := range []struct {
		name string
		c    *Certificate
		want int
	}{{"registered", cert, 0}, {"unregistered", other, 700027}} {
		t.Run(tc.name, func(t *testing.T) {
			certs, key, err := azidentity.ParseCertificates(tc.c.PEM(), nil)
			if err != nil {
				t.Fatal(err)
			}
			cred, err := azidentity.NewClientCertificateCredential(tid, appID, certs, key, &azidentity.ClientCertificateCredentialOptions{
				ClientOptions: e.ClientOptions(), DisableInstanceDiscovery: true, SendCertificateChain: true})
			if err != nil {
				t.Fatal(err)
			}
			tok, err := getToken(t, cred, catalogScope)
			if tc.want != 0 {
				if codes := aadstsCodes(t, err); codes[0] != tc.want {
					t.Fatalf("codes %v", codes)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c := claimsOf(t, e, tok, GeoCatalogAudience); c.ObjectID != oid {
				t.Fatalf("oid %s, want %s", c.ObjectID, oid)
			}
		})
	}
}

// ficCredential is the secretless pattern: the managed identity's token for
// api://AzureADTokenExchange is the partner app's client assertion.
func ficCredential(t *testing.T, e *Entra, tenantID, appID string, mi azcore.TokenCredential) azcore.TokenCredential {
	t.Helper()
	cred, err := azidentity.NewClientAssertionCredential(tenantID, appID, func(ctx context.Context) (string, error) {
		tk, err := mi.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{TokenExchangeAudience + "/.default"}})
		return tk.Token, err
	}, &azidentity.ClientAssertionCredentialOptions{ClientOptions: e.ClientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	return cred
}

func TestManagedIdentityFederatedCredential(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	mis := NewManagedIdentityServer(e)
	defer mis.Close()
	home := e.NewTenant()
	appID := uuid.NewString()
	miClientID := uuid.NewString()
	miOID := e.AddManagedIdentity(home, miClientID)
	e.RegisterApp(appID, WithHomeTenant(home), WithFederatedCredential(e.Issuer(home), miOID))
	customers := []string{e.NewTenant(), e.NewTenant(), e.NewTenant()}
	for _, c := range customers {
		e.Consent(c, appID)
	}

	t.Run("app service endpoint", func(t *testing.T) {
		mis.Setenv(t)
		mi, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(miClientID)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range customers {
			tok, err := getToken(t, ficCredential(t, e, c, appID, mi), catalogScope)
			if err != nil {
				t.Fatal(err)
			}
			if cl := claimsOf(t, e, tok, GeoCatalogAudience); cl.TenantID != c || cl.AppID != appID {
				t.Fatalf("claims %+v", cl)
			}
		}
		if mis.Requests() != 1 {
			t.Fatalf("managed-identity requests %d, want 1 (one MI token serves every tenant)", mis.Requests())
		}
	})
	t.Run("imds transport", func(t *testing.T) {
		for _, k := range []string{"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"} {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
		poolMI := uuid.NewString() // distinct: MSAL caches MI tokens process-wide
		poolOID := e.AddManagedIdentity(home, poolMI)
		e.RegisterApp(appID, WithFederatedCredential(e.Issuer(home), poolOID))
		mi, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{
			ID: azidentity.ClientID(poolMI), ClientOptions: azcore.ClientOptions{Transport: mis.IMDSTransport()}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := getToken(t, ficCredential(t, e, customers[0], appID, mi), catalogScope); err != nil {
			t.Fatal(err)
		}
		// A customer's own pool: the MI's token for GeoCatalog directly.
		tok, err := getToken(t, mi, catalogScope)
		if err != nil {
			t.Fatal(err)
		}
		if c := claimsOf(t, e, tok, GeoCatalogAudience); c.ObjectID != poolOID || c.TenantID != home {
			t.Fatalf("claims %+v", c)
		}
	})
	t.Run("fic on wrong app", func(t *testing.T) {
		mis.Setenv(t)
		otherHome := e.NewTenant()
		strayMI := uuid.NewString()
		strayOID := e.AddManagedIdentity(otherHome, strayMI)
		mi, _ := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(strayMI)})
		_, err := getToken(t, ficCredential(t, e, customers[0], appID, mi), catalogScope)
		if codes := aadstsCodes(t, err); codes[0] != 700236 {
			t.Fatalf("codes %v, want 700236", codes)
		}
		e.RegisterApp(appID, WithFederatedCredential(e.Issuer(home), "not-"+strayOID))
		sameIssuerMI := uuid.NewString()
		e.AddManagedIdentity(home, sameIssuerMI)
		mi2, _ := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(sameIssuerMI)})
		_, err = getToken(t, ficCredential(t, e, customers[0], appID, mi2), catalogScope)
		if codes := aadstsCodes(t, err); codes[0] != 700213 {
			t.Fatalf("codes %v, want 700213", codes)
		}
	})
}

func TestWorkloadIdentity(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID := uuid.NewString()
	issuer, subject := "https://oidc.aks.example/issuer-1", "system:serviceaccount:geo:worker"
	e.RegisterApp(appID, WithFederatedCredential(issuer, subject))
	tid := e.NewTenant()
	e.Consent(tid, appID)
	tok, err := e.IssueFederatedToken(issuer, subject)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(tok), 0o600); err != nil {
		t.Fatal(err)
	}
	cred, err := azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
		ClientID: appID, TenantID: tid, TokenFilePath: file, ClientOptions: e.ClientOptions(), DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := getToken(t, cred, catalogScope); err != nil {
		t.Fatal(err)
	}
}

func TestGraphServicePrincipals(t *testing.T) {
	e := NewEntra()
	defer e.Close()
	appID, otherApp := uuid.NewString(), uuid.NewString()
	home := e.NewTenant()
	e.RegisterApp(appID, WithSecret("ok"), WithHomeTenant(home), WithDisplayName("Partner"))
	e.RegisterApp(otherApp, WithSecret("ok"))
	tid := e.NewTenant()
	oid := e.Consent(tid, appID)
	e.Consent(tid, otherApp)
	tok, err := getToken(t, secretCred(t, e, tid, appID, "ok"), GraphAudience+"/.default")
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, e.GraphURL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := e.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	status, sp := get("/servicePrincipals(appId='" + appID + "')?$select=id,appId,displayName,accountEnabled,appOwnerOrganizationId")
	if status != 200 || sp["id"] != oid || sp["appId"] != appID || sp["displayName"] != "Partner" || sp["accountEnabled"] != true || sp["appOwnerOrganizationId"] != home {
		t.Fatalf("%d %v", status, sp)
	}
	status, list := get("/servicePrincipals?$filter=appId%20eq%20'" + appID + "'")
	if vals, _ := list["value"].([]any); status != 200 || len(vals) != 1 {
		t.Fatalf("%d %v", status, list)
	}
	if status, _ := get("/servicePrincipals(appId='" + otherApp + "')"); status != 403 {
		t.Fatalf("other app's SP: %d, want 403", status)
	}
	if e.GraphRequests(tid) != 3 {
		t.Fatalf("graph requests %d", e.GraphRequests(tid))
	}
	e.RemoveConsent(tid, appID)
	if status, _ := get("/servicePrincipals(appId='" + appID + "')"); status != 404 {
		t.Fatalf("after removal: %d, want 404", status)
	}
}
