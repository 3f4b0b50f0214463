package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// program is the command line of the quickstart.
var program = cli.Program{
	Name: "quickstart",
	About: `Runs the SDK's main job for each customer of a partner: ensures a collection,
creates items whose GeoTIFF assets the catalog copies into managed storage,
searches them, reads an asset back with a SAS token, and delivers an order
(partner/gdp). With no environment settings it runs on loopback: an embedded
GeoCatalog emulator with two customer catalogs and a fake Entra ID.`,
	Env: []cli.Var{
		{Name: "GEOCATALOG_ENDPOINT", Usage: "one catalog, reached with azidentity.DefaultAzureCredential (AZURE_* variables)"},
		{Name: "PARTNER_CONFIG", Usage: "instead: the partner app's tenancy config file (client ID and credential)"},
		{Name: "REGISTRY", Usage: "with PARTNER_CONFIG: the customer registry file; every customer is served"},
		{Name: "QUICKSTART_ASSET_BASE_URL", Usage: "on Azure: an https location the catalogs can read holding asset-0.tif ... asset-11.tif"},
	},
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	err := run(ctx, os.Args[1:], os.Stdout)
	cancel()
	program.Exit(err)
}

// target is one customer catalog to run the quickstart on.
type target struct {
	name   string
	client *geocatalog.Client
}

// run parses the command line, picks the targets (real catalogs or the
// embedded emulators) and runs the quickstart on each.
func run(ctx context.Context, args []string, out io.Writer) error {
	if err := cli.Parse(program.FlagSet(out), args); err != nil {
		return err
	}
	if os.Getenv("GEOCATALOG_ENDPOINT") != "" || os.Getenv("REGISTRY") != "" {
		targets, err := azureTargets(ctx)
		if err != nil {
			return err
		}
		base := os.Getenv("QUICKSTART_ASSET_BASE_URL")
		if base == "" {
			return fmt.Errorf("set QUICKSTART_ASSET_BASE_URL too: where the catalogs can read the sample GeoTIFFs")
		}
		return runAll(ctx, out, targets, base, nil)
	}

	emu, err := startEmbedded()
	if err != nil {
		return err
	}
	defer emu.Close()
	fmt.Fprintf(out, "embedded: GeoCatalog emulator + fake Entra ID on loopback (set GEOCATALOG_ENDPOINT or REGISTRY for Azure)\n")
	targets, err := emu.targets(ctx)
	if err != nil {
		return err
	}
	return runAll(ctx, out, targets, emu.assets.URL, emu.srv.Client())
}

// runAll runs the quickstart on every target in turn.
func runAll(ctx context.Context, out io.Writer, targets []target, assetBase string, httpClient *http.Client) error {
	for _, t := range targets {
		fmt.Fprintf(out, "\n== customer %s: %s\n", t.name, t.client.Endpoint())
		if _, err := quickstart(ctx, out, t.client, assetBase, httpClient); err != nil {
			return fmt.Errorf("customer %s: %w", t.name, err)
		}
		if _, err := deliver(ctx, out, t.name, t.client, assetBase); err != nil {
			return fmt.Errorf("customer %s: %w", t.name, err)
		}
	}
	printNext(out)
	return nil
}

// azureTargets builds the clients for real catalogs from the environment.
func azureTargets(ctx context.Context) ([]target, error) {
	if endpoint := os.Getenv("GEOCATALOG_ENDPOINT"); endpoint != "" {
		cred, err := azidentity.NewDefaultAzureCredential(nil)
		if err != nil {
			return nil, err
		}
		client, err := geocatalog.NewClient(endpoint, cred, nil)
		if err != nil {
			return nil, err
		}
		return []target{{name: "default", client: client}}, nil
	}
	cfg, err := tenancy.LoadConfig(os.Getenv("PARTNER_CONFIG"))
	if err != nil {
		return nil, err
	}
	app, err := tenancy.NewPartnerApp(cfg, nil)
	if err != nil {
		return nil, err
	}
	reg, err := tenancy.LoadRegistry(os.Getenv("REGISTRY"))
	if err != nil {
		return nil, err
	}
	var targets []target
	for _, c := range reg.Customers() {
		client, err := app.Client(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		targets = append(targets, target{name: c.Name, client: client.Client})
	}
	return targets, nil
}

// embedded is the loopback world of the default run: a fake Entra ID with
// two customer tenants that consented to the partner app, and a GeoCatalog
// emulator with one catalog per customer.
type embedded struct {
	entra  *tenancytest.Entra
	srv    *geocatalogtest.Server
	assets *httptest.Server
	app    *tenancy.PartnerApp
	custs  []tenancy.Customer
}

// The partner app of the embedded run (a made-up client ID and secret).
const (
	partnerAppID  = "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f"
	partnerSecret = "quickstart-secret"
)

// startEmbedded starts the fakes and onboards two customers: contoso grants
// the Administrator role on its whole catalog, fabrikam grants write access
// to the two quickstart collections only.
func startEmbedded() (*embedded, error) {
	e := &embedded{entra: tenancytest.NewEntra()}
	e.srv = geocatalogtest.NewServer(&geocatalogtest.Options{TokenValidator: e.entra.TokenValidator()})
	assets, err := serveSampleAssets(sampleItemCount)
	if err != nil {
		e.Close()
		return nil, err
	}
	e.assets = assets
	e.entra.RegisterApp(partnerAppID, tenancytest.WithSecret(partnerSecret), tenancytest.WithDisplayName("Quickstart partner"))
	for _, name := range []string{"contoso", "fabrikam"} {
		tenantID := e.entra.NewTenant()
		cat := e.srv.NewCatalog(geocatalogtest.CatalogOptions{Name: name, TenantID: tenantID})
		cat.Grant(e.entra.Consent(tenantID, partnerAppID), geocatalogtest.RoleAdministrator)
		c := tenancy.Customer{Name: name, TenantID: tenantID, Endpoint: cat.URL}
		if name == "fabrikam" {
			c.Collections = []tenancy.CollectionGrant{
				{ID: collectionID, Access: tenancy.AccessWrite},
				{ID: deliveryCollectionID, Access: tenancy.AccessWrite},
			}
		}
		e.custs = append(e.custs, c)
	}
	e.app, err = tenancy.NewPartnerApp(tenancy.Config{
		ClientID:   partnerAppID,
		Credential: tenancy.CredentialConfig{ClientSecret: tenancy.NewSecret(partnerSecret)},
	}, &tenancy.Options{CredentialOptions: e.entra.ClientOptions(), CatalogOptions: e.srv.ClientOptions()})
	if err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// targets returns one client per customer, each pinned to its tenant.
func (e *embedded) targets(ctx context.Context) ([]target, error) {
	var out []target
	for _, c := range e.custs {
		client, err := e.app.Client(ctx, c, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, target{name: c.Name, client: client.Client})
	}
	return out, nil
}

// Close stops everything startEmbedded started.
func (e *embedded) Close() {
	if e.assets != nil {
		e.assets.Close()
	}
	if e.srv != nil {
		e.srv.Close()
	}
	e.entra.Close()
}
