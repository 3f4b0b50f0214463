package geocatalog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// sourceURLSecret is the signature of the test SAS tokens: it must never
// appear in an error.
const sourceURLSecret = "S0URCEURLSECRET"

func sasSource(containerURL string) geocatalog.IngestionSource {
	return geocatalog.IngestionSource{
		Kind: geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{
			ContainerURL: containerURL,
			SASToken:     "sv=2024-01-01&sr=c&sp=rl&se=2099-01-01T00:00:00Z&sig=" + sourceURLSecret,
		},
	}
}

// newSourceEmulator is an emulator whose client also allows the
// non-loopback emulator host "azurite.test".
func newSourceEmulator(t *testing.T) (*geocatalogtest.Server, *geocatalog.Client) {
	t.Helper()
	srv := geocatalogtest.NewServer(nil)
	t.Cleanup(srv.Close)
	opts := srv.ClientOptions()
	opts.AllowedHosts = append(opts.AllowedHosts, "azurite.test")
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return srv, client
}

// TestSourceContainerURLEmulatorForms registers the path-style container
// URLs of Azurite (http on loopback) and of the GeoCatalog emulator (https
// on an IP address), and the virtual-hosted form of Azure Storage; each is
// stored as given and can be rotated with ReplaceSource.
func TestSourceContainerURLEmulatorForms(t *testing.T) {
	_, client := newSourceEmulator(t)
	in := client.Ingestion()
	ctx := context.Background()
	accepted := []string{
		"http://127.0.0.1:10000/devstoreaccount1/staging-1", // Azurite
		"http://localhost:10000/devstoreaccount1/staging-2", // Azurite by name
		"http://[::1]:10000/devstoreaccount1/staging-3",     // Azurite over IPv6
		"https://127.0.0.1:4443/geocatalogemu/deliveries",   // the emulator's blob endpoint
		"https://10.1.2.3:10000/devstoreaccount1/remote",    // an emulator on another machine, over https
		"https://azurite.test:10000/devstoreaccount1/named", // an AllowedHosts host, path-style
		"https://azurite.test/named-virtual",                // an AllowedHosts host, one segment
		"https://partner.blob.core.windows.net/deliveries",  // Azure Storage
		"https://partner.blob.core.windows.net/$root",
	}
	for _, u := range accepted {
		t.Run(u, func(t *testing.T) {
			src, err := in.CreateSource(ctx, sasSource(u), nil)
			if err != nil {
				t.Fatalf("CreateSource: %v", err)
			}
			got, err := in.GetSource(ctx, src.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.ConnectionInfo.ContainerURL != u || got.Kind != geocatalog.IngestionSourceKindSASToken {
				t.Fatalf("stored %+v", got)
			}
			if _, err := in.ReplaceSource(ctx, src.ID, sasSource(u), nil); err != nil {
				t.Fatalf("ReplaceSource: %v", err)
			}
		})
	}
}

// TestSourceContainerURLRefused: every other container URL is refused with
// an *InvalidArgumentError naming the container URL, before any request,
// and the error never quotes the SAS.
func TestSourceContainerURLRefused(t *testing.T) {
	srv, client := newSourceEmulator(t)
	in := client.Ingestion()
	ctx := context.Background()
	refused := map[string]string{
		"http on Azure Storage":              "http://partner.blob.core.windows.net/deliveries",
		"http on a non-loopback IP":          "http://10.0.0.5:10000/devstoreaccount1/c",
		"http on a non-loopback allowed":     "http://azurite.test:10000/devstoreaccount1/c",
		"path-style on Azure Storage":        "https://partner.blob.core.windows.net/partner/deliveries",
		"path-style on an unknown host":      "https://storage.example.com/acct/deliveries",
		"three segments on loopback":         "http://127.0.0.1:10000/devstoreaccount1/c/extra",
		"three segments on an allowed host":  "https://azurite.test/devstoreaccount1/c/extra",
		"account only on loopback":           "http://127.0.0.1:10000/devstoreaccount1",
		"account only on localhost":          "http://localhost:10000/devstoreaccount1",
		"trailing slash path-style":          "http://127.0.0.1:10000/devstoreaccount1/c/",
		"trailing slash virtual-hosted":      "https://partner.blob.core.windows.net/deliveries/",
		"empty segment":                      "https://127.0.0.1/devstoreaccount1//c",
		"no container":                       "https://partner.blob.core.windows.net",
		"only a slash":                       "https://partner.blob.core.windows.net/",
		"query":                              "http://127.0.0.1:10000/devstoreaccount1/c?sig=" + sourceURLSecret,
		"empty query":                        "https://partner.blob.core.windows.net/deliveries?",
		"fragment":                           "https://partner.blob.core.windows.net/deliveries#x",
		"user information":                   "https://user:" + sourceURLSecret + "@partner.blob.core.windows.net/deliveries",
		"ftp":                                "ftp://127.0.0.1/devstoreaccount1/c",
		"relative":                           "devstoreaccount1/c",
		"empty":                              "",
		"upper case container":               "https://partner.blob.core.windows.net/Deliveries",
		"escaped slash in container":         "https://partner.blob.core.windows.net/a%2Fb",
		"container with double hyphen":       "https://partner.blob.core.windows.net/a--b",
		"container too long":                 "https://partner.blob.core.windows.net/" + strings.Repeat("c", 64),
		"account with underscore":            "http://127.0.0.1:10000/dev_store/c",
		"account too long":                   "http://127.0.0.1:10000/" + strings.Repeat("a", 25) + "/c",
		"path-style account upper case":      "https://127.0.0.1:4443/GeoCatalogEmu/deliveries",
		"not a URL":                          "http://127.0.0.1:10000/%zz/c",
		"http on loopback-looking host name": "http://127.0.0.1.example.com/devstoreaccount1/c",
	}
	cat := srv.DefaultCatalog()
	cat.ResetStats()
	for name, u := range refused {
		t.Run(name, func(t *testing.T) {
			for op, call := range map[string]func() error{
				"CreateSource": func() error { _, err := in.CreateSource(ctx, sasSource(u), nil); return err },
				"ReplaceSource": func() error {
					_, err := in.ReplaceSource(ctx, "00000000-0000-0000-0000-000000000001", sasSource(u), nil)
					return err
				},
			} {
				err := call()
				var ia *geocatalog.InvalidArgumentError
				if !errors.As(err, &ia) || ia.Op != op || ia.Param != "source.ConnectionInfo.ContainerURL" || ia.Reason == "" {
					t.Fatalf("%s: got %T %v, want *InvalidArgumentError on the container URL", op, err, err)
				}
				if strings.Contains(err.Error(), sourceURLSecret) {
					t.Fatalf("%s: error quotes the secret: %v", op, err)
				}
			}
		})
	}
	if n := cat.Stats().Total; n != 0 {
		t.Fatalf("%d request(s) reached the emulator", n)
	}
}
