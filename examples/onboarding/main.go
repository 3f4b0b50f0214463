package main

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// program is the command line of onboarding.
var program = cli.Program{
	Name: "onboarding",
	About: `Prints each customer's admin-consent URL and onboarding report: is the partner
app's service principal in the customer tenant and enabled, does a token
come, can the app reach, read and write the customer's GeoCatalog, and what
must the customer do. With no environment settings it runs offline on
embedded fakes (Entra ID, Microsoft Graph, GeoCatalog) with two customers.
Exit status: 0 when every report is clean, 2 when a report lists problems,
1 on an error.`,
	Env: []cli.Var{
		{Name: "PARTNER_CONFIG", Usage: "the partner app's tenancy config file; or instead:"},
		{Name: "PARTNER_CLIENT_ID", Usage: "the partner app's client ID, with one credential variable:"},
		{Name: "PARTNER_CLIENT_SECRET", Usage: "  a client secret,"},
		{Name: "PARTNER_CERTIFICATE_FILE", Usage: "  a certificate (PEM or PFX; PARTNER_CERTIFICATE_PASSWORD for an encrypted PFX),"},
		{Name: "PARTNER_MANAGED_IDENTITY_CLIENT_ID", Usage: "  a managed identity the app trusts as a federated credential"},
		{Name: "REGISTRY", Usage: "the customer registry file"},
		{Name: "CUSTOMER", Usage: "optional: one customer's name (default: all)"},
		{Name: "CONSENT_REDIRECT_URI", Usage: "optional: a redirect URI registered on the app, to print admin-consent URLs"},
		{Name: "GRAPH_BASE_URL, GRAPH_SCOPE", Usage: "optional: Microsoft Graph of a national cloud"},
	},
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	err := run(ctx, os.Args[1:], os.Stdout, os.Getenv)
	cancel()
	if errors.Is(err, errProblems) {
		os.Exit(2)
	}
	program.Exit(err)
}

// errProblems means a report listed problems (against Azure).
var errProblems = errors.New("some customers are not ready")

// run parses the command line, reads the settings and runs against Azure,
// or offline when none are given.
func run(ctx context.Context, args []string, out io.Writer, getenv func(string) string) error {
	if err := cli.Parse(program.FlagSet(out), args); err != nil {
		return err
	}
	s, err := loadSettings(getenv)
	if err != nil {
		return err
	}
	if s == nil {
		return runEmbedded(ctx, out)
	}
	return runAzure(ctx, out, s)
}
