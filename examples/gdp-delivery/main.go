package main

import (
	"context"
	"os"
	"time"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// program is the command line of gdp-delivery.
var program = cli.Program{
	Name: "gdp-delivery",
	About: `Delivers a generated order of 12 GeoTIFF tiles and their STAC items with
partner/gdp (collection ensured, assets staged with read-only SAS URLs, items
created, awaited and journaled), then delivers it again to show that nothing
is written twice, and prints a summary of each delivery. With no environment
settings it delivers to an embedded GeoCatalog emulator, staging through a
local Azurite (installed with npm on first use).`,
	Env: []cli.Var{
		{Name: "PARTNER_CONFIG", Usage: "the partner app's tenancy config file (client ID and credential)"},
		{Name: "REGISTRY", Usage: "the customer registry file"},
		{Name: "CUSTOMER", Usage: "the customer's name in the registry (set: deliver to Azure)"},
		{Name: "STAGING_CONTAINER_URL", Usage: "the partner's staging container, reached with azidentity.DefaultAzureCredential"},
		{Name: "AZURITE_BLOB", Usage: "offline: the azurite-blob program to run (default: installed with npm)"},
	},
}

// flags are the command-line settings of gdp-delivery.
type flags struct {
	manifest bool
	quiet    bool
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
	program.Exit(err)
}
