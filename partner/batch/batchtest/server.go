package batchtest

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
)

// APIVersion is the Batch api-version the emulator serves (azbatch v0.1.0).
const APIVersion = "2024-07-01.20.0"

// Options configures a Server. A nil *Options means the defaults.
type Options struct {
	// PoolID is the pool that exists (default "pool"). A job on another
	// pool is refused with 404 PoolNotFound.
	PoolID string
	// Nodes and SlotsPerNode bound the number of task processes running at
	// once (defaults 1 and 1).
	Nodes        int
	SlotsPerNode int
	// Root is the directory of the node and task directories (default: a
	// temporary directory removed by Close).
	Root string
	// Mounts names directories shared by every node, found at
	// $AZ_BATCH_NODE_MOUNTS_DIR/<name> (a pool's mountConfiguration).
	Mounts []string
	// Environment is the base environment of every task process
	// ("NAME=value"; PATH, the managed-identity endpoint of the node, test
	// CA files). Nothing of the test process's own environment is passed.
	Environment []string
	// ValidateToken checks the bearer token of each request (for example
	// tenancytest's Entra.BatchTokenValidator). Nil accepts any non-empty
	// token.
	ValidateToken func(token string) error
	// HTTPClient downloads resource files and uploads output files (nil:
	// http.DefaultClient; Azurite is plain http).
	HTTPClient *http.Client
}

// Server is a running Batch emulator. Close it when done.
type Server struct {
	// URL is the account endpoint (https://127.0.0.1:port).
	URL string

	opts    Options
	srv     *httptest.Server
	ownRoot bool
	ctx     context.Context
	stop    context.CancelFunc
	running sync.WaitGroup

	mu    sync.Mutex
	jobs  map[string]*job
	nodes []*node
	queue []*task
	wake  chan struct{}
}

// NewServer starts an emulator on a loopback https listener.
func NewServer(options *Options) (*Server, error) {
	var o Options
	if options != nil {
		o = *options
	}
	if o.PoolID == "" {
		o.PoolID = "pool"
	}
	if o.Nodes <= 0 {
		o.Nodes = 1
	}
	if o.SlotsPerNode <= 0 {
		o.SlotsPerNode = 1
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	s := &Server{opts: o, jobs: map[string]*job{}, wake: make(chan struct{}, 1)}
	if s.opts.Root == "" {
		d, err := os.MkdirTemp("", "batchtest-*")
		if err != nil {
			return nil, fmt.Errorf("batchtest: %w", err)
		}
		s.opts.Root, s.ownRoot = d, true
	}
	for _, m := range o.Mounts {
		if m == "" || strings.ContainsAny(m, `/\`) || m == "." || m == ".." {
			return nil, fmt.Errorf("batchtest: mount name %q is not a plain name", m)
		}
		if err := os.MkdirAll(filepath.Join(s.opts.Root, "mounts", m), 0o755); err != nil {
			return nil, fmt.Errorf("batchtest: %w", err)
		}
	}
	for i := range o.Nodes {
		n, err := s.newNode(fmt.Sprintf("tvmps_node%03d", i))
		if err != nil {
			return nil, err
		}
		s.nodes = append(s.nodes, n)
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.srv = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	s.running.Add(1)
	go s.schedule()
	return s, nil
}

// Close kills the running task processes, stops the server and removes
// the temporary root.
func (s *Server) Close() {
	s.stop()
	s.mu.Lock()
	for _, j := range s.jobs {
		for _, t := range j.tasks {
			t.kill()
		}
	}
	s.mu.Unlock()
	s.running.Wait()
	s.srv.Close()
	if s.ownRoot {
		os.RemoveAll(s.opts.Root)
	}
}

// Client returns an HTTP client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// ClientOptions returns azcore client options whose transport trusts the
// server's certificate: azbatch.ClientOptions{ClientOptions: ...}.
func (s *Server) ClientOptions() azcore.ClientOptions {
	return azcore.ClientOptions{Transport: s.srv.Client()}
}

// CertPool returns a pool holding the server's certificate.
func (s *Server) CertPool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.srv.Certificate())
	return p
}

// CertPEM returns the server's certificate as PEM.
func (s *Server) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// MountDir returns the local directory of the shared mount name.
func (s *Server) MountDir(name string) string { return filepath.Join(s.opts.Root, "mounts", name) }

// serve routes a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := s.authorize(r); err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer authorization_uri="https://login.microsoftonline.com/common", resource="https://batch.core.windows.net/"`)
		writeError(w, http.StatusUnauthorized, "AuthenticationFailed", "Server failed to authenticate the request: "+err.Error())
		return
	}
	if v := r.URL.Query().Get("api-version"); v != APIVersion {
		writeError(w, http.StatusBadRequest, "InvalidQueryParameterValue", fmt.Sprintf("api-version %q is not served; want %s", v, APIVersion))
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "jobs" && r.Method == http.MethodPost:
		s.addJob(w, r)
	case len(parts) == 2 && parts[0] == "jobs" && r.Method == http.MethodGet:
		s.getJob(w, parts[1])
	case len(parts) == 3 && parts[0] == "jobs" && parts[2] == "terminate" && r.Method == http.MethodPost:
		s.terminateJob(w, r, parts[1])
	case len(parts) == 3 && parts[0] == "jobs" && parts[2] == "addtaskcollection" && r.Method == http.MethodPost:
		s.addTasks(w, r, parts[1])
	case len(parts) == 3 && parts[0] == "jobs" && parts[2] == "tasks" && r.Method == http.MethodGet:
		s.listTasks(w, r, parts[1])
	case len(parts) == 4 && parts[0] == "jobs" && parts[2] == "tasks" && r.Method == http.MethodGet:
		s.getTask(w, parts[1], parts[3])
	default:
		writeError(w, http.StatusNotFound, "ResourceNotFound", fmt.Sprintf("%s %s is not served by the emulator", r.Method, r.URL.Path))
	}
}

// authorize checks the bearer token of r.
func (s *Server) authorize(r *http.Request) error {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return errors.New("no bearer token")
	}
	if s.opts.ValidateToken != nil {
		return s.opts.ValidateToken(tok)
	}
	return nil
}
