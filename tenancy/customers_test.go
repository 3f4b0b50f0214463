package tenancy_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// TestThreeCustomers: a Reader, an Administrator and a tenant that never
// consented, in three tenants, through one PartnerApp.
func TestThreeCustomers(t *testing.T) {
	w := newWorld(t)
	reader := w.addCustomer(t, "reader-co", geocatalogtest.RoleReader, true)
	admin := w.addCustomer(t, "admin-co", geocatalogtest.RoleAdministrator, true)
	stranger := w.addCustomer(t, "stranger-co", geocatalogtest.RoleNone, false)
	reader.seedCollection(t, "landsat")
	app := w.secretApp(t)
	ctx := context.Background()

	t.Run("reader reads, cannot write", func(t *testing.T) {
		c, err := app.Client(ctx, reader.Customer, nil)
		if err != nil {
			t.Fatal(err)
		}
		list, err := c.STAC().NewListCollectionsPager(nil).NextPage(ctx)
		if err != nil || len(list.Collections) != 1 || list.Collections[0].ID != "landsat" {
			t.Fatalf("list: %v %+v", err, list.Collections)
		}
		_, err = c.STAC().BeginCreateCollection(ctx, newCollection(t, "mine"), nil)
		var re *azcore.ResponseError
		if !errors.Is(err, tenancy.ErrAccessRevoked) || !errors.As(err, &re) || re.StatusCode != http.StatusForbidden {
			t.Fatalf("write as reader: want ErrAccessRevoked with a 403 ResponseError, got %v", err)
		}
		var are *tenancy.AccessRevokedError
		if !errors.As(err, &are) || are.Customer != "reader-co" || are.TenantID != reader.TenantID {
			t.Fatalf("AccessRevokedError %+v", are)
		}
	})

	t.Run("administrator writes", func(t *testing.T) {
		c, err := app.Client(ctx, admin.Customer, nil)
		if err != nil {
			t.Fatal(err)
		}
		p, err := c.STAC().BeginCreateCollection(ctx, newCollection(t, "deliveries"), nil)
		pollDone(t, p, err)
		p2, err := c.STAC().BeginCreateItem(ctx, "deliveries", newItem(t, "deliveries", "scene-1"), nil)
		pollDone(t, p2, err)
		got, err := c.STAC().GetItem(ctx, "deliveries", "scene-1", nil)
		if err != nil || got.ID != "scene-1" {
			t.Fatalf("get item: %v", err)
		}
		if admin.cat.Stats().Principals[admin.oid] == 0 {
			t.Fatal("the catalog did not see the partner's service principal")
		}
	})

	t.Run("not consented", func(t *testing.T) {
		c, err := app.Client(ctx, stranger.Customer, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.STAC().NewListCollectionsPager(nil).NextPage(ctx)
		var te *tenancy.TokenError
		var afe *azidentity.AuthenticationFailedError
		if !errors.Is(err, tenancy.ErrNotOnboarded) || !errors.As(err, &te) || te.Code != 7000229 || te.TenantID != stranger.TenantID || !errors.As(err, &afe) {
			t.Fatalf("want ErrNotOnboarded (AADSTS7000229) wrapping the azidentity error, got %v", err)
		}
		if errors.Is(err, tenancy.ErrPartnerCredential) || errors.Is(err, tenancy.ErrAccessRevoked) {
			t.Fatal("misclassified")
		}
		if strings.Contains(err.Error(), testSecret) {
			t.Fatal("secret in error text")
		}
		if stranger.cat.Stats().Total != 0 {
			t.Fatal("a request reached the catalog without a token")
		}
		// Back-off: the tenant is not asked again.
		before := w.entra.TokenRequests(stranger.TenantID)
		for range 5 {
			if _, err := c.STAC().NewListCollectionsPager(nil).NextPage(ctx); !errors.Is(err, tenancy.ErrNotOnboarded) {
				t.Fatalf("during back-off: %v", err)
			}
		}
		if got := w.entra.TokenRequests(stranger.TenantID); got != before {
			t.Fatalf("token requests went from %d to %d during the back-off", before, got)
		}
		// The customer consents; after ResetBackoff the next call works.
		stranger.oid = w.entra.Consent(stranger.TenantID, w.appID)
		stranger.cat.Grant(stranger.oid, geocatalogtest.RoleReader)
		app.ResetBackoff(stranger.TenantID)
		if _, err := c.STAC().NewListCollectionsPager(nil).NextPage(ctx); err != nil {
			t.Fatalf("after consent: %v", err)
		}
	})

	t.Run("one client per customer", func(t *testing.T) {
		a, _ := app.Client(ctx, admin.Customer, nil)
		b, _ := app.Client(ctx, admin.Customer, nil)
		r, _ := app.Client(ctx, reader.Customer, nil)
		if a != b || a == r {
			t.Fatal("clients not cached per customer")
		}
		changed := admin.Customer
		changed.Collections = []tenancy.CollectionGrant{{ID: "deliveries", Access: tenancy.AccessRead}}
		if c, _ := app.Client(ctx, changed, nil); c == a {
			t.Fatal("a changed record reused the old client")
		}
		if _, err := app.Client(ctx, tenancy.Customer{Name: "bad", TenantID: "common", Endpoint: admin.Endpoint}, nil); err == nil {
			t.Fatal("invalid customer accepted")
		}
		if w.entra.TokenRequests(admin.TenantID) != 1 || w.entra.TokenRequests(reader.TenantID) != 1 {
			t.Fatalf("token requests: admin %d, reader %d; want 1 each", w.entra.TokenRequests(admin.TenantID), w.entra.TokenRequests(reader.TenantID))
		}
	})
}

// TestErrorClassification: partner-side and customer-side token failures.
func TestErrorClassification(t *testing.T) {
	w := newWorld(t)
	a := w.addCustomer(t, "a", geocatalogtest.RoleReader, true)
	b := w.addCustomer(t, "b", geocatalogtest.RoleReader, true)
	ctx := context.Background()

	t.Run("partner credential breaks every customer", func(t *testing.T) {
		app, err := tenancy.NewPartnerApp(tenancy.Config{ClientID: w.appID,
			Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret("stale-secret-value")}}, w.options())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*customer{a, b} {
			cl, _ := app.Client(ctx, c.Customer, nil)
			for range 2 { // no back-off for partner errors: each call asks again
				_, err := cl.STAC().NewListCollectionsPager(nil).NextPage(ctx)
				var te *tenancy.TokenError
				if !errors.Is(err, tenancy.ErrPartnerCredential) || !errors.As(err, &te) || te.Code != 7000215 {
					t.Fatalf("%s: want ErrPartnerCredential (7000215), got %v", c.Name, err)
				}
				if strings.Contains(err.Error(), "stale-secret-value") {
					t.Fatal("secret in error text")
				}
			}
		}
	})
	t.Run("conditional access", func(t *testing.T) {
		w.entra.FailTenant(b.TenantID, 53003)
		defer w.entra.FailTenant(b.TenantID, 0)
		app := w.secretApp(t)
		cl, _ := app.Client(ctx, b.Customer, nil)
		_, err := cl.STAC().GetLandingPage(ctx, nil)
		if !errors.Is(err, tenancy.ErrBlockedByPolicy) {
			t.Fatalf("want ErrBlockedByPolicy, got %v", err)
		}
		ca, _ := app.Client(ctx, a.Customer, nil)
		if _, err := ca.STAC().GetLandingPage(ctx, nil); err != nil {
			t.Fatalf("other customer: %v", err)
		}
	})
	t.Run("unknown tenant", func(t *testing.T) {
		app := w.secretApp(t)
		ghost := a.Customer
		ghost.Name, ghost.TenantID = "ghost", "0f0f0f0f-0000-4000-8000-000000000001"
		cl, _ := app.Client(ctx, ghost, nil)
		_, err := cl.STAC().GetLandingPage(ctx, nil)
		var te *tenancy.TokenError
		if !errors.Is(err, tenancy.ErrNotOnboarded) || !errors.As(err, &te) || te.Code != 90002 {
			t.Fatalf("want ErrNotOnboarded (90002), got %v", err)
		}
	})
	t.Run("credential directly", func(t *testing.T) {
		app := w.secretApp(t)
		if _, err := app.Credential("not-a-guid"); err == nil {
			t.Fatal("tenant ID not validated")
		}
		c1, _ := app.Credential(a.TenantID)
		c2, _ := app.Credential(strings.ToUpper(a.TenantID))
		if c1 != c2 {
			t.Fatal("one credential per tenant expected")
		}
		w.entra.RemoveConsent(a.TenantID, w.appID)
		defer func() { a.oid = w.entra.Consent(a.TenantID, w.appID) }()
		_, err := c1.GetToken(ctx, tokenOptions())
		var te *tenancy.TokenError
		if !errors.Is(err, tenancy.ErrNotOnboarded) || !errors.As(err, &te) || te.RetryAfter.IsZero() {
			t.Fatalf("GetToken: %v", err)
		}
	})
}
