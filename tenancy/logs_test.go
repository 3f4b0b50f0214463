package tenancy_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	azlog "github.com/Azure/azure-sdk-for-go/sdk/azcore/log"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// TestNoSecretsInLogs: with every azcore log event on, neither the client
// secret nor any access token appears in the log, in success and failure.
func TestNoSecretsInLogs(t *testing.T) {
	var mu sync.Mutex
	var log strings.Builder
	azlog.SetListener(func(_ azlog.Event, msg string) {
		mu.Lock()
		log.WriteString(msg + "\n")
		mu.Unlock()
	})
	defer azlog.SetListener(nil)

	w := newWorld(t)
	ok := w.addCustomer(t, "ok", geocatalogtest.RoleReader, true)
	gone := w.addCustomer(t, "gone", geocatalogtest.RoleReader, false)
	ctx := context.Background()
	app := w.secretApp(t)
	for _, c := range []*customer{ok, gone} {
		cl, _ := app.Client(ctx, c.Customer, nil)
		_, _ = cl.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	}
	bad, _ := tenancy.NewPartnerApp(tenancy.Config{ClientID: w.appID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret("wrong-" + testSecret)}}, w.options())
	cl, _ := bad.Client(ctx, ok.Customer, nil)
	_, _ = cl.STAC().NewListCollectionsPager(nil).NextPage(ctx)

	cred, _ := app.Credential(ok.TenantID)
	tk, err := cred.GetToken(ctx, tokenOptions())
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := log.String()
	mu.Unlock()
	if !strings.Contains(out, "oauth2/v2.0/token") || !strings.Contains(out, "/stac/collections") {
		t.Fatalf("the log misses the token and catalog requests:\n%s", out)
	}
	for _, secret := range []string{testSecret, tk.Token, tk.Token[strings.LastIndex(tk.Token, ".")+1:]} {
		if strings.Contains(out, secret) {
			t.Fatalf("a secret or token is in the log")
		}
	}
}
