// Command quickstart is the SDK's main job in miniature: it connects to a
// GeoCatalog, makes sure a collection exists, creates items whose GeoTIFF
// assets the catalog copies into its managed storage, searches them and reads
// one asset back through a SAS token.
//
// With no settings it runs on the embedded emulator (geocatalogtest):
//
//	go run ./examples/quickstart
//
// Against a real GeoCatalog, set GEOCATALOG_ENDPOINT (the catalog URI) and
// QUICKSTART_ASSET_BASE_URL (an https location the catalog can read, holding
// the files asset-0.tif ... asset-N.tif, e.g. a container URL with a read SAS);
// the credential is azidentity.DefaultAzureCredential and needs the
// GeoCatalog Administrator role.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run picks the target (a real catalog or the embedded emulator) and runs
// the quickstart against it.
func run(ctx context.Context, out io.Writer) error {
	if endpoint := os.Getenv("GEOCATALOG_ENDPOINT"); endpoint != "" {
		base := os.Getenv("QUICKSTART_ASSET_BASE_URL")
		if base == "" {
			return fmt.Errorf("GEOCATALOG_ENDPOINT is set: set QUICKSTART_ASSET_BASE_URL too (where the catalog can read the sample GeoTIFFs)")
		}
		cred, err := azidentity.NewDefaultAzureCredential(nil)
		if err != nil {
			return err
		}
		client, err := geocatalog.NewClient(endpoint, cred, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "catalog: %s\n", endpoint)
		_, err = quickstart(ctx, out, client, base, nil)
		return err
	}

	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	assets, err := serveSampleAssets(sampleItemCount)
	if err != nil {
		return err
	}
	defer assets.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "catalog: embedded emulator at %s (set GEOCATALOG_ENDPOINT for a real one)\n", srv.URL)
	_, err = quickstart(ctx, out, client, assets.URL, srv.Client())
	return err
}
