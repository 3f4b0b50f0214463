package tenancy

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// ClientOptions are the optional parameters of PartnerApp.Client (none
// yet; nil is the default). The options of the catalog clients themselves
// are Options.CatalogOptions.
type ClientOptions struct{}

// ClientResponse is the outcome of PartnerApp.Client. It embeds the
// customer's *geocatalog.Client, so its operation groups (STAC, Data,
// Ingestion, ...) are called on it directly; pass resp.Client where a
// *geocatalog.Client is wanted.
type ClientResponse struct {
	*geocatalog.Client
}

// pooledClient is a customer's cached catalog client.
type pooledClient struct {
	customer Customer
	client   *geocatalog.Client
}

// Client returns the catalog client of customer: created on the first call
// and then reused, one per customer, with its own bearer-token policy
// pinned to the customer's tenant (a bearer policy caches a single token,
// so clients are never shared between tenants). It adds to the base
// CatalogOptions:
//   - the classification of 401 and 403 answers as ErrAccessRevoked
//     (*AccessRevokedError);
//   - for a customer that lists granted collections, the confinement to
//     them (ErrCollectionNotGranted, before any request is sent).
//
// Token failures surface from every call as *TokenError (ErrNotOnboarded,
// ErrPartnerCredential, ErrBlockedByPolicy). Client does not contact any
// service; ctx is only checked. A record that changed (same name, other
// tenant, endpoint or grants) gets a new client. options may be nil.
func (a *PartnerApp) Client(ctx context.Context, customer Customer, options *ClientOptions) (ClientResponse, error) {
	if err := ctx.Err(); err != nil {
		return ClientResponse{}, err
	}
	if err := customer.Validate(); err != nil {
		return ClientResponse{}, err
	}
	client, err := a.cachedClient(customer)
	if err != nil {
		return ClientResponse{}, err
	}
	return ClientResponse{Client: client}, nil
}

// cachedClient returns the cached client of customer, or creates it.
func (a *PartnerApp) cachedClient(customer Customer) (*geocatalog.Client, error) {
	key := strings.ToLower(customer.Name)
	a.clientsMu.Lock()
	defer a.clientsMu.Unlock()
	if pc, ok := a.clients[key]; ok && sameCustomer(pc.customer, customer) {
		return pc.client, nil
	}
	cred, err := a.Credential(customer.TenantID)
	if err != nil {
		return nil, err
	}
	opts := a.catalogOpts
	opts.PerCallPolicies = slices.Clone(opts.PerCallPolicies)
	opts.PerCallPolicies = append(opts.PerCallPolicies, accessPolicy{customer: customer.Name, tenantID: customer.TenantID})
	if customer.Scoped() {
		opts.PerCallPolicies = append(opts.PerCallPolicies, newScopePolicy(customer))
	}
	client, err := geocatalog.NewClient(customer.Endpoint, cred, &opts)
	if err != nil {
		return nil, err
	}
	customer.Collections = slices.Clone(customer.Collections)
	a.clients[key] = &pooledClient{customer: customer, client: client}
	return client, nil
}

func sameCustomer(a, b Customer) bool {
	return a.Name == b.Name && strings.EqualFold(a.TenantID, b.TenantID) &&
		endpointKey(a.Endpoint) == endpointKey(b.Endpoint) && slices.Equal(a.Collections, b.Collections)
}

// accessPolicy turns 401 and 403 answers into *AccessRevokedError.
type accessPolicy struct {
	customer string
	tenantID string
}

// Do implements policy.Policy.
func (p accessPolicy) Do(req *policy.Request) (*http.Response, error) {
	resp, err := req.Next()
	if err != nil || resp == nil {
		return resp, err
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return resp, &AccessRevokedError{Customer: p.customer, TenantID: p.tenantID, StatusCode: resp.StatusCode,
			Err: geocatalog.NewResponseError(resp)}
	}
	return resp, nil
}
