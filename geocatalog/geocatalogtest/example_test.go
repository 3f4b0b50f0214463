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

	resp, err := client.STAC().ListCollections(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("collections:", len(resp.Collections))
	// Output: collections: 0
}
