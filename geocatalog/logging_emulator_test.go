package geocatalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestNoSecretsInLogs turns on every azcore log event, asks for bodies to
// be logged, and checks that no bearer token, SAS token or signature shows
// up while SAS tokens, signed hrefs and an ingestion source are handled.
func TestNoSecretsInLogs(t *testing.T) {
	logged := captureLogs(t)

	srv, _ := newEmulator(t, nil)
	opts := srv.ClientOptions()
	opts.Logging.IncludeBody = true
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	await(client.STAC().BeginCreateCollection(ctx, testCollection("logs"), nil)).done(t)
	tok, err := client.SAS().GetToken(ctx, "logs", nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := client.SAS().Sign(ctx, srv.BlobURL+"/logs-x/a.tif", nil)
	if err != nil {
		t.Fatal(err)
	}
	const sourceSecret = "SOURCESECRETSIG"
	if _, err := client.Ingestion().CreateSource(ctx, geocatalog.IngestionSource{
		Kind:           geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://p.blob.core.windows.net/c", SASToken: "sv=1&sr=c&sp=rl&sig=" + sourceSecret},
	}, nil); err != nil {
		t.Fatal(err)
	}
	for _, err := range client.STAC().SearchItems(ctx, &stac.SearchRequest{Collections: []string{"logs"}}, &geocatalog.SearchOptions{Sign: &geocatalog.SignOption{}}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	bearer, err := srv.Credential().GetToken(ctx, policyOpts())
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{bearer.Token, tok.Token, sourceSecret}
	if i := strings.Index(signed.Href, "sig="); i >= 0 {
		secrets = append(secrets, signed.Href[i:])
	}
	all := logged()
	if all == "" {
		t.Fatal("nothing logged")
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(all, s) {
			t.Errorf("secret %.12s... found in the log", s)
		}
	}
	if strings.Contains(all, "sasToken") {
		t.Error("a request body was logged")
	}
}
