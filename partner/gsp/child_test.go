package gsp_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// A shard process is this test binary started again with GSP_TEST_CHILD
// set: TestMain then runs one shard job (the shard from GSP_SHARD_INDEX and
// GSP_SHARD_COUNT) and prints its report as JSON instead of running tests.
const childEnv = "GSP_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := runChild(); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// childConfig is what a shard process is told through its environment.
type childConfig struct {
	URL         string        `json:"url"`
	Token       string        `json:"token"`
	CAFile      string        `json:"caFile"`
	BlobHost    string        `json:"blobHost"`
	Journal     string        `json:"journal"`
	Output      string        `json:"output"`
	Delay       time.Duration `json:"delay"`
	Concurrency int           `json:"concurrency"`
}

func runChild() error {
	var cfg childConfig
	if err := json.Unmarshal([]byte(os.Getenv(childEnv)), &cfg); err != nil {
		return err
	}
	shard, err := gsp.ShardFromEnv()
	if err != nil {
		return err
	}
	pemData, err := os.ReadFile(cfg.CAFile)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemData)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr.MaxIdleConnsPerHost = 64 // keep a connection per worker: no new TLS handshakes
	hc := &http.Client{Transport: tr}
	client, err := geocatalog.NewClient(cfg.URL, geocatalogtest.NewStaticCredential(cfg.Token), &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: hc}, AllowedHosts: []string{"127.0.0.1"}, PollFrequency: 10 * time.Millisecond})
	if err != nil {
		return err
	}
	var journal *partner.Journal
	if cfg.Journal != "" {
		if journal, err = partner.OpenJournal(cfg.Journal); err != nil {
			return err
		}
		defer journal.Close()
	}
	rep, err := gsp.Run(context.Background(), client, gsp.Job{
		Source:             gsp.Source{Collections: []string{sourceCollection}},
		Processor:          checksumProcessor(cfg.Delay),
		Output:             outputCollection(cfg.Output),
		Concurrency:        cfg.Concurrency,
		Shard:              shard,
		Journal:            journal,
		StorageHosts:       []string{cfg.BlobHost},
		AssetClientOptions: &azcore.ClientOptions{Transport: hc},
	})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

// shardCommand returns the command of shard index of count.
func shardCommand(t testing.TB, f *fixture, cfg childConfig, index, count int) *exec.Cmd {
	t.Helper()
	cfg.URL, cfg.Token, cfg.BlobHost = f.cat.URL, f.token, f.blobHost()
	if cfg.CAFile == "" {
		cfg.CAFile = f.caFile(t)
	}
	b, _ := json.Marshal(cfg)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(b),
		gsp.EnvShardIndex+"="+strconv.Itoa(index), gsp.EnvShardCount+"="+strconv.Itoa(count))
	return cmd
}
