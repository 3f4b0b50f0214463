package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/examples/gsp-change-detection/changedetect"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// runDemo starts the embedded emulator, generates input data and runs one
// shard over it. Staging goes to an Azurite container (development
// account): the one of -staging-container, or else a local Azurite the demo
// starts (installed with npm on first use).
func runDemo(ctx context.Context, o options, shard gsp.Shard) (*gsp.Report, error) {
	dir, err := os.MkdirTemp("", "gsp-demo-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if o.staging == "" {
		az, err := azurite.Run(filepath.Join(dir, ".azurite"))
		if err != nil {
			return nil, fmt.Errorf("starting Azurite for the staging container: %w", err)
		}
		defer az.Stop()
		o.staging = az.ServiceURL + "/staging"
	}
	cred, err := azblob.NewSharedKeyCredential(azurite.AccountName, azurite.AccountKey)
	if err != nil {
		return nil, err
	}
	cc, err := container.NewClientWithSharedKeyCredential(o.staging, cred, partner.GuardedContainerOptions(nil))
	if err != nil {
		return nil, err
	}
	stager := partner.NewStager(cc, nil)
	if _, err := stager.EnsureContainer(ctx, nil); err != nil {
		return nil, err
	}

	if o.journal == "" {
		o.journal = "-" // a fresh emulator each time: nothing to resume
	}
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		return nil, err
	}
	if _, err := changedetect.Generate(ctx, client, partner.NewWriter(client, &partner.WriterOptions{Stager: stager}),
		changedetect.GenerateOptions{Collection: o.source, Cells: o.cells, AssetKey: o.assetKey, Dir: dir}); err != nil {
		return nil, err
	}
	blobURL, _ := url.Parse(srv.BlobURL)
	return runJob(ctx, client, o, shard, stager, func(j *gsp.Job) {
		j.StorageHosts = []string{blobURL.Host}
		j.AssetClientOptions = &azcore.ClientOptions{Transport: srv.Client()}
	})
}
