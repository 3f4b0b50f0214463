package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// config is the command line.
type config struct {
	addr         string
	catalogs     int
	load         string
	collection   string
	latency      time.Duration
	faults       string
	caFile       string
	clientID     string
	clientSecret string
	tenant       string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("geocatalog-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "", "loopback `host:port` of the first catalog (default: a free port on 127.0.0.1)")
	fs.IntVar(&c.catalogs, "catalogs", 1, "number of catalogs")
	fs.StringVar(&c.load, "load", "", "NDJSON items or a folder with collection.json and items to load into the first catalog")
	fs.StringVar(&c.collection, "collection", "emulator", "collection of loaded items that name none")
	fs.DurationVar(&c.latency, "latency", 0, "latency added to every request")
	fs.StringVar(&c.faults, "faults", "", "injected faults, e.g. throttle=0.1,error=0.05,drop=0.01,opfail=0,rate=0,seed=1")
	fs.StringVar(&c.caFile, "ca-file", "", "where to write the CA certificate bundle (default: a temporary file)")
	fs.StringVar(&c.clientID, "client-id", "", "client ID of the app registered in the fake Entra ID (default: a new GUID)")
	fs.StringVar(&c.clientSecret, "client-secret", "", "client secret of that app (default: a random one)")
	fs.StringVar(&c.tenant, "tenant", geocatalogtest.DefaultTenantID, "tenant ID of the catalogs")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: geocatalog-emulator [flags]\n\nRuns GeoCatalog emulator catalogs, their managed storage and a fake Entra ID on loopback\nand prints KEY=VALUE lines (endpoint, CA file, token endpoint, client credentials, a bearer token).\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.catalogs < 1 || c.catalogs > 64 {
		return c, fmt.Errorf("-catalogs %d: want 1 to 64", c.catalogs)
	}
	if c.addr != "" {
		host, _, err := net.SplitHostPort(c.addr)
		if err != nil {
			return c, fmt.Errorf("-addr %q: %w", c.addr, err)
		}
		if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			return c, fmt.Errorf("-addr %q: the emulator listens on loopback only (127.0.0.1, ::1 or localhost)", c.addr)
		}
	}
	return c, nil
}

// run runs the emulator until ctx is done and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "geocatalog-emulator:", err)
		return 2
	}
	if err := serve(ctx, cfg, stdout, stderr); err != nil {
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			fmt.Fprintln(stderr, "geocatalog-emulator: stopped before it was ready")
			return 0 // a signal while starting is a clean stop too
		}
		fmt.Fprintln(stderr, "geocatalog-emulator:", err)
		return 1
	}
	return 0
}

// serve starts everything, prints the summary, waits for ctx and stops.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	faults, err := parseFaults(cfg.faults, cfg.latency)
	if err != nil {
		return err
	}
	var listener net.Listener
	if cfg.addr != "" {
		if listener, err = net.Listen("tcp", cfg.addr); err != nil {
			return fmt.Errorf("-addr: %w", err)
		}
	}
	entra := tenancytest.NewEntra()
	defer entra.Close()
	a, err := newApp(entra, cfg.tenant, cfg.clientID, cfg.clientSecret)
	if err != nil {
		return err
	}
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{
		TenantID: cfg.tenant, CatalogName: "catalog-0", TokenValidator: entra.TokenValidator(), Listener: listener,
	})
	defer srv.Close()
	cats := []*geocatalogtest.Catalog{srv.DefaultCatalog()}
	for i := 1; i < cfg.catalogs; i++ {
		cats = append(cats, srv.NewCatalog(geocatalogtest.CatalogOptions{}))
	}
	for _, c := range cats {
		c.Grant(a.ObjectID, geocatalogtest.RoleAdministrator)
	}

	caFile, cleanup, err := writeCA(cfg.caFile, srv.CertPEM(), entra.CertPEM())
	if err != nil {
		return err
	}
	defer cleanup()

	if cfg.load != "" {
		if err := loadInto(ctx, srv, cfg, stderr); err != nil {
			return err
		}
	}
	for _, c := range cats {
		c.SetFaults(faults)
	}
	tok, err := fetchToken(ctx, entra.Client(), entra.TokenEndpoint(a.TenantID), a)
	if err != nil {
		return err
	}
	endpoints := make([]string, len(cats))
	for i, c := range cats {
		endpoints[i] = c.URL
	}
	writeSummary(stdout, summary{
		Endpoints: endpoints, BlobURL: srv.BlobURL, CAFile: caFile,
		AuthorityHost: entra.AuthorityHost(), TokenEndpoint: entra.TokenEndpoint(a.TenantID),
		App: a, Token: tok,
	})
	fmt.Fprintf(stderr, "geocatalog-emulator: %d catalog(s) ready at %s; Ctrl-C stops\n", len(cats), strings.Join(endpoints, " "))
	<-ctx.Done()
	fmt.Fprintln(stderr, "geocatalog-emulator: stopping")
	return nil
}

// loadInto loads cfg.load into the default catalog with an administrator
// credential, before faults are switched on.
func loadInto(ctx context.Context, srv *geocatalogtest.Server, cfg config, stderr io.Writer) error {
	src, err := readSource(cfg.load, cfg.collection)
	if err != nil {
		return err
	}
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		return err
	}
	res, err := load(ctx, client, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "geocatalog-emulator: loaded %d item(s) in %d collection(s) from %s\n", res.Items, res.Collections, cfg.load)
	if res.Failed > 0 {
		fmt.Fprintf(stderr, "geocatalog-emulator: %d item(s) not loaded (the catalog refused them)\n", res.Failed)
	}
	return nil
}

// writeCA writes the certificates to name (a new temporary file when name
// is empty) and returns its path and a function that removes a temporary
// file.
func writeCA(name string, pems ...[]byte) (string, func(), error) {
	var all []byte
	for _, p := range pems {
		all = append(all, p...)
	}
	cleanup := func() {}
	if name == "" {
		dir, err := os.MkdirTemp("", "geocatalog-emulator-")
		if err != nil {
			return "", nil, err
		}
		name = filepath.Join(dir, "ca.pem")
		cleanup = func() { _ = os.RemoveAll(dir) }
	}
	if err := os.WriteFile(name, all, 0o644); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("-ca-file: %w", err)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return abs, cleanup, nil
}
