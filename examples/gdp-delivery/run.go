package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/internal/progress"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// run parses the command line and delivers the order twice, printing the
// summaries to out and live progress to stderr (none with -q).
func run(ctx context.Context, args []string, out, stderr io.Writer) error {
	fs := program.FlagSet(out)
	var f flags
	fs.BoolVar(&f.manifest, "manifest", false, "print the staging manifest (one entry per staged asset, JSON) after the first delivery")
	fs.BoolVar(&f.quiet, "q", false, "no live progress on standard error")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	var prog io.Writer
	if !f.quiet {
		prog = stderr
	}
	dir, err := os.MkdirTemp("", "gdp-delivery-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	order, err := writeOrder(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "order: %s in %s\n", cli.Count(order.Items.Count(), "item"), dir)

	var (
		client   *geocatalog.Client
		stager   *partner.Stager
		customer = "emulator"
		tenant   string
	)
	if os.Getenv("CUSTOMER") != "" {
		c, st, cust, err := registryTarget(ctx)
		if err != nil {
			return err
		}
		client, stager, customer, tenant = c, st, cust.Name, cust.TenantID
	} else {
		srv := geocatalogtest.NewServer(nil)
		defer srv.Close()
		az, err := azurite.Run(filepath.Join(dir, ".azurite"))
		if err != nil {
			return fmt.Errorf("starting Azurite for the staging container: %w", err)
		}
		defer az.Stop()
		client, err = geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
		if err != nil {
			return err
		}
		stager = partner.NewStager(az.NewClient().ServiceClient().NewContainerClient("staging"), nil)
		tenant = geocatalogtest.DefaultTenantID
		fmt.Fprintf(out, "catalog: embedded emulator %s, staging: Azurite %s\n", srv.URL, az.ServiceURL)
	}
	if _, err := stager.EnsureContainer(ctx, nil); err != nil {
		return err
	}
	opts := &gdp.DeliverOptions{
		Stager:      stager,
		JournalPath: filepath.Join(dir, "journal.ndjson"),
		Pacer:       partner.NewPacer(20),
		Customer:    customer,
		TenantID:    tenant,
		Logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for round := 1; round <= 2; round++ {
		fmt.Fprintf(out, "delivery %d:\n", round)
		bar := progress.New(prog, &progress.Options{Label: fmt.Sprintf("delivery %d", round)})
		opts.Progress = deliveryProgress(bar)
		rep, err := gdp.Deliver(ctx, client, order, opts)
		bar.Finish()
		if err != nil {
			var denied *partner.AccessDeniedError
			if errors.As(err, &denied) {
				return fmt.Errorf("%w (ask the customer for the GeoCatalog Administrator role)", err)
			}
			return err
		}
		fmt.Fprintf(out, "  collection created: %v; created %d, replaced %d, unchanged %d, failed %d in %s (%d requests)\n",
			rep.CollectionCreated, rep.Created, rep.Replaced, rep.Unchanged, rep.Failed, rep.Duration.Round(time.Millisecond), rep.Requests)
		if round == 1 {
			fmt.Fprintf(out, "  staged %s, %d bytes\n", cli.Count(len(rep.Manifest.Assets()), "asset"), rep.Manifest.TotalBytes())
			if f.manifest {
				fmt.Fprintf(out, "  manifest:\n")
				if err := rep.Manifest.WriteJSON(out); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// registryTarget builds the client of the configured customer and a stager
// over the partner's container.
func registryTarget(ctx context.Context) (*geocatalog.Client, *partner.Stager, tenancy.Customer, error) {
	var none tenancy.Customer
	cfg, err := tenancy.LoadConfig(os.Getenv("PARTNER_CONFIG"))
	if err != nil {
		return nil, nil, none, err
	}
	app, err := tenancy.NewPartnerApp(cfg, nil)
	if err != nil {
		return nil, nil, none, err
	}
	reg, err := tenancy.LoadRegistry(os.Getenv("REGISTRY"))
	if err != nil {
		return nil, nil, none, err
	}
	cust, ok := reg.Customer(os.Getenv("CUSTOMER"))
	if !ok {
		return nil, nil, none, fmt.Errorf("customer %q is not in the registry", os.Getenv("CUSTOMER"))
	}
	client, err := app.Client(ctx, cust, nil)
	if err != nil {
		return nil, nil, none, err
	}
	containerURL := os.Getenv("STAGING_CONTAINER_URL")
	if containerURL == "" {
		return nil, nil, none, errors.New("set STAGING_CONTAINER_URL to the partner's staging container URL")
	}
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		return nil, nil, none, err
	}
	cc, err := container.NewClient(containerURL, cred, partner.GuardedContainerOptions(nil))
	if err != nil {
		return nil, nil, none, err
	}
	// SAS URLs are signed with a user delegation key valid for the day.
	svcURL := containerURL[:len(containerURL)-len("/"+containerName(containerURL))]
	svc, err := service.NewClient(svcURL, cred, nil)
	if err != nil {
		return nil, nil, none, err
	}
	now := time.Now().UTC()
	start, expiry := now.Add(-5*time.Minute).Format(time.RFC3339), now.Add(24*time.Hour).Format(time.RFC3339)
	udc, err := svc.GetUserDelegationCredential(ctx, service.KeyInfo{Start: &start, Expiry: &expiry}, nil)
	if err != nil {
		return nil, nil, none, fmt.Errorf("user delegation key: %w", err)
	}
	return client.Client, partner.NewStager(cc, &partner.StagerOptions{UserDelegationCredential: udc, SASLifetime: 23 * time.Hour}), cust, nil
}

func containerName(containerURL string) string { return filepath.Base(containerURL) }
