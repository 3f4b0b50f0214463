package onboarding

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// Verify checks that customer is ready for app and returns a report with
// one action per problem (see the package documentation for the checks).
// Failed checks are not errors: they are in Report.Problems. The error is
// for invalid arguments and for ctx ending.
//
// Verify may run concurrently for several customers of one app. It is an
// explicit check: it first forgets any ErrNotOnboarded
// back-off of the customer tenant (tenancy.PartnerApp.ResetBackoff), so that
// a customer who just consented is seen at once.
//
// Requests sent: up to two token requests (Graph and GeoCatalog scopes), one
// Graph GET, GET /stac/collections and the write probe, which changes
// nothing (see "The write probe" in the package documentation).
func Verify(ctx context.Context, app *tenancy.PartnerApp, customer tenancy.Customer, options *VerifyOptions) (*Report, error) {
	if app == nil {
		return nil, errors.New("onboarding: app is nil")
	}
	if err := customer.Validate(); err != nil {
		return nil, err
	}
	var o VerifyOptions
	if options != nil {
		o = *options
	}
	r := &Report{Customer: customer.Name, TenantID: customer.TenantID, Endpoint: customer.Endpoint, AppID: app.ClientID()}
	if o.ConsentRedirectURI != "" {
		u, err := app.AdminConsentURL(customer.TenantID, o.ConsentRedirectURI, &tenancy.AdminConsentURLOptions{State: o.ConsentState})
		if err != nil {
			return nil, err
		}
		r.ConsentURL = u
	}
	app.ResetBackoff(customer.TenantID)
	cred, err := app.Credential(customer.TenantID)
	if err != nil {
		return nil, err
	}
	v := &verifier{app: app, customer: customer, opts: &o, cred: cred, r: r}
	if !o.SkipGraph {
		if v.graph, err = newGraphClient(cred, &o); err != nil {
			return nil, err
		}
	}
	steps := []func(context.Context) error{v.checkServicePrincipal, v.checkToken, v.checkCatalog, v.checkWrite}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// verifier runs the checks of one Verify call.
type verifier struct {
	app      *tenancy.PartnerApp
	customer tenancy.Customer
	opts     *VerifyOptions
	cred     azcore.TokenCredential
	r        *Report
	client   *geocatalog.Client // the app's client for the customer, once made
	graph    *graphClient       // nil with SkipGraph

	// graphTokenErr is a Graph token failure that says nothing about the
	// service principal.
	graphTokenErr error
}

func (v *verifier) problem(c Check, err error, format string, args ...any) {
	v.r.Problems = append(v.r.Problems, Problem{Check: c, Action: fmt.Sprintf(format, args...), Err: err})
}

// checkServicePrincipal gets a Graph token in the customer tenant (Entra ID
// refuses it when the service principal is missing or disabled) and reads
// the service principal from Graph.
func (v *verifier) checkServicePrincipal(ctx context.Context) error {
	_, err := v.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{v.opts.graphScope()}})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		v.spFromTokenError(err)
		return nil
	}
	v.r.ServicePrincipal = ServicePrincipal{Found: true, Enabled: true}
	if v.graph == nil {
		return nil
	}
	sp, err := v.graph.servicePrincipal(ctx, v.app.ClientID())
	var ge *GraphError
	switch {
	case err != nil && ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &ge) && ge.StatusCode == http.StatusNotFound:
		// Entra ID issued a token in the tenant, so the service principal
		// exists: Graph lags behind (directory replication right after
		// consent), or the base URL is wrong.
		v.problem(CheckServicePrincipal, err,
			"Partner: Microsoft Graph does not find the app's service principal in tenant %s although Entra ID issued a token there; retry in a few minutes (directory replication after consent), else check GraphBaseURL", v.customer.TenantID)
	case err != nil:
		// Entra ID issued a token, so the service principal exists and is
		// enabled; only the details are missing.
		v.problem(CheckServicePrincipal, err,
			"Partner: Microsoft Graph did not return the app's service principal in tenant %s (the token was issued, so it exists); check GraphBaseURL and the network path to Graph", v.customer.TenantID)
	default:
		v.r.ServicePrincipal = sp
		if !sp.Enabled {
			v.problem(CheckServicePrincipal, nil, "%s", v.enableAction())
		}
	}
	return nil
}

// spFromTokenError sets the service principal check from a refused Graph
// token: Entra ID names a missing (AADSTS7000229, 700016, 700011) or disabled
// (7000112) service principal.
func (v *verifier) spFromTokenError(err error) {
	var te *tenancy.TokenError
	if !errors.As(err, &te) {
		v.graphTokenErr = err
		return
	}
	switch te.Code {
	case 7000229, 700016, 700011, 65001:
		v.r.ServicePrincipal = ServicePrincipal{}
		v.problem(CheckServicePrincipal, err, "%s", v.consentAction())
	case 7000112:
		v.r.ServicePrincipal = ServicePrincipal{Found: true}
		v.problem(CheckServicePrincipal, err, "%s", v.enableAction())
	default:
		// Not about the service principal: the token check reports it.
		v.graphTokenErr = err
	}
}

func (v *verifier) consentAction() string {
	a := "Grant admin consent to " + appRef(v.app, v.r.ServicePrincipal) + " in tenant " + v.customer.TenantID
	if v.r.ConsentURL != "" {
		a += ": " + v.r.ConsentURL
	} else {
		a += " (open the partner's admin-consent URL)"
	}
	return a + " — or run: az ad sp create --id " + v.app.ClientID()
}

func (v *verifier) enableAction() string {
	return "Enable the service principal of " + appRef(v.app, v.r.ServicePrincipal) + " in tenant " + v.customer.TenantID +
		" (Entra admin center > Enterprise applications > Properties > Enabled for users to sign in: Yes; or: az ad sp update --id " +
		v.app.ClientID() + " --set accountEnabled=true)"
}

// checkToken gets the GeoCatalog token the catalog checks need.
func (v *verifier) checkToken(ctx context.Context) error {
	_, err := v.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
	if err == nil {
		v.r.Token.OK = true
		if v.graphTokenErr != nil {
			// The GeoCatalog token proves the service principal exists
			// and is enabled; only its details are missing.
			v.r.ServicePrincipal = ServicePrincipal{Found: true, Enabled: true}
			v.problem(CheckServicePrincipal, v.graphTokenErr,
				"Partner: Entra ID issued a GeoCatalog token but no Microsoft Graph token in tenant %s; the service principal's details are unknown (retry later)", v.customer.TenantID)
		}
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	v.r.Token.Err = err
	var te *tenancy.TokenError
	switch {
	case !errors.As(err, &te):
		v.problem(CheckToken, err, "Partner: Entra ID did not issue a GeoCatalog token in tenant %s; retry later, and check the partner's network path to Entra ID", v.customer.TenantID)
	case errors.Is(err, tenancy.ErrPartnerCredential):
		v.problem(CheckToken, err, "Partner: Entra ID rejects the partner app's own credential (AADSTS%d); fix the partner configuration (every customer is affected)", te.Code)
	case errors.Is(err, tenancy.ErrBlockedByPolicy):
		v.problem(CheckToken, err, "Allow %s in the Conditional Access policies of tenant %s that apply to workload identities (AADSTS%d)",
			appRef(v.app, v.r.ServicePrincipal), v.customer.TenantID, te.Code)
	case te.Code == 90002:
		v.problem(CheckToken, err, "Partner: tenant %s does not exist (AADSTS90002); check the tenant ID recorded for %s", v.customer.TenantID, v.customer.Name)
	case te.Code == 500011:
		v.problem(CheckToken, err, "Create a GeoCatalog (Microsoft Planetary Computer Pro) in tenant %s, or give the partner the tenant that holds it (AADSTS500011: GeoCatalog is not provisioned there)", v.customer.TenantID)
	case v.r.has(CheckServicePrincipal):
		// Same cause as the service principal problem: one action is enough.
	default:
		v.problem(CheckToken, err, "%s", v.consentAction())
	}
	return nil
}
