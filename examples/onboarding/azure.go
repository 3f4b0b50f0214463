package main

import (
	"context"
	"fmt"
	"io"

	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/geocatalog-partner/sdk-go/tenancy/onboarding"
)

// runAzure verifies the registry's customers (or the one named) against
// Entra ID, Microsoft Graph and the customers' GeoCatalogs.
func runAzure(ctx context.Context, out io.Writer, s *settings) error {
	reg, err := tenancy.LoadRegistry(s.registryPath)
	if err != nil {
		return err
	}
	customers := reg.Customers()
	if s.customer != "" {
		c, ok := reg.Customer(s.customer)
		if !ok {
			return fmt.Errorf("customer %q is not in %s (it has: %v)", s.customer, s.registryPath, reg.Names())
		}
		customers = []tenancy.Customer{c}
	}
	app, err := tenancy.NewPartnerApp(s.config, nil)
	if err != nil {
		return err
	}
	reports, err := verifyAll(ctx, out, app, customers, &onboarding.VerifyOptions{
		ConsentRedirectURI: s.redirectURI,
		GraphBaseURL:       s.graphBaseURL,
		GraphScope:         s.graphScope,
	})
	if err != nil {
		return err
	}
	for _, r := range reports {
		if !r.OK() {
			return errProblems
		}
	}
	return nil
}

// verifyAll verifies each customer and prints its report.
func verifyAll(ctx context.Context, out io.Writer, app *tenancy.PartnerApp, customers []tenancy.Customer, opts *onboarding.VerifyOptions) ([]*onboarding.Report, error) {
	reports := make([]*onboarding.Report, 0, len(customers))
	for _, c := range customers {
		r, err := onboarding.Verify(ctx, app, c, opts)
		if err != nil {
			return reports, fmt.Errorf("customer %s: %w", c.Name, err)
		}
		fmt.Fprintln(out)
		fmt.Fprint(out, r)
		reports = append(reports, r)
	}
	return reports, nil
}
