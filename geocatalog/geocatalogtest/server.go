package geocatalogtest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// DefaultTenantID is the tenant of the default catalog unless Options.TenantID says otherwise.
const DefaultTenantID = "72f988bf-0000-4000-8000-00000000c0de"

// DefaultOperationDelay is how long an operation takes from Pending to its
// end unless Options.OperationDelay says otherwise.
const DefaultOperationDelay = 20 * time.Millisecond

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	// TenantID is the tenant of the default catalog (default DefaultTenantID).
	TenantID string
	// CatalogName names the default catalog (default "contoso").
	CatalogName string
	// TokenValidator validates bearer tokens besides the server's own static
	// tokens (Server.Tokens), which are always checked first. Nil means only
	// the static tokens.
	TokenValidator TokenValidator
	// OperationDelay is how long an asynchronous operation takes from
	// Pending to Succeeded or Failed (plus the time its work takes). Zero
	// means DefaultOperationDelay; a negative value means no added delay
	// (operations are still asynchronous).
	OperationDelay time.Duration
	// AssetClient fetches asset hrefs and static catalogs during ingestion.
	// Nil means a client that speaks plain http, and https trusting the
	// system roots and the server's own certificate.
	AssetClient *http.Client
	// AssetConcurrency bounds the asset fetches running at once over the
	// whole server (default 16).
	AssetConcurrency int
	// Listener, when not nil, is the loopback listener the default catalog
	// serves on (its address fixes the catalog's URL, as a standalone
	// emulator needs); nil means a fresh port on 127.0.0.1. The server
	// closes it on Close.
	Listener net.Listener
}

// Server is an in-process GeoCatalog: one or more catalogs, each on its own
// loopback https listener, and one https blob endpoint acting as their
// managed storage. Create it with NewServer and Close it when done.
type Server struct {
	// URL is the default catalog's base URL, https://127.0.0.1:port, no trailing slash.
	URL string
	// BlobURL is the managed-storage endpoint's account URL,
	// https://127.0.0.1:port/<account>; containers are path segments below it.
	BlobURL string

	opts        Options
	cert        tls.Certificate
	pool        *x509.CertPool
	client      *http.Client
	assetClient *http.Client
	tokens      *StaticTokenValidator
	validator   TokenValidator
	blob        *blobService
	fetchSem    chan struct{}

	ctx    context.Context
	cancel context.CancelFunc
	work   sync.WaitGroup

	mu       sync.Mutex
	catalogs []*Catalog
	def      *Catalog
	closed   bool
}

// NewServer starts a Server with a default catalog. It panics if the
// listeners cannot start, like httptest.NewServer.
func NewServer(opts *Options) *Server {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.TenantID == "" {
		o.TenantID = DefaultTenantID
	}
	if o.CatalogName == "" {
		o.CatalogName = "contoso"
	}
	switch {
	case o.OperationDelay == 0:
		o.OperationDelay = DefaultOperationDelay
	case o.OperationDelay < 0:
		o.OperationDelay = 0
	}
	if o.AssetConcurrency <= 0 {
		o.AssetConcurrency = 16
	}
	cert, pool, err := loopbackCert()
	if err != nil {
		panic(err)
	}
	s := &Server{
		opts:     o,
		cert:     cert,
		pool:     pool,
		client:   newTrustingClient(pool),
		tokens:   NewStaticTokenValidator(),
		fetchSem: make(chan struct{}, o.AssetConcurrency),
	}
	s.assetClient = o.AssetClient
	if s.assetClient == nil {
		roots, err := x509.SystemCertPool()
		if err != nil {
			roots = x509.NewCertPool()
		}
		roots.AddCert(cert.Leaf)
		s.assetClient = newTrustingClient(roots)
	}
	s.validator = s.tokens
	if o.TokenValidator != nil {
		s.validator = chainValidator{s.tokens, o.TokenValidator}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.blob = newBlobService(s)
	s.BlobURL = s.blob.accountURL
	s.def = s.NewCatalog(CatalogOptions{Name: o.CatalogName, TenantID: o.TenantID, Listener: o.Listener})
	s.URL = s.def.URL
	return s
}

// Close stops every catalog and the blob endpoint, cancels running
// operations and waits for them.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	cats := append([]*Catalog(nil), s.catalogs...)
	s.mu.Unlock()
	s.cancel()
	for _, c := range cats {
		c.hs.Close()
	}
	s.work.Wait()
	s.blob.hs.Close()
	if tr, ok := s.client.Transport.(*http.Transport); ok {
		tr.CloseIdleConnections()
	}
}

// Client returns an HTTP client that trusts the server's certificate, for
// every catalog and the blob endpoint.
func (s *Server) Client() *http.Client { return s.client }

// CertPool returns a pool holding the certificate every listener presents.
func (s *Server) CertPool() *x509.CertPool { return s.pool }

// Tokens returns the server's static token table, always consulted before
// Options.TokenValidator: add tokens to it to make Reader or foreign principals.
func (s *Server) Tokens() *StaticTokenValidator { return s.tokens }

// DefaultCatalog returns the catalog at s.URL.
func (s *Server) DefaultCatalog() *Catalog { return s.def }

// Credential returns a credential of an Administrator of the default catalog.
func (s *Server) Credential() azcore.TokenCredential { return s.def.Credential() }

// ClientOptions returns options for geocatalog.NewClient that reach the
// default catalog: a transport trusting the server's certificate, 127.0.0.1
// as an allowed host and fast polling.
func (s *Server) ClientOptions() *geocatalog.ClientOptions { return s.def.ClientOptions() }

// NewCredential registers a new static token for principal p and returns a
// credential that presents it.
func (s *Server) NewCredential(p Principal) azcore.TokenCredential {
	tok := "gct-" + uuid.NewString()
	s.tokens.Add(tok, p)
	return NewStaticCredential(tok)
}

// chainValidator tries each validator in order and returns the first success,
// or the last error.
type chainValidator []TokenValidator

func (c chainValidator) ValidateToken(token string) (Principal, error) {
	var err error
	for _, v := range c {
		var p Principal
		if p, err = v.ValidateToken(token); err == nil {
			return p, nil
		}
	}
	return Principal{}, err
}

// goWork runs f in the background until the server closes.
func (s *Server) goWork(f func(ctx context.Context)) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.work.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.work.Done()
		f(s.ctx)
	}()
}
