package batchenv

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// Environment variables read by FromEnv.
const (
	// EnvCatalogURL is the GeoCatalog endpoint.
	EnvCatalogURL = "GEOCATALOG_ENDPOINT"
	// EnvClientID is the client ID of the pool's user-assigned identity.
	EnvClientID = "AZURE_CLIENT_ID"
	// EnvPartnerApp is the client ID of the partner's multitenant app
	// (partner pools only).
	EnvPartnerApp = "PARTNER_CLIENT_ID"
	// EnvTenantID is the customer's tenant (partner pools only).
	EnvTenantID = "GEOCATALOG_TENANT_ID"
	// EnvCustomer names the customer in logs and errors (partner pools;
	// default: the catalog host).
	EnvCustomer = "CUSTOMER"
	// EnvAuthorityHost is the Entra ID authority host (sovereign clouds;
	// default: the public cloud). azidentity reads it too.
	EnvAuthorityHost = "AZURE_AUTHORITY_HOST"
	// EnvTestCAFile is FOR TESTS ONLY: a PEM file of extra CA certificates
	// to trust (an emulated catalog and Entra ID on loopback). When it is
	// set, the catalog's host is also allowed although it is not
	// *.geocatalog.spatio.azure.com. Never set it on a real pool.
	EnvTestCAFile = "GEOCATALOG_TEST_CA_FILE"
)

// Settings are the task's connection settings.
type Settings struct {
	CatalogURL    string
	ClientID      string
	PartnerAppID  string
	TenantID      string
	Customer      string
	AuthorityHost string
	TestCAFile    string
}

// FromEnv reads the settings from the environment.
func FromEnv() (Settings, error) {
	s := Settings{
		CatalogURL:    strings.TrimSpace(os.Getenv(EnvCatalogURL)),
		ClientID:      strings.TrimSpace(os.Getenv(EnvClientID)),
		PartnerAppID:  strings.TrimSpace(os.Getenv(EnvPartnerApp)),
		TenantID:      strings.TrimSpace(os.Getenv(EnvTenantID)),
		Customer:      strings.TrimSpace(os.Getenv(EnvCustomer)),
		AuthorityHost: strings.TrimSpace(os.Getenv(EnvAuthorityHost)),
		TestCAFile:    strings.TrimSpace(os.Getenv(EnvTestCAFile)),
	}
	var missing []string
	if s.CatalogURL == "" {
		missing = append(missing, EnvCatalogURL)
	}
	if s.ClientID == "" {
		missing = append(missing, EnvClientID+" (a pool's identity must be user-assigned)")
	}
	if s.PartnerAppID != "" && s.TenantID == "" {
		missing = append(missing, EnvTenantID+" (the customer's tenant, with "+EnvPartnerApp+")")
	}
	if len(missing) > 0 {
		return s, fmt.Errorf("batchenv: set %s", strings.Join(missing, ", "))
	}
	return s, nil
}

// Mode says which way the task authenticates: "customer-pool" or
// "partner-pool".
func (s Settings) Mode() string {
	if s.PartnerAppID != "" {
		return "partner-pool"
	}
	return "customer-pool"
}

// transport returns the HTTP client for the catalog and Entra ID: the
// default one, or one that also trusts the test CA file.
func (s Settings) transport() (*http.Client, error) {
	if s.TestCAFile == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(s.TestCAFile)
	if err != nil {
		return nil, fmt.Errorf("batchenv: %s: %w", EnvTestCAFile, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("batchenv: %s holds no PEM certificate", EnvTestCAFile)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr.MaxIdleConnsPerHost = 32
	return &http.Client{Transport: tr}, nil
}

// ClientOptions returns the options of the catalog client (the test CA
// and host when EnvTestCAFile is set).
func (s Settings) ClientOptions() (*geocatalog.ClientOptions, error) {
	hc, err := s.transport()
	if err != nil {
		return nil, err
	}
	opts := &geocatalog.ClientOptions{}
	if hc != nil {
		opts.Transport = hc
		if u, err := url.Parse(s.CatalogURL); err == nil {
			opts.AllowedHosts = []string{u.Hostname()}
		}
	}
	return opts, nil
}

// Connect returns a client of the catalog, authenticated with the pool's
// identity directly (customer pool) or as the partner's app in the
// customer's tenant (partner pool).
func Connect(ctx context.Context, s Settings) (*geocatalog.Client, error) {
	opts, err := s.ClientOptions()
	if err != nil {
		return nil, err
	}
	if s.PartnerAppID == "" {
		cred, err := s.PoolCredential()
		if err != nil {
			return nil, err
		}
		return geocatalog.NewClient(s.CatalogURL, cred, opts)
	}
	var credOpts azcore.ClientOptions
	if opts.Transport != nil {
		credOpts.Transport = opts.Transport
	}
	app, err := tenancy.NewPartnerApp(tenancy.Config{
		ClientID:      s.PartnerAppID,
		AuthorityHost: s.AuthorityHost,
		Credential:    tenancy.CredentialConfig{ManagedIdentityClientID: s.ClientID},
	}, &tenancy.Options{CredentialOptions: credOpts, CatalogOptions: opts})
	if err != nil {
		return nil, fmt.Errorf("batchenv: partner app: %w", err)
	}
	name := s.Customer
	if name == "" {
		if u, err := url.Parse(s.CatalogURL); err == nil {
			name = u.Hostname()
		}
	}
	client, err := app.Client(ctx, tenancy.Customer{Name: name, TenantID: s.TenantID, Endpoint: s.CatalogURL}, nil)
	if err != nil {
		var fe *tenancy.FieldError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("batchenv: customer settings: %w", err)
		}
		return nil, err
	}
	return client.Client, nil
}
