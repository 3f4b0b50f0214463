package geocatalog

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"
)

// serviceHostSuffix is the DNS suffix every public GeoCatalog endpoint ends in.
const serviceHostSuffix = ".geocatalog.spatio.azure.com"

// defaultPollFrequency is used when ClientOptions.PollFrequency is zero.
const defaultPollFrequency = time.Second

// Client talks to one GeoCatalog (Microsoft Planetary Computer Pro) endpoint
// with one credential. It is safe for concurrent use. Build one with
// NewClient and reach the API groups through STAC, Ingestion, SAS and Data.
type Client struct {
	internal   *azcore.Client
	pl         runtime.Pipeline
	endpoint   *url.URL // scheme, host and optional path prefix (no trailing slash)
	apiVersion string
	pollFreq   time.Duration
	// allowedHosts are ClientOptions.AllowedHosts, lower case.
	allowedHosts []string

	sas    *SASClient
	tracer tracing.Tracer // for flows built on the client; see Tracer
}

// NewClient creates a Client for endpoint (for example
// "https://mycatalog.abc123.uksouth.geocatalog.spatio.azure.com") that
// authenticates with cred, asking for tokens of scope Scope.
//
// The endpoint must use https. Its host must end in
// ".geocatalog.spatio.azure.com" unless the host is listed in
// options.AllowedHosts (an emulator, an API proxy or a sovereign cloud).
// The endpoint may carry a path prefix (an API proxy); it must not carry a
// query or fragment. The bearer token is only ever sent to this endpoint:
// every URL the service hands back (next links, operation locations) is
// rebased onto it, and a redirect is never followed (it fails with a
// *RedirectError). Response bodies are capped per call kind
// (ClientOptions.ResponseLimits).
func NewClient(endpoint string, cred azcore.TokenCredential, options *ClientOptions) (*Client, error) {
	if cred == nil {
		return nil, &InvalidArgumentError{Op: "NewClient", Param: "cred", Reason: "must not be nil"}
	}
	var opts ClientOptions
	if options != nil {
		opts = *options
	}
	u, err := parseEndpoint(endpoint, opts.AllowedHosts)
	if err != nil {
		return nil, err
	}
	apiVersion := opts.APIVersion
	if apiVersion == "" {
		apiVersion = DefaultAPIVersion
	}
	if strings.ContainsAny(apiVersion, "&=#? /") {
		return nil, &InvalidArgumentError{Op: "NewClient", Param: "APIVersion", Reason: fmt.Sprintf("%q is not a valid api-version", apiVersion)}
	}
	pollFreq := opts.PollFrequency
	if pollFreq <= 0 {
		pollFreq = defaultPollFrequency
	}
	azOpts := opts.ClientOptions
	// Response bodies carry SAS tokens (/sas/token, signed hrefs) and request
	// bodies carry ingestion-source SAS tokens: never log bodies.
	azOpts.Logging.IncludeBody = false
	// api-version is added per request by the client itself (links the
	// service returns may carry their own).
	azOpts.APIVersion = ""
	limits := opts.ResponseLimits
	prefix := u.EscapedPath()
	// Never follow a redirect (the token would go with it), strip secrets
	// from response headers before azcore logs them, cap response sizes.
	azOpts.Transport = newGuardTransport(azOpts.Transport, func(r *http.Request) (callKind, int64) {
		kind := classifyCall(strings.TrimPrefix(r.URL.EscapedPath(), prefix))
		return kind, limits.limit(kind)
	})

	c := &Client{endpoint: u, apiVersion: apiVersion, pollFreq: pollFreq}
	for _, h := range opts.AllowedHosts {
		c.allowedHosts = append(c.allowedHosts, strings.ToLower(strings.TrimSpace(h)))
	}
	bearer := runtime.NewBearerTokenPolicy(cred, []string{Scope}, nil)
	ic, err := azcore.NewClient(moduleName, ModuleVersion, runtime.PipelineOptions{
		PerRetry:               []policy.Policy{originGuardPolicy{c: c}, bearer, downloadPolicy{}},
		AllowedHeaders:         []string{"operation-location", "x-request-id", "x-ms-error-code", "x-azure-ref", "api-supported-versions", "retry-after-ms"},
		AllowedQueryParameters: []string{"limit", "$top", "$skip", "collectionId", "status", "bbox", "datetime", "sign", "duration", "durationInMinutes"},
		Tracing:                runtime.TracingOptions{Namespace: "Microsoft.Orbital"},
	}, &azOpts)
	if err != nil {
		return nil, err
	}
	c.internal = ic
	c.tracer = azOpts.TracingProvider.NewTracer(moduleName, ModuleVersion)
	c.pl = ic.Pipeline()
	c.sas = newSASClient(c)
	return c, nil
}

// Endpoint returns the endpoint the client was built for, without a
// trailing slash.
func (c *Client) Endpoint() string { return c.endpoint.String() }

// Tracer returns a tracer of ClientOptions.TracingProvider (a no-op tracer
// when none is set), for flows built on the client to add their own spans;
// the client's spans become their children. Unlike azcore's client tracer,
// its spans share no state with their descendants, so that concurrent calls
// below one span are safe.
func (c *Client) Tracer() tracing.Tracer { return c.tracer }

// APIVersion returns the api-version the client sends.
func (c *Client) APIVersion() string { return c.apiVersion }

// STAC returns the client of the STAC API (collections, items, search,
// queryables, collection configuration).
func (c *Client) STAC() *STACClient { return &STACClient{c: c} }

// Ingestion returns the client of the ingestion management API (ingestion
// sources, ingestions, runs, operations).
func (c *Client) Ingestion() *IngestionClient { return &IngestionClient{c: c} }

// SAS returns the client of the shared access signature API. The returned
// client is shared: its token cache lives as long as c.
func (c *Client) SAS() *SASClient { return c.sas }

// parseEndpoint checks the endpoint rules and returns the normalised URL.
func parseEndpoint(endpoint string, allowedHosts []string) (*url.URL, error) {
	bad := func(reason string) error {
		return &InvalidArgumentError{Op: "NewClient", Param: "endpoint", Reason: reason}
	}
	if endpoint == "" {
		return nil, bad("must not be empty")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, bad("not a URL: " + err.Error())
	}
	if !strings.EqualFold(u.Scheme, "https") {
		return nil, bad("must use https")
	}
	if u.User != nil {
		return nil, bad("must not carry user information")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, bad("must not carry a query or fragment")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return nil, bad("has no host")
	}
	if !hostAllowed(host, allowedHosts) {
		return nil, bad(fmt.Sprintf("host %q is not a GeoCatalog host (*%s); list it in ClientOptions.AllowedHosts to allow it", host, serviceHostSuffix))
	}
	out := &url.URL{Scheme: "https", Host: strings.ToLower(u.Host), Path: strings.TrimRight(u.Path, "/")}
	if u.RawPath != "" {
		out.RawPath = strings.TrimRight(u.RawPath, "/")
	}
	return out, nil
}

func hostAllowed(host string, allowed []string) bool {
	if strings.HasSuffix(host, serviceHostSuffix) && len(host) > len(serviceHostSuffix) {
		return true
	}
	for _, h := range allowed {
		if strings.EqualFold(strings.TrimSpace(h), host) {
			return true
		}
	}
	return false
}

// newRequest builds a request for the endpoint plus path (an already escaped
// absolute path such as "/stac/collections/" + url.PathEscape(id)), with the
// query and the client's api-version (unless query has one already).
func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values) (*policy.Request, error) {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u := *c.endpoint
	u.RawPath = ""
	u.Path = ""
	raw := c.endpoint.EscapedPath() + path
	p, err := url.PathUnescape(raw)
	if err != nil {
		return nil, &InvalidArgumentError{Op: method + " " + path, Param: "path", Reason: err.Error()}
	}
	u.Path = p
	u.RawPath = raw
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	if q.Get("api-version") == "" {
		q.Set("api-version", c.apiVersion)
	}
	u.RawQuery = q.Encode()
	return runtime.NewRequest(ctx, method, u.String())
}

// do sends req through the pipeline. A response whose status is one of
// okStatus (200 when none is given) is returned as is; any other status
// becomes an *azcore.ResponseError built by the package's error decoder.
func (c *Client) do(req *policy.Request, okStatus ...int) (_ *http.Response, err error) {
	if len(okStatus) == 0 {
		okStatus = []int{http.StatusOK}
	}
	// A span per call (suppressed inside a pager's or poller's span) puts
	// the tracer in the context, which turns on azcore's HTTP span policy.
	ctx, endSpan := runtime.StartSpan(req.Raw().Context(), "GeoCatalog."+req.Raw().Method, c.internal.Tracer(), nil)
	defer func() { endSpan(err) }()
	req = req.WithContext(ctx)
	resp, err := c.pl.Do(req)
	if err != nil {
		return nil, err
	}
	if !runtime.HasStatusCode(resp, okStatus...) {
		return nil, newResponseError(resp)
	}
	return resp, nil
}

// originGuardPolicy refuses to send any request (and so any bearer token) to
// a scheme and host other than the client's endpoint.
type originGuardPolicy struct{ c *Client }

// Do implements policy.Policy.
func (g originGuardPolicy) Do(req *policy.Request) (*http.Response, error) {
	u := req.Raw().URL
	if !strings.EqualFold(u.Scheme, g.c.endpoint.Scheme) || !strings.EqualFold(u.Host, g.c.endpoint.Host) {
		return nil, &UnsafeURLError{URL: redactURL(u.String()), Reason: "request to another origin than the client's endpoint refused"}
	}
	return req.Next()
}
