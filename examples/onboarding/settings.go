package main

import (
	"errors"
	"fmt"

	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// settings are the environment settings of a run against Azure.
type settings struct {
	config       tenancy.Config
	registryPath string
	customer     string
	redirectURI  string
	graphBaseURL string
	graphScope   string
}

// settingNames are the variables that select a run against Azure.
var settingNames = []string{"PARTNER_CONFIG", "PARTNER_CLIENT_ID", "PARTNER_CLIENT_SECRET", "PARTNER_CERTIFICATE_FILE",
	"PARTNER_MANAGED_IDENTITY_CLIENT_ID", "REGISTRY", "CUSTOMER"}

// loadSettings reads the settings; nil when none is set (offline demo).
func loadSettings(getenv func(string) string) (*settings, error) {
	set := false
	for _, n := range settingNames {
		if getenv(n) != "" {
			set = true
		}
	}
	if !set {
		return nil, nil
	}
	s := &settings{registryPath: getenv("REGISTRY"), customer: getenv("CUSTOMER"), redirectURI: getenv("CONSENT_REDIRECT_URI"),
		graphBaseURL: getenv("GRAPH_BASE_URL"), graphScope: getenv("GRAPH_SCOPE")}
	if s.registryPath == "" {
		return nil, errors.New("set REGISTRY to the customer registry file")
	}
	if path := getenv("PARTNER_CONFIG"); path != "" {
		cfg, err := tenancy.LoadConfig(path)
		if err != nil {
			return nil, err
		}
		s.config = cfg
		return s, nil
	}
	s.config = tenancy.Config{
		ClientID: getenv("PARTNER_CLIENT_ID"),
		Credential: tenancy.CredentialConfig{
			ClientSecret:            tenancy.NewSecret(getenv("PARTNER_CLIENT_SECRET")),
			CertificateFile:         getenv("PARTNER_CERTIFICATE_FILE"),
			CertificatePassword:     tenancy.NewSecret(getenv("PARTNER_CERTIFICATE_PASSWORD")),
			ManagedIdentityClientID: getenv("PARTNER_MANAGED_IDENTITY_CLIENT_ID"),
		},
	}
	if err := s.config.Validate(); err != nil {
		return nil, fmt.Errorf("partner settings (PARTNER_CLIENT_ID and one credential variable): %w", err)
	}
	return s, nil
}
