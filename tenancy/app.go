package tenancy

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// Default back-off after ErrNotOnboarded.
const (
	// DefaultNotOnboardedBackoff is the first back-off.
	DefaultNotOnboardedBackoff = 30 * time.Second
	// DefaultMaxNotOnboardedBackoff caps the doubling back-off.
	DefaultMaxNotOnboardedBackoff = 15 * time.Minute
)

// Options are the optional settings of a PartnerApp. A nil *Options means
// the defaults.
type Options struct {
	// CredentialOptions configure the credentials' requests to Entra ID:
	// transport, retries, logging, cloud (authority host; Config.AuthorityHost
	// wins when set).
	CredentialOptions azcore.ClientOptions
	// ManagedIdentityOptions configure the managed-identity credential of a
	// managedIdentityClientId source (for example a transport). Nil means
	// the defaults, not CredentialOptions.
	ManagedIdentityOptions *azcore.ClientOptions
	// DisableInstanceDiscovery skips Entra's instance discovery. It is
	// always skipped for an authority host other than Microsoft's clouds
	// (Azure Stack, a test fake).
	DisableInstanceDiscovery bool
	// CatalogOptions are the base options of every catalog client made by
	// PartnerApp.Client (transport, retries, api-version, allowed hosts).
	// The app appends its own policies to copies of them.
	CatalogOptions *geocatalog.ClientOptions
	// NotOnboardedBackoff is how long a tenant that failed with
	// ErrNotOnboarded is not asked again; it doubles on each new failure up
	// to MaxNotOnboardedBackoff. Zero means DefaultNotOnboardedBackoff; a
	// negative value disables the back-off.
	NotOnboardedBackoff time.Duration
	// MaxNotOnboardedBackoff caps the back-off. Zero means
	// DefaultMaxNotOnboardedBackoff.
	MaxNotOnboardedBackoff time.Duration
}

// PartnerApp is the partner's multitenant Entra app with its credential.
// It gives one credential per customer tenant (Credential) and one catalog
// client per customer (Client), each created once. Safe for concurrent use.
type PartnerApp struct {
	clientID      string
	source        string
	authorityHost string
	newCred       func(tenantID string) (azcore.TokenCredential, error)
	catalogOpts   geocatalog.ClientOptions
	backoffMin    time.Duration
	backoffMax    time.Duration

	mu    sync.Mutex // guards creds
	creds map[string]*tenantCredential

	clientsMu sync.Mutex // guards clients; taken before mu, never after
	clients   map[string]*pooledClient
}

// publicAuthorities are Microsoft's authority hosts, where instance
// discovery works.
var publicAuthorities = map[string]bool{
	"login.microsoftonline.com": true, "login.microsoftonline.us": true,
	"login.chinacloudapi.cn": true, "login.partner.microsoftonline.cn": true,
}

// NewPartnerApp validates cfg and prepares the app's credential source. It
// does not contact Entra ID. A certificate file is read here; a workload
// identity token file must exist.
func NewPartnerApp(cfg Config, options *Options) (*PartnerApp, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var opts Options
	if options != nil {
		opts = *options
	}
	credOpts := opts.CredentialOptions
	if cfg.AuthorityHost != "" {
		c := credOpts.Cloud
		c.ActiveDirectoryAuthorityHost = cfg.AuthorityHost
		credOpts.Cloud = c
	}
	host := credOpts.Cloud.ActiveDirectoryAuthorityHost
	if host == "" {
		host = cloud.AzurePublic.ActiveDirectoryAuthorityHost
	}
	u, err := url.Parse(host)
	if err != nil || u.Scheme != "https" {
		return nil, &FieldError{Index: -1, Field: "authorityHost", Problem: fmt.Sprintf("%q must be an https URL", host)}
	}
	disableDiscovery := opts.DisableInstanceDiscovery || !publicAuthorities[strings.ToLower(u.Hostname())]

	a := &PartnerApp{
		clientID:      cfg.ClientID,
		authorityHost: strings.TrimSuffix(host, "/") + "/",
		backoffMin:    opts.NotOnboardedBackoff,
		backoffMax:    opts.MaxNotOnboardedBackoff,
		creds:         map[string]*tenantCredential{},
		clients:       map[string]*pooledClient{},
	}
	if a.backoffMin == 0 {
		a.backoffMin = DefaultNotOnboardedBackoff
	}
	if a.backoffMax == 0 {
		a.backoffMax = DefaultMaxNotOnboardedBackoff
	}
	if opts.CatalogOptions != nil {
		a.catalogOpts = *opts.CatalogOptions
	}
	if err := a.prepareSource(cfg, credOpts, disableDiscovery, opts.ManagedIdentityOptions); err != nil {
		return nil, err
	}
	return a, nil
}

// prepareSource sets newCred for the configured credential source.
func (a *PartnerApp) prepareSource(cfg Config, credOpts azcore.ClientOptions, disableDiscovery bool, miOpts *azcore.ClientOptions) error {
	cc, clientID := cfg.Credential, cfg.ClientID
	switch {
	case !cc.ClientSecret.IsZero():
		a.source = "client secret"
		secret := cc.ClientSecret
		a.newCred = func(tenantID string) (azcore.TokenCredential, error) {
			return azidentity.NewClientSecretCredential(tenantID, clientID, secret.Reveal(), &azidentity.ClientSecretCredentialOptions{
				ClientOptions: credOpts, DisableInstanceDiscovery: disableDiscovery})
		}
	case cc.CertificateFile != "" || !cc.CertificateData.IsZero():
		a.source = "certificate"
		data := []byte(cc.CertificateData.Reveal())
		if cc.CertificateFile != "" {
			var err error
			if data, err = os.ReadFile(cc.CertificateFile); err != nil {
				return &FieldError{Index: -1, Field: "credential.certificateFile", Problem: err.Error()}
			}
		}
		certs, key, err := azidentity.ParseCertificates(data, []byte(cc.CertificatePassword.Reveal()))
		if err != nil {
			return &FieldError{Index: -1, Field: "credential.certificateFile",
				Problem: "not a PEM certificate with its key, nor a PFX file this password opens: " + err.Error()}
		}
		sendChain := cc.SendCertificateChain
		a.newCred = func(tenantID string) (azcore.TokenCredential, error) {
			return azidentity.NewClientCertificateCredential(tenantID, clientID, certs, key, &azidentity.ClientCertificateCredentialOptions{
				ClientOptions: credOpts, DisableInstanceDiscovery: disableDiscovery, SendCertificateChain: sendChain})
		}
	case cc.ManagedIdentityClientID != "":
		a.source = "managed identity " + cc.ManagedIdentityClientID + " as federated credential"
		mo := azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(cc.ManagedIdentityClientID)}
		if miOpts != nil {
			mo.ClientOptions = *miOpts
		}
		mi, err := azidentity.NewManagedIdentityCredential(&mo)
		if err != nil {
			return &FieldError{Index: -1, Field: "credential.managedIdentityClientId", Problem: err.Error()}
		}
		audience := cc.TokenExchangeAudience
		if audience == "" {
			audience = DefaultTokenExchangeAudience
		}
		// One managed-identity token serves every tenant (MSAL caches it).
		assertion := func(ctx context.Context) (string, error) {
			tk, err := mi.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{audience + "/.default"}})
			return tk.Token, err
		}
		a.newCred = func(tenantID string) (azcore.TokenCredential, error) {
			return azidentity.NewClientAssertionCredential(tenantID, clientID, assertion, &azidentity.ClientAssertionCredentialOptions{
				ClientOptions: credOpts, DisableInstanceDiscovery: disableDiscovery})
		}
	default:
		a.source = "workload identity"
		file := cc.WorkloadIdentityTokenFile
		if _, err := os.Stat(file); err != nil {
			return &FieldError{Index: -1, Field: "credential.workloadIdentityTokenFile", Problem: err.Error()}
		}
		a.newCred = func(tenantID string) (azcore.TokenCredential, error) {
			return azidentity.NewWorkloadIdentityCredential(&azidentity.WorkloadIdentityCredentialOptions{
				ClientID: clientID, TenantID: tenantID, TokenFilePath: file,
				ClientOptions: credOpts, DisableInstanceDiscovery: disableDiscovery})
		}
	}
	return nil
}

// ClientID is the app's client ID.
func (a *PartnerApp) ClientID() string { return a.clientID }

// AuthorityHost is the Entra ID authority host the app uses, with a
// trailing slash.
func (a *PartnerApp) AuthorityHost() string { return a.authorityHost }

// String describes the app without any secret.
func (a *PartnerApp) String() string {
	return fmt.Sprintf("tenancy.PartnerApp{clientID: %s, credential: %s, authority: %s}", a.clientID, a.source, a.authorityHost)
}

// GoString is String, for %#v.
func (a *PartnerApp) GoString() string { return a.String() }

// Format prints String for every verb, so that no field is ever printed.
func (a *PartnerApp) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(a.String())) }

// Credential returns the app's credential for a customer tenant (a GUID),
// created on first use and reused: one azidentity credential, with its own
// token cache and lock, per tenant. Its GetToken always asks for tenantID,
// classifies failures (ErrNotOnboarded, ErrPartnerCredential,
// ErrBlockedByPolicy, as *TokenError), shares one token request among
// concurrent callers, and after ErrNotOnboarded returns the remembered
// error without asking Entra ID until the back-off ends.
func (a *PartnerApp) Credential(tenantID string) (azcore.TokenCredential, error) {
	if err := ValidateTenantID(tenantID); err != nil {
		return nil, fmt.Errorf("tenancy: %w", err)
	}
	tenantID = strings.ToLower(tenantID)
	a.mu.Lock()
	defer a.mu.Unlock()
	if c, ok := a.creds[tenantID]; ok {
		return c, nil
	}
	cred, err := a.newCred(tenantID)
	if err != nil {
		return nil, fmt.Errorf("tenancy: credential for tenant %s: %w", tenantID, err)
	}
	c := &tenantCredential{tenantID: tenantID, cred: cred, backoffMin: a.backoffMin, backoffMax: a.backoffMax}
	a.creds[tenantID] = c
	return c, nil
}

// ResetBackoff forgets a tenant's ErrNotOnboarded back-off, for example
// when its admin says consent is now granted: the next call asks Entra ID.
func (a *PartnerApp) ResetBackoff(tenantID string) {
	a.mu.Lock()
	c, ok := a.creds[strings.ToLower(tenantID)]
	a.mu.Unlock()
	if ok {
		c.reset()
	}
}
