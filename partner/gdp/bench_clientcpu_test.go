package gdp_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// benchClientEnv makes the test binary the delivering client of
// BenchmarkDeliverClientCPU: its value is the path of a benchClientConfig.
// benchClientProfileEnv, when set in the benchmark's environment, names a
// file for the client's CPU profile.
const (
	benchClientEnv        = "GDP_BENCH_CLIENT"
	benchClientProfileEnv = "GDP_BENCH_CLIENT_CPUPROFILE"
)

type benchClientConfig struct {
	Endpoint, Token, CertPEM, Collection, NAIPPath string
	Items, Batch, Concurrency                      int
	Limit                                          float64
}

// benchClientResult is what the client process prints.
type benchClientResult struct {
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration"`
	CPU      time.Duration `json:"cpu"`
	Created  int           `json:"created"`
	Requests int64         `json:"requests"`
	Err      string        `json:"err,omitempty"`
}

func init() {
	// The client process: deliver, print the result, exit (before TestMain).
	if path := os.Getenv(benchClientEnv); path != "" {
		res := runBenchClient(path)
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
}

func runBenchClient(path string) (res benchClientResult) {
	fail := func(err error) benchClientResult { res.Err = err.Error(); return res }
	b, err := os.ReadFile(path)
	if err != nil {
		return fail(err)
	}
	var cfg benchClientConfig
	if err := json.Unmarshal(b, &cfg); err != nil {
		return fail(err)
	}
	items, err := loadBenchItems(cfg.NAIPPath, cfg.Items)
	if err != nil {
		return fail(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM([]byte(cfg.CertPEM))
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 128
	pacer := partner.NewPacer(cfg.Limit)
	client, err := geocatalog.NewClient(cfg.Endpoint, geocatalogtest.NewStaticCredential(cfg.Token), &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: &http.Client{Transport: tr}, PerRetryPolicies: []policy.Policy{pacer.Policy()}},
		AllowedHosts:  []string{"127.0.0.1"}, PollFrequency: 10 * time.Millisecond,
	})
	if err != nil {
		return fail(err)
	}
	if p := os.Getenv(benchClientProfileEnv); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	order := gdp.Order{Collection: gdp.CollectionFor(cfg.Collection, "bench", "proprietary", items[:1]), Items: gdp.ItemSlice(items)}
	runtime.GC()
	cpu0 := processCPU()
	rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{
		Pacer: pacer, MaxBatchItems: cfg.Batch, Concurrency: cfg.Concurrency, BulkThreshold: -1, ConfirmByLookup: true,
	})
	res.CPU = processCPU() - cpu0
	if err != nil {
		return fail(err)
	}
	res.Started, res.Duration, res.Created, res.Requests = rep.Started, rep.Duration, rep.Created, rep.Requests
	return res
}

// loadBenchItems is benchItems for the client process (no testing.B).
func loadBenchItems(path string, n int) ([]*stac.Item, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var base []*stac.Item
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			var it stac.Item
			if err := it.UnmarshalJSON(line); err != nil {
				return nil, err
			}
			base = append(base, &it)
		}
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("no items in %s", path)
	}
	out := make([]*stac.Item, 0, n)
	for i := 0; len(out) < n; i++ {
		it := base[i%len(base)].Clone()
		it.ID = fmt.Sprintf("%s-%d", it.ID, i/len(base))
		it.Assets = map[string]*stac.Asset{}
		out = append(out, it)
	}
	return out, nil
}

// BenchmarkDeliverClientCPU is BenchmarkDeliverRateLimited with the client
// in a process of its own (this test binary, run again), so that the CPU
// time of the client and of the emulator are measured apart. It prints the
// client CPU seconds per 1,000 items, the emulator's (this process), items/s
// against the ideal and the 429s after the first second. With
// GDP_BENCH_CLIENT_CPUPROFILE=file the client writes its CPU profile there.
func BenchmarkDeliverClientCPU(b *testing.B) {
	const n, limit, batch = 10000, 50.0, 100
	for i := range b.N {
		srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
		cat := srv.DefaultCatalog()
		principal := geocatalogtest.Principal{TenantID: geocatalogtest.DefaultTenantID, ObjectID: "bench-client"}
		cat.Grant(principal.ObjectID, geocatalogtest.RoleAdministrator)
		srv.Tokens().Add("bench-client-token", principal)
		certPEM, err := serverCertPEM(srv)
		if err != nil {
			b.Fatal(err)
		}
		cfg, _ := json.Marshal(benchClientConfig{
			Endpoint: srv.URL, Token: "bench-client-token", CertPEM: certPEM, Collection: fmt.Sprintf("bench-cpu-%d", i),
			NAIPPath: ordertest.NAIPPath(b), Items: n, Batch: batch, Concurrency: 24, Limit: limit,
		})
		cfgPath := filepath.Join(b.TempDir(), "client.json")
		if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
			b.Fatal(err)
		}
		cat.SetFaults(geocatalogtest.Faults{Latency: map[string]time.Duration{"*": 20 * time.Millisecond}, RateLimit: limit})
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), benchClientEnv+"="+cfgPath)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		runtime.GC()
		cpu0 := processCPU()
		b.StartTimer()
		err = cmd.Run()
		b.StopTimer()
		emulatorCPU := processCPU() - cpu0
		var res benchClientResult
		if err != nil || json.Unmarshal(out.Bytes(), &res) != nil || res.Err != "" || res.Created != n {
			b.Fatalf("client: %v %s; %s; %s", err, res.Err, out.Bytes(), errOut.Bytes())
		}
		late429, all429 := count429(cat.Exchanges(), res.Started)
		ideal := limit * batch
		rate := float64(n) / res.Duration.Seconds()
		perK := func(d time.Duration) float64 { return d.Seconds() * 1000 / n }
		b.ReportMetric(rate, "items/s")
		b.ReportMetric(100*rate/ideal, "%ideal")
		b.ReportMetric(float64(late429), "429-after-1s")
		b.ReportMetric(float64(res.Requests), "requests")
		b.ReportMetric(perK(res.CPU), "client-CPU-s/1000items")
		b.ReportMetric(perK(emulatorCPU), "emulator-CPU-s/1000items")
		b.Logf("%d items in %s: %.0f items/s = %.1f%% of the ideal %.0f; %d requests; 429s: %d (after 1 s: %d); CPU per 1,000 items: client %.3f s (delivery only, in its own process), emulator %.3f s (this process, while the client ran)",
			n, res.Duration.Round(time.Millisecond), rate, 100*rate/ideal, ideal, res.Requests, all429, late429, perK(res.CPU), perK(emulatorCPU))
		srv.Close()
	}
}
