package tenancy

import (
	"fmt"
	"net/url"
	"os"
	"strings"
)

// DefaultTokenExchangeAudience is the audience of the managed-identity
// token a partner app exchanges as a federated credential (public cloud;
// US Gov: api://AzureADTokenExchangeUSGov, China: api://AzureADTokenExchangeChina).
const DefaultTokenExchangeAudience = "api://AzureADTokenExchange"

// Config describes the partner's multitenant app: its client ID and exactly
// one credential source. It reads from JSON (LoadConfig):
//
//	{"clientId": "…GUID…",
//	 "authorityHost": "https://login.microsoftonline.com/",
//	 "credential": {"managedIdentityClientId": "…GUID…"}}
//
// Secrets are tenancy.Secret values: printing or marshalling a Config never
// shows them.
type Config struct {
	// ClientID is the app (client) ID of the partner's multitenant app.
	ClientID string `json:"clientId"`
	// AuthorityHost is the Entra ID authority host, for example
	// https://login.microsoftonline.us/ for US Gov. Empty means
	// Options.CredentialOptions.Cloud, or the public cloud.
	AuthorityHost string `json:"authorityHost,omitempty"`
	// Credential is the app's credential source.
	Credential CredentialConfig `json:"credential"`
}

// CredentialConfig is the partner app's credential: set exactly one source.
type CredentialConfig struct {
	// ClientSecret is a client secret of the app.
	ClientSecret Secret `json:"clientSecret,omitzero"`

	// CertificateFile is a PEM (certificate and unencrypted key) or PFX
	// (PKCS#12) file of a certificate registered on the app.
	CertificateFile string `json:"certificateFile,omitempty"`
	// CertificateData is the PEM or PFX content itself, instead of a file
	// (set in code with NewSecret(string(data)); not read from JSON). It
	// holds a private key, so it is a Secret.
	CertificateData Secret `json:"-"`
	// CertificatePassword decrypts a PFX file.
	CertificatePassword Secret `json:"certificatePassword,omitzero"`
	// SendCertificateChain sends the x5c header (subject name and issuer
	// authentication).
	SendCertificateChain bool `json:"sendCertificateChain,omitempty"`

	// ManagedIdentityClientID is the client ID of a user-assigned managed
	// identity of the partner's home tenant that the app trusts as a
	// federated identity credential (the secretless way): its token for
	// api://AzureADTokenExchange is exchanged for the app's token in each
	// customer tenant.
	ManagedIdentityClientID string `json:"managedIdentityClientId,omitempty"`
	// TokenExchangeAudience overrides DefaultTokenExchangeAudience.
	TokenExchangeAudience string `json:"tokenExchangeAudience,omitempty"`

	// WorkloadIdentityTokenFile is the projected service-account token of
	// Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE), trusted by
	// the app as a federated credential. It is re-read as it rotates.
	WorkloadIdentityTokenFile string `json:"workloadIdentityTokenFile,omitempty"`
}

// source names the configured credential sources.
func (c CredentialConfig) sources() []string {
	var s []string
	if !c.ClientSecret.IsZero() {
		s = append(s, "clientSecret")
	}
	if c.CertificateFile != "" || !c.CertificateData.IsZero() {
		s = append(s, "certificate")
	}
	if c.ManagedIdentityClientID != "" {
		s = append(s, "managedIdentityClientId")
	}
	if c.WorkloadIdentityTokenFile != "" {
		s = append(s, "workloadIdentityTokenFile")
	}
	return s
}

// Validate checks the configuration; the error is a *FieldError naming the
// field.
func (c Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Index: -1, Field: field, Problem: fmt.Sprintf(format, args...)}
	}
	if c.ClientID == "" {
		return bad("clientId", "is missing")
	}
	if !guidPattern.MatchString(c.ClientID) {
		return bad("clientId", "%q is not a GUID", c.ClientID)
	}
	if c.AuthorityHost != "" {
		u, err := url.Parse(c.AuthorityHost)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" {
			return bad("authorityHost", "%q must be an https URL such as https://login.microsoftonline.com/", c.AuthorityHost)
		}
	}
	cc := c.Credential
	switch src := cc.sources(); len(src) {
	case 0:
		return bad("credential", "set one of clientSecret, certificateFile, managedIdentityClientId, workloadIdentityTokenFile")
	case 1:
	default:
		return bad("credential", "set exactly one source, not %s", strings.Join(src, " and "))
	}
	if cc.CertificateFile != "" && !cc.CertificateData.IsZero() {
		return bad("credential.certificateFile", "set certificateFile or CertificateData, not both")
	}
	if !cc.CertificatePassword.IsZero() && cc.CertificateFile == "" && cc.CertificateData.IsZero() {
		return bad("credential.certificatePassword", "is only for a certificate")
	}
	if cc.SendCertificateChain && cc.CertificateFile == "" && cc.CertificateData.IsZero() {
		return bad("credential.sendCertificateChain", "is only for a certificate")
	}
	if cc.ManagedIdentityClientID != "" && !guidPattern.MatchString(cc.ManagedIdentityClientID) {
		return bad("credential.managedIdentityClientId", "%q is not a GUID (the user-assigned identity's client ID)", cc.ManagedIdentityClientID)
	}
	if cc.TokenExchangeAudience != "" && cc.ManagedIdentityClientID == "" {
		return bad("credential.tokenExchangeAudience", "is only for managedIdentityClientId")
	}
	return nil
}

// LoadConfig reads a partner app configuration from a JSON file (unknown
// fields are errors) and validates it.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("tenancy: partner config: %w", err)
	}
	var c Config
	if err := decodeStrict(data, &c); err != nil {
		return Config{}, fmt.Errorf("tenancy: partner config %s: %w", path, err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, &ConfigError{Path: path, Err: err}
	}
	return c, nil
}

// ConfigError is an invalid partner configuration file.
type ConfigError struct {
	// Path is the file.
	Path string
	// Err is the problem, a *FieldError.
	Err error
}

// Error names the file and the problem.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("tenancy: partner config %s: %s", e.Path, strings.TrimPrefix(e.Err.Error(), "tenancy: "))
}

// Unwrap returns the problem.
func (e *ConfigError) Unwrap() error { return e.Err }
