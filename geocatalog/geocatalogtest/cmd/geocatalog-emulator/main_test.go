package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// childEnv makes the test binary run the command itself (main), so that
// the tests start the emulator as a child process without a build step.
const childEnv = "GEOCATALOG_EMULATOR_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// child is a running emulator process and what it printed.
type child struct {
	cmd    *exec.Cmd
	vars   map[string]string
	stderr *strings.Builder
	done   chan error
}

// startChild starts the emulator with args and waits for GEOCATALOG_READY.
func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, vars: map[string]string{}, stderr: &strings.Builder{}, done: make(chan error, 1)}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), "=")
			c.vars[k] = v
			if k == "GEOCATALOG_READY" {
				close(ready)
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
		c.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	select {
	case <-ready:
	case err := <-c.done:
		t.Fatalf("emulator exited before ready: %v\n%s", err, c.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("emulator not ready after 60 s\n%s", c.stderr)
	}
	return c
}

// stop sends sig and checks a clean exit within 5 s.
func (c *child) stop(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("exit after %v: %v\n%s", sig, err, c.stderr)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no exit 5 s after %v\n%s", sig, c.stderr)
	}
}

// caClient is an HTTP client trusting only the CA file, as curl --cacert
// or SSL_CERT_FILE would.
func caClient(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("CA file holds no certificate")
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// getJSON GETs u with bearer (none when empty) and decodes the answer.
func getJSON(t *testing.T, hc *http.Client, u, bearer string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil && resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// TestEmulatorRawHTTP starts the command on a fixed address with two
// catalogs and NDJSON items, then talks to it as curl would: the CA file,
// the printed bearer, the token endpoint with the printed client
// credentials; and stops it with SIGINT.
func TestEmulatorRawHTTP(t *testing.T) {
	addr := freeLoopbackAddr(t)
	c := startChild(t, "-addr", addr, "-catalogs", "2", "-load", "testdata/items.ndjson")
	v := c.vars
	if v["GEOCATALOG_ENDPOINT"] != "https://"+addr {
		t.Fatalf("endpoint %q, want https://%s", v["GEOCATALOG_ENDPOINT"], addr)
	}
	eps := strings.Split(v["GEOCATALOG_ENDPOINTS"], ",")
	if len(eps) != 2 || eps[0] != v["GEOCATALOG_ENDPOINT"] {
		t.Fatalf("endpoints %q", v["GEOCATALOG_ENDPOINTS"])
	}
	hc := caClient(t, v["GEOCATALOG_CA_FILE"])
	api := "?api-version=" + url.QueryEscape(geocatalog.DefaultAPIVersion)

	var items struct {
		Features []struct {
			ID     string `json:"id"`
			Assets map[string]struct {
				Href string `json:"href"`
			} `json:"assets"`
		} `json:"features"`
	}
	if st := getJSON(t, hc, eps[0]+"/stac/collections/ndjson-demo/items"+api, v["GEOCATALOG_TOKEN"], &items); st != http.StatusOK {
		t.Fatalf("items: status %d", st)
	}
	if len(items.Features) != 3 {
		t.Fatalf("%d items loaded, want 3", len(items.Features))
	}
	for _, f := range items.Features {
		if h := f.Assets["data"].Href; h != "https://example.invalid/"+f.ID+".tif" {
			t.Errorf("item %s asset href %q, want the original", f.ID, h)
		}
	}
	if st := getJSON(t, hc, eps[0]+"/stac/collections"+api, "", nil); st != http.StatusUnauthorized {
		t.Errorf("no bearer: status %d, want 401", st)
	}

	// The client credentials grant at the printed token endpoint gives a
	// token the second catalog accepts too.
	resp, err := hc.PostForm(v["GEOCATALOG_TOKEN_ENDPOINT"], url.Values{
		"grant_type": {"client_credentials"}, "client_id": {v["AZURE_CLIENT_ID"]},
		"client_secret": {v["AZURE_CLIENT_SECRET"]}, "scope": {geocatalog.Scope},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || tok.AccessToken == "" {
		t.Fatalf("token endpoint: %s %v", resp.Status, err)
	}
	var cols struct {
		Collections []json.RawMessage `json:"collections"`
	}
	if st := getJSON(t, hc, eps[1]+"/stac/collections"+api, tok.AccessToken, &cols); st != http.StatusOK || len(cols.Collections) != 0 {
		t.Fatalf("second catalog: status %d, %d collections (want 200, 0: -load fills the first)", st, len(cols.Collections))
	}
	caFile := v["GEOCATALOG_CA_FILE"]
	c.stop(t, os.Interrupt)
	if _, err := os.Stat(caFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary CA file left behind: %v", err)
	}
}

// TestEmulatorSDK loads a collection folder, then reaches the catalog with
// this SDK signing in through the fake Entra ID with the printed client
// credentials (azidentity), and stops the emulator with SIGTERM.
func TestEmulatorSDK(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	c := startChild(t, "-load", "testdata/folder", "-ca-file", caFile, "-latency", "1ms", "-faults", "seed=7")
	v := c.vars
	if v["GEOCATALOG_CA_FILE"] != caFile {
		t.Fatalf("CA file %q, want %q", v["GEOCATALOG_CA_FILE"], caFile)
	}
	hc := caClient(t, caFile)
	cred, err := azidentity.NewClientSecretCredential(v["AZURE_TENANT_ID"], v["AZURE_CLIENT_ID"], v["AZURE_CLIENT_SECRET"], &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            azcore.ClientOptions{Cloud: cloud.Configuration{ActiveDirectoryAuthorityHost: v["AZURE_AUTHORITY_HOST"]}, Transport: hc},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := geocatalog.NewClient(v["GEOCATALOG_ENDPOINT"], cred, &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: hc}, AllowedHosts: []string{"127.0.0.1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	col, err := client.STAC().GetCollection(ctx, "folder-demo", nil)
	if err != nil {
		t.Fatal(err)
	}
	if col.License != "CC-BY-4.0" {
		t.Errorf("collection license %q: collection.json not loaded as is", col.License)
	}
	var ids []string
	for it, err := range client.STAC().ListItems(ctx, "folder-demo", nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, it.ID)
	}
	if strings.Join(ids, ",") != "item-a,item-b" && strings.Join(ids, ",") != "item-b,item-a" {
		t.Fatalf("items %v, want item-a and item-b", ids)
	}
	c.stop(t, syscall.SIGTERM)
	if _, err := os.Stat(caFile); err != nil {
		t.Errorf("the -ca-file the caller chose must stay: %v", err)
	}
}

// TestEmulatorBadFlags checks that bad flags fail before anything starts.
func TestEmulatorBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-addr", "0.0.0.0:0"},
		{"-catalogs", "0"},
		{"-faults", "throttle=2"},
		{"-faults", "bogus=1"},
		{"-load", "testdata/missing.ndjson"},
		{"extra"},
	} {
		var stderr strings.Builder
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if code := run(ctx, args, io.Discard, &stderr); code == 0 {
			t.Errorf("%q: exit 0, want a failure", args)
		} else if !strings.Contains(stderr.String(), "geocatalog-emulator") && !strings.Contains(stderr.String(), "Usage") {
			t.Errorf("%q: stderr %q names no cause", args, stderr.String())
		}
	}
}

// TestParseFaults checks the -faults and -latency mapping.
func TestParseFaults(t *testing.T) {
	f, err := parseFaults("throttle=0.1, error=0.05,drop=0.01,opfail=0.2,rate=50,retry-after=2s,seed=9", 30*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if f.ThrottleRate != 0.1 || f.ErrorRate != 0.05 || f.DropRate != 0.01 || f.OperationFailureRate != 0.2 ||
		f.RateLimit != 50 || f.RetryAfter != 2*time.Second || f.Seed != 9 || f.Latency["*"] != 30*time.Millisecond {
		t.Fatalf("faults %+v", f)
	}
	if _, err := parseFaults("error", 0); err == nil {
		t.Error("a key without value was accepted")
	}
	if _, err := parseFaults("", -time.Second); err == nil {
		t.Error("a negative latency was accepted")
	}
}

// TestEmulatorFaults checks that -faults reaches every catalog.
func TestEmulatorFaults(t *testing.T) {
	c := startChild(t, "-catalogs", "2", "-faults", "error=1,seed=1")
	hc := caClient(t, c.vars["GEOCATALOG_CA_FILE"])
	for _, ep := range strings.Split(c.vars["GEOCATALOG_ENDPOINTS"], ",") {
		if st := getJSON(t, hc, ep+"/stac/collections?api-version="+url.QueryEscape(geocatalog.DefaultAPIVersion), c.vars["GEOCATALOG_TOKEN"], nil); st != http.StatusServiceUnavailable {
			t.Errorf("%s with error=1: status %d, want 503", ep, st)
		}
	}
	c.stop(t, os.Interrupt)
}

// TestEmulatorStopWhileLoading: a stop (ctx done) during -load is a clean
// exit, not a failure.
func TestEmulatorStopWhileLoading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	if code := run(ctx, []string{"-load", "testdata/items.ndjson"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopped before it was ready") || strings.Contains(stdout.String(), "GEOCATALOG_READY") {
		t.Fatalf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
}
