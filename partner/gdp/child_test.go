package gdp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// childEnv names the variable that makes the test binary a delivering child
// process (the kill/resume test re-executes itself): its value is the path
// of a childConfig file.
const childEnv = "GDP_TEST_CHILD"

// childConfig is what a child needs to deliver into the parent's emulator
// and Azurite.
type childConfig struct {
	Endpoint       string `json:"endpoint"`
	Token          string `json:"token"`
	CertPEM        string `json:"certPEM"`
	ContainerURL   string `json:"containerURL"`
	JournalPath    string `json:"journalPath"`
	OrderPath      string `json:"orderPath"`
	CollectionJSON string `json:"collectionJSON"`
	BatchItems     int    `json:"batchItems"`
}

// serverCertPEM returns the emulator's certificate so that a child process
// can trust it.
func serverCertPEM(srv *geocatalogtest.Server) (string, error) {
	return string(srv.CertPEM()), nil
}

// runChild delivers the configured order and prints its report as JSON.
func runChild() int {
	if err := child(os.Getenv(childEnv)); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

func child(configPath string) error {
	b, err := os.ReadFile(configPath)
	if err != nil {
		return err
	}
	var cfg childConfig
	if err := json.Unmarshal(b, &cfg); err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(cfg.CertPEM))
	transport := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	client, err := geocatalog.NewClient(cfg.Endpoint, geocatalogtest.NewStaticCredential(cfg.Token), &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: transport, Retry: policy.RetryOptions{RetryDelay: 20 * time.Millisecond}},
		AllowedHosts:  []string{"127.0.0.1"}, PollFrequency: 10 * time.Millisecond,
	})
	if err != nil {
		return err
	}
	cred, err := azblob.NewSharedKeyCredential(azurite.AccountName, azurite.AccountKey)
	if err != nil {
		return err
	}
	cc, err := container.NewClientWithSharedKeyCredential(cfg.ContainerURL, cred, nil)
	if err != nil {
		return err
	}
	var col stac.Collection
	if err := json.Unmarshal([]byte(cfg.CollectionJSON), &col); err != nil {
		return err
	}
	rep, err := gdp.Deliver(context.Background(), client, gdp.Order{Collection: &col, Items: gdp.NDJSONFile(cfg.OrderPath)},
		&gdp.DeliverOptions{Stager: partner.NewStager(cc, nil), JournalPath: cfg.JournalPath, MaxBatchItems: cfg.BatchItems})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}
