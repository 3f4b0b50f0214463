package geocatalogtest

import (
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/internal/store"
)

// CatalogOptions configure one catalog of a Server.
type CatalogOptions struct {
	// Name names the catalog (used in its landing page); default "catalog-N".
	Name string
	// TenantID is the customer tenant the catalog belongs to: tokens of
	// other tenants get 401. Default: the server's default tenant.
	TenantID string
	// OperationDelay overrides Options.OperationDelay for this catalog
	// (zero: the server's; negative: none).
	OperationDelay time.Duration
	// Listener, when not nil, is the loopback listener the catalog serves
	// on (its address fixes the catalog's URL); nil means a fresh port on
	// 127.0.0.1. The server closes it on Close.
	Listener net.Listener
}

// Catalog is one GeoCatalog instance of a Server, on its own listener.
type Catalog struct {
	// URL is the catalog's base URL, https://127.0.0.1:port.
	URL string
	// Name is the catalog's name.
	Name string
	// TenantID is the tenant the catalog belongs to.
	TenantID string

	srv   *Server
	hs    *httptest.Server
	mux   *http.ServeMux
	store store.Store
	ops   *operationStore
	delay time.Duration
	admin azcore.TokenCredential

	rolesMu sync.RWMutex
	roles   map[string]Role

	stats  statsRecorder
	faults faultInjector
	sas    sasSigner

	// assetsMu serializes read-modify-write of collection documents by the
	// collection-asset routes.
	assetsMu sync.Mutex
	storage  storageState
	config   configState
	ingest   ingestionState
	sequence opSequencer
}

// NewCatalog starts another catalog on its own loopback listener. The
// catalog gets an Administrator credential of its tenant (Catalog.Credential).
func (s *Server) NewCatalog(opts CatalogOptions) *Catalog {
	s.mu.Lock()
	n := len(s.catalogs)
	s.mu.Unlock()
	if opts.Name == "" {
		opts.Name = "catalog-" + strconv.Itoa(n)
	}
	if opts.TenantID == "" {
		opts.TenantID = s.opts.TenantID
	}
	delay := s.opts.OperationDelay
	switch {
	case opts.OperationDelay < 0:
		delay = 0
	case opts.OperationDelay > 0:
		delay = opts.OperationDelay
	}
	c := &Catalog{
		Name:     opts.Name,
		TenantID: opts.TenantID,
		srv:      s,
		store:    store.New(),
		ops:      newOperationStore(),
		delay:    delay,
		roles:    make(map[string]Role),
	}
	c.sas.rotate()
	c.faults.reset(Faults{})
	c.stats.reset()
	c.mux = c.routes()
	admin := Principal{TenantID: c.TenantID, ObjectID: uuid.NewString(), AppID: uuid.NewString()}
	c.admin = s.NewCredential(admin)
	c.Grant(admin.ObjectID, RoleAdministrator)

	c.hs = httptest.NewUnstartedServer(c)
	if opts.Listener != nil {
		_ = c.hs.Listener.Close()
		c.hs.Listener = opts.Listener
	}
	c.hs.TLS = s.tlsConfig()
	c.hs.Config.ErrorLog = log.New(io.Discard, "", 0)
	c.hs.StartTLS()
	c.URL = c.hs.URL

	s.mu.Lock()
	s.catalogs = append(s.catalogs, c)
	s.mu.Unlock()
	return c
}

// Credential returns a credential of an Administrator of this catalog's tenant.
func (c *Catalog) Credential() azcore.TokenCredential { return c.admin }

// ClientOptions returns options for geocatalog.NewClient that reach this
// catalog: a transport trusting the server's certificate, 127.0.0.1 as an
// allowed host and 10 ms polling.
func (c *Catalog) ClientOptions() *geocatalog.ClientOptions {
	return &geocatalog.ClientOptions{
		ClientOptions: azcore.ClientOptions{Transport: c.srv.client},
		AllowedHosts:  []string{"127.0.0.1"},
		PollFrequency: 10 * time.Millisecond,
	}
}

// Grant gives the principal with objectID a role on the catalog (replacing
// any role it had). RoleNone removes it.
func (c *Catalog) Grant(objectID string, role Role) {
	c.rolesMu.Lock()
	if role == RoleNone {
		delete(c.roles, objectID)
	} else {
		c.roles[objectID] = role
	}
	c.rolesMu.Unlock()
}

// Revoke removes every role of objectID; its next request gets 403.
func (c *Catalog) Revoke(objectID string) { c.Grant(objectID, RoleNone) }

// role returns the role of objectID.
func (c *Catalog) role(objectID string) Role {
	c.rolesMu.RLock()
	defer c.rolesMu.RUnlock()
	return c.roles[objectID]
}

// NewPrincipal registers a new principal of the catalog's tenant with role
// and returns a credential for it and the principal.
func (c *Catalog) NewPrincipal(role Role) (azcore.TokenCredential, Principal) {
	p := Principal{TenantID: c.TenantID, ObjectID: uuid.NewString(), AppID: uuid.NewString()}
	cred := c.srv.NewCredential(p)
	c.Grant(p.ObjectID, role)
	return cred, p
}
