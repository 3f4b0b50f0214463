package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/geocatalog-partner/sdk-go/examples/batch/batchenv"
	"github.com/geocatalog-partner/sdk-go/examples/gsp-change-detection/changedetect"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// runCatalog runs one shard against the catalog of the environment.
func runCatalog(ctx context.Context, o options, shard gsp.Shard) (*gsp.Report, error) {
	s, err := batchenv.FromEnv()
	if err != nil {
		return nil, err
	}
	client, err := batchenv.Connect(ctx, s)
	if err != nil {
		return nil, err
	}
	var stager *partner.Stager
	if !o.dryRun {
		if o.staging == "" {
			return nil, errors.New("set -staging-container or STAGING_CONTAINER_URL (where the masks are staged)")
		}
		if stager, err = identityStager(ctx, s, o.staging); err != nil {
			return nil, err
		}
	}
	return runJob(ctx, client, o, shard, stager, nil)
}

// identityStager stages into containerURL with the pool's identity, and
// signs the staged blobs with a user delegation key (no account key).
func identityStager(ctx context.Context, s batchenv.Settings, containerURL string) (*partner.Stager, error) {
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(s.ClientID)})
	if err != nil {
		return nil, err
	}
	parts, err := blob.ParseURL(containerURL)
	if err != nil {
		return nil, fmt.Errorf("staging container URL: %w", err)
	}
	cc, err := container.NewClient(containerURL, cred, partner.GuardedContainerOptions(nil))
	if err != nil {
		return nil, err
	}
	accountURL := parts.Scheme + "://" + parts.Host + "/"
	svc, err := service.NewClient(accountURL, cred, nil)
	if err != nil {
		return nil, err
	}
	start, expiry := time.Now().UTC().Add(-5*time.Minute), time.Now().UTC().Add(partner.DefaultSASLifetime)
	udc, err := svc.GetUserDelegationCredential(ctx, service.KeyInfo{
		Start: ptr(start.Format(time.RFC3339)), Expiry: ptr(expiry.Format(time.RFC3339))}, nil)
	if err != nil {
		return nil, fmt.Errorf("getting a user delegation key for the staging account: %w", err)
	}
	st := partner.NewStager(cc, &partner.StagerOptions{UserDelegationCredential: udc})
	_, err = st.EnsureContainer(ctx, nil)
	return st, err
}

func ptr[T any](v T) *T { return &v }

// runJob runs the change-detection job of one shard.
func runJob(ctx context.Context, client *geocatalog.Client, o options, shard gsp.Shard, stager *partner.Stager, extra func(*gsp.Job)) (*gsp.Report, error) {
	journalPath := o.journal
	if journalPath == "" {
		journalPath = fmt.Sprintf("gsp-%d-of-%d.journal", shard.Index, max(shard.Count, 1))
	}
	var journal *partner.Journal
	if journalPath != "-" && !o.dryRun {
		j, err := partner.OpenJournal(journalPath)
		if err != nil {
			return nil, err
		}
		defer j.Close()
		journal = j
	}
	job := gsp.Job{
		Source:      gsp.Source{Collections: []string{o.source}, MaxItems: o.maxItems, Search: &stac.SearchRequest{SortBy: []stac.SortBy{{Field: "id", Direction: "asc"}}}},
		Processor:   changedetect.Processor{AssetKey: o.assetKey, Threshold: o.threshold},
		Output:      stac.NewCollection(o.output, "Change masks between two dates, with the changed fraction", "CC0-1.0", stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil)),
		Processing:  gsp.Processing{Software: map[string]string{"gsp-change-detection": "0.1.0"}, Lineage: fmt.Sprintf("|after - before| > %g on band 1", o.threshold)},
		Concurrency: o.concurrency,
		Shard:       shard,
		Journal:     journal,
		Writer:      &partner.WriterOptions{Stager: stager},
		DryRun:      o.dryRun,
	}
	if extra != nil {
		extra(&job)
	}
	bar := progress.New(o.progress, &progress.Options{Label: fmt.Sprintf("shard %d/%d", shard.Index, max(shard.Count, 1))})
	job.OnSource = sourceProgress(bar)
	defer bar.Finish()
	return gsp.Run(ctx, client, job)
}
