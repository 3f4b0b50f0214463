package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// summary is what the emulator prints once it is ready.
type summary struct {
	Endpoints     []string
	BlobURL       string
	CAFile        string
	AuthorityHost string
	TokenEndpoint string
	App           app
	Token         token
}

// writeSummary prints s as KEY=VALUE lines a shell can source and a program
// can parse; GEOCATALOG_READY=1 comes last. The values hold no spaces or
// quotes. The names follow the azidentity environment variables
// (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET,
// AZURE_AUTHORITY_HOST) where one exists.
func writeSummary(w io.Writer, s summary) {
	lines := [][2]string{
		{"GEOCATALOG_ENDPOINT", s.Endpoints[0]},
		{"GEOCATALOG_ENDPOINTS", strings.Join(s.Endpoints, ",")},
		{"GEOCATALOG_BLOB_URL", s.BlobURL},
		{"GEOCATALOG_CA_FILE", s.CAFile},
		{"AZURE_AUTHORITY_HOST", s.AuthorityHost},
		{"GEOCATALOG_TOKEN_ENDPOINT", s.TokenEndpoint},
		{"AZURE_TENANT_ID", s.App.TenantID},
		{"AZURE_CLIENT_ID", s.App.ClientID},
		{"AZURE_CLIENT_SECRET", s.App.Secret},
		{"GEOCATALOG_TOKEN", s.Token.Value},
		{"GEOCATALOG_TOKEN_EXPIRES_ON", s.Token.ExpiresOn.UTC().Format(time.RFC3339)},
		{"GEOCATALOG_READY", "1"},
	}
	for _, kv := range lines {
		fmt.Fprintf(w, "%s=%s\n", kv[0], kv[1])
	}
}
