package geocatalogtest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// A partner's test starts an emulated GeoCatalog and a client for it in three lines.
func ExampleNewServer() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}

	resp, err := client.STAC().NewListCollectionsPager(nil).NextPage(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("collections:", len(resp.Collections))
	// Output: collections: 0
}

// Each customer tenant gets its own catalog; principals hold roles on it,
// and tokens from other tenants are refused.
func ExampleServer_NewCatalog() {
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	fabrikam := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "fabrikam", TenantID: "fabrikam-tenant"})
	ctx := context.Background()

	readerCred, _ := fabrikam.NewPrincipal(geocatalogtest.RoleReader)
	reader, err := geocatalog.NewClient(fabrikam.URL, readerCred, fabrikam.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	_, err = reader.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	fmt.Println("reader reads:", err == nil)

	// srv.Credential() is an administrator of the default catalog's tenant.
	foreign, err := geocatalog.NewClient(fabrikam.URL, srv.Credential(), fabrikam.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	_, err = foreign.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	fmt.Println("other tenant unauthorized:", geocatalog.IsUnauthorized(err))
	fmt.Println("requests with default-tenant tokens:", fabrikam.Stats().Tenants[geocatalogtest.DefaultTenantID].Requests)
	// Output:
	// reader reads: true
	// other tenant unauthorized: true
	// requests with default-tenant tokens: 1
}
