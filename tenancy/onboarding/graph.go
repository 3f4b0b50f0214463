package onboarding

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	absser "github.com/microsoft/kiota-abstractions-go/serialization"
	khttp "github.com/microsoft/kiota-http-go"
	jsonserialization "github.com/microsoft/kiota-serialization-json-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
	graphauth "github.com/microsoftgraph/msgraph-sdk-go-core/authentication"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipalswithappid"
)

// graphClient is a Microsoft Graph request adapter pinned to one customer
// tenant: its token comes from the app's credential for that tenant.
type graphClient struct {
	adapter *msgraphcore.GraphRequestAdapterBase
}

// newGraphClient builds a Graph adapter over cred (the app's credential for
// the customer tenant, whose GetToken always asks for that tenant: kiota never
// sets TokenRequestOptions.TenantID itself).
//
// The allowed hosts of the authentication provider are the base URL's host:
// kiota sends the token only to allowed hosts and silently sends none
// elsewhere (AUTH.md §5.1), so a custom base URL needs its host listed.
func newGraphClient(cred azcore.TokenCredential, o *VerifyOptions) (*graphClient, error) {
	base := strings.TrimRight(o.GraphBaseURL, "/")
	if base == "" {
		base = DefaultGraphBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !isLoopback(u.Hostname())) {
		return nil, fmt.Errorf("onboarding: GraphBaseURL %q must be an absolute https URL (http only for loopback)", o.GraphBaseURL)
	}
	auth, err := graphauth.NewAzureIdentityAuthenticationProviderWithScopesAndValidHosts(cred, []string{o.graphScope()}, []string{u.Hostname()})
	if err != nil {
		return nil, fmt.Errorf("onboarding: Graph authentication: %w", err)
	}
	clientOptions := msgraphcore.GraphClientOptions{}
	httpClient := o.GraphHTTPClient
	switch {
	case httpClient != nil:
	case o.GraphTransport != nil:
		httpClient = newGraphHTTPClient(o.GraphTransport)
	default:
		httpClient = defaultGraphHTTPClient()
	}
	// A private parse-node registry: the package does not touch kiota's
	// global defaults (the root msgraph package would).
	parsers := absser.NewParseNodeFactoryRegistry()
	parsers.ContentTypeAssociatedFactories["application/json"] = jsonserialization.NewJsonParseNodeFactory()
	adapter, err := msgraphcore.NewGraphRequestAdapterBaseWithParseNodeFactoryAndSerializationWriterFactoryAndHttpClient(
		auth, clientOptions, parsers, nil, httpClient)
	if err != nil {
		return nil, fmt.Errorf("onboarding: Graph adapter: %w", err)
	}
	adapter.SetBaseUrl(base)
	return &graphClient{adapter: adapter}, nil
}

// newGraphHTTPClient puts Graph's default middleware (retries, redirects,
// telemetry) over transport (nil: kiota's default transport).
func newGraphHTTPClient(transport http.RoundTripper) *http.Client {
	return &http.Client{Transport: khttp.NewCustomTransportWithParentTransport(transport,
		msgraphcore.GetDefaultMiddlewaresWithOptions(&msgraphcore.GraphClientOptions{})...)}
}

// defaultGraphHTTPClient is shared by every Verify call that sets neither
// GraphHTTPClient nor GraphTransport, so that they share connections.
var defaultGraphHTTPClient = sync.OnceValue(func() *http.Client { return newGraphHTTPClient(nil) })

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// servicePrincipal reads the app's own service principal in the tenant:
// GET /servicePrincipals(appId='{appID}')?$select=id,appId,displayName,accountEnabled.
// An app may read its own service principal with no Graph permission. A
// Graph error answer is a *GraphError.
func (g *graphClient) servicePrincipal(ctx context.Context, appID string) (ServicePrincipal, error) {
	b := serviceprincipalswithappid.NewServicePrincipalsWithAppIdRequestBuilderInternal(map[string]string{}, g.adapter, &appID)
	res, err := b.Get(ctx, &serviceprincipalswithappid.ServicePrincipalsWithAppIdRequestBuilderGetRequestConfiguration{
		QueryParameters: &serviceprincipalswithappid.ServicePrincipalsWithAppIdRequestBuilderGetQueryParameters{
			Select: []string{"id", "appId", "displayName", "accountEnabled"},
		},
	})
	if err != nil {
		if ge := toGraphError(err); ge != nil {
			return ServicePrincipal{}, ge
		}
		return ServicePrincipal{}, err
	}
	if res == nil {
		return ServicePrincipal{}, errors.New("onboarding: Microsoft Graph returned no service principal")
	}
	sp := ServicePrincipal{Found: true, GraphChecked: true}
	if v := res.GetAccountEnabled(); v != nil {
		sp.Enabled = *v
	}
	if v := res.GetId(); v != nil {
		sp.ObjectID = *v
	}
	if v := res.GetDisplayName(); v != nil {
		sp.DisplayName = *v
	}
	return sp, nil
}

// GraphError is an error answer of Microsoft Graph.
type GraphError struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is Graph's error code, such as "Authorization_RequestDenied".
	Code string
	// Message is Graph's error message.
	Message string
}

// Error gives the status, code and message.
func (e *GraphError) Error() string {
	s := fmt.Sprintf("onboarding: Microsoft Graph answered %d", e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// toGraphError converts kiota's error of a Graph answer (whose Error method
// panics when the body had no error member) into a *GraphError, or returns
// nil for another error (a token or transport failure).
func toGraphError(err error) *GraphError {
	var oe *odataerrors.ODataError
	if errors.As(err, &oe) {
		ge := &GraphError{StatusCode: oe.ResponseStatusCode}
		if me := oe.GetErrorEscaped(); me != nil {
			if c := me.GetCode(); c != nil {
				ge.Code = *c
			}
			if m := me.GetMessage(); m != nil {
				ge.Message = *m
			}
		}
		return ge
	}
	type statusCoder interface{ GetStatusCode() int }
	var sc statusCoder
	if errors.As(err, &sc) && sc.GetStatusCode() != 0 {
		return &GraphError{StatusCode: sc.GetStatusCode()}
	}
	return nil
}

// graphScope is the scope of the Graph token.
func (o *VerifyOptions) graphScope() string {
	if o.GraphScope != "" {
		return o.GraphScope
	}
	return GraphScope
}
