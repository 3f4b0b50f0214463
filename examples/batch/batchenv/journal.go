package batchenv

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// EnvTestJournalSAS is FOR TESTS ONLY: the SAS query string of the
// journal container (an Azurite container, which speaks http, where no
// bearer token is sent). When it is set, JournalContainer uses it instead
// of the pool's identity. Never set it on a real pool: the pool's identity
// needs no secret.
const EnvTestJournalSAS = "GSP_TEST_JOURNAL_SAS"

// PoolCredential returns the credential of the pool's user-assigned
// managed identity (ClientID).
func (s Settings) PoolCredential() (azcore.TokenCredential, error) {
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{
		ID: azidentity.ClientID(s.ClientID),
	})
	if err != nil {
		return nil, fmt.Errorf("batchenv: managed identity: %w", err)
	}
	return cred, nil
}

// JournalContainer returns a client of the blob container at
// containerURL (https, without query: no SAS on a command line) that holds
// the shards' journals, authenticated as the pool's identity (it needs
// Storage Blob Data Contributor on the container) and built with
// partner.GuardedContainerOptions. With EnvTestJournalSAS set (tests only)
// the container is reached with that SAS instead, over http too.
func (s Settings) JournalContainer(containerURL string) (*container.Client, error) {
	u, err := url.Parse(containerURL)
	switch {
	case err != nil || u.Host == "" || strings.Trim(u.Path, "/") == "":
		return nil, fmt.Errorf("batchenv: journal container %q is not a container URL", geocatalog.Redact(containerURL))
	case u.RawQuery != "":
		return nil, errors.New("batchenv: the journal container URL must have no query (no SAS: the pool's identity reaches it)")
	}
	opts := partner.GuardedContainerOptions(nil)
	if q := strings.TrimPrefix(strings.TrimSpace(os.Getenv(EnvTestJournalSAS)), "?"); q != "" {
		return container.NewClientWithNoCredential(containerURL+"?"+q, opts)
	}
	if u.Scheme != "https" {
		return nil, fmt.Errorf("batchenv: journal container %s must be an https URL", containerURL)
	}
	cred, err := s.PoolCredential()
	if err != nil {
		return nil, err
	}
	return container.NewClient(containerURL, cred, opts)
}
