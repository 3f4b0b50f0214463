package main

import (
	"context"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

// deps are what run reaches Azure with: main builds them with
// defaultDeps; a test gives the emulators' instead.
type deps struct {
	// cred authenticates to the catalog (planning) and the Batch account.
	cred azcore.TokenCredential
	// catalog and batch are the clients' options (transport, allowed
	// hosts, tracing); nil means the defaults.
	catalog *geocatalog.ClientOptions
	batch   *batch.ClientOptions
	// container returns the client of the manifests' and reports'
	// container (read access at least).
	container func(containerURL string) (*container.Client, error)
	// stager returns a stager over cc that signs read-only SAS URLs valid
	// for lifetime.
	stager func(ctx context.Context, cc *container.Client, lifetime time.Duration) (*partner.Stager, error)
}

// defaultDeps authenticates everything with azidentity's
// DefaultAzureCredential and signs the manifests' SAS URLs with a user
// delegation key.
func defaultDeps() (deps, error) {
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		return deps{}, err
	}
	return deps{
		cred: cred,
		container: func(containerURL string) (*container.Client, error) {
			return container.NewClient(containerURL, cred, partner.GuardedContainerOptions(nil))
		},
		stager: func(ctx context.Context, cc *container.Client, lifetime time.Duration) (*partner.Stager, error) {
			return userDelegationStager(ctx, cred, cc, lifetime)
		},
	}, nil
}

// userDelegationStager returns a stager over cc whose SAS URLs are signed
// with a user delegation key of cred, valid for lifetime.
func userDelegationStager(ctx context.Context, cred azcore.TokenCredential, cc *container.Client, lifetime time.Duration) (*partner.Stager, error) {
	svcURL, err := serviceURL(cc.URL())
	if err != nil {
		return nil, err
	}
	svc, err := service.NewClient(svcURL, cred, nil)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	start, expiry := now.Add(-5*time.Minute).Format(time.RFC3339), now.Add(lifetime).Format(time.RFC3339)
	udc, err := svc.GetUserDelegationCredential(ctx, service.KeyInfo{Start: &start, Expiry: &expiry}, nil)
	if err != nil {
		return nil, fmt.Errorf("getting a user delegation key: %w", err)
	}
	return partner.NewStager(cc, &partner.StagerOptions{Prefix: manifestPrefix, UserDelegationCredential: udc, SASLifetime: lifetime}), nil
}
