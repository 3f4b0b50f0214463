package geocatalogtest

import (
	"bufio"
	"context"
	"crypto/tls"
	"math"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Served api-versions.
const (
	APIVersionGA      = "2026-04-15"
	APIVersionPreview = "2025-04-30-preview"
)

const supportedVersions = APIVersionPreview + ", " + APIVersionGA

type principalKey struct{}

// ServeHTTP runs a request through the catalog's gateway: request id,
// counters, faults, api-version, authentication, authorization, then the route.
func (c *Catalog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("x-ms-client-request-id")
	if id == "" {
		id = uuid.NewString()
	}
	h := w.Header()
	h.Set("X-Request-ID", id)
	h.Set("api-supported-versions", supportedVersions)

	_, route := c.mux.Handler(r)
	clean := isCleanPath(r.URL.Path)
	if route == "" || route == "/" || route == "/data" || !clean {
		route = r.Method + " (unmatched)"
	}
	sw := &statusWriter{ResponseWriter: w}
	ex := Exchange{Method: r.Method, Path: r.URL.Path, Route: route, Time: time.Now()}
	defer func() {
		ex.Status = sw.status
		if !sw.dropped && sw.status == 0 {
			ex.Status = http.StatusOK
		}
		c.stats.record(ex)
	}()

	fd := c.faults.decide(route)
	if fd.latency > 0 {
		t := time.NewTimer(fd.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	switch fd.action {
	case faultDrop:
		sw.dropped = true
		dropConnection(w)
		return
	case faultThrottle:
		secs := int64(math.Ceil(fd.retryAfter.Seconds()))
		sw.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		sw.Header().Set("retry-after-ms", strconv.FormatInt(fd.retryAfter.Milliseconds(), 10))
		writeError(sw, http.StatusTooManyRequests, "TooManyRequests", "rate limit exceeded; retry after %d s", secs)
		return
	case faultUnavailable:
		writeError(sw, http.StatusServiceUnavailable, "ServiceUnavailable", "the service is temporarily unavailable")
		return
	}

	if !checkAPIVersion(sw, r) {
		return
	}
	p, ok := c.authenticate(sw, r)
	if !ok {
		return
	}
	ex.Principal = p.ObjectID
	switch role := c.role(p.ObjectID); {
	case role == RoleNone:
		writeError(sw, http.StatusForbidden, "AuthorizationFailed", "the principal has no GeoCatalog role on this catalog")
		return
	case role == RoleReader && isWrite(r):
		writeError(sw, http.StatusForbidden, "AuthorizationFailed", "GeoCatalog Reader may not %s %s", r.Method, r.URL.Path)
		return
	}
	if !clean {
		// http.ServeMux would redirect to the clean path; the service
		// has no such route.
		writeError(sw, http.StatusNotFound, "NotFound", "no route %s %s", r.Method, r.URL.Path)
		return
	}
	c.mux.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
}

// isCleanPath reports whether p is a path http.ServeMux serves without
// redirecting: rooted, without empty, "." or ".." segments (a trailing
// slash allowed).
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	trimmed := p
	if len(p) > 1 {
		trimmed = strings.TrimSuffix(p, "/")
	}
	return path.Clean(trimmed) == trimmed
}

// checkAPIVersion answers 400 when api-version is missing or unknown. The
// /data tiler accepts a missing api-version (tile URLs carry none).
func checkAPIVersion(w http.ResponseWriter, r *http.Request) bool {
	v := r.URL.Query().Get("api-version")
	switch v {
	case APIVersionGA, APIVersionPreview:
		return true
	case "":
		if strings.HasPrefix(r.URL.Path, "/data/") {
			return true
		}
		writeError(w, http.StatusBadRequest, "MissingApiVersionParameter",
			"the api-version query parameter is required; supported versions: %s", supportedVersions)
		return false
	}
	writeError(w, http.StatusBadRequest, "UnsupportedApiVersionValue",
		"unsupported api-version %q; supported versions: %s", v, supportedVersions)
	return false
}

// authenticate validates the bearer token and the tenant, answering 401 itself.
func (c *Catalog) authenticate(w http.ResponseWriter, r *http.Request) (Principal, bool) {
	challenge := `Bearer authorization_uri="https://login.microsoftonline.com/` + c.TenantID +
		`", resource_id="` + Audience + `"`
	auth := r.Header.Get("Authorization")
	tok, found := strings.CutPrefix(auth, "Bearer ")
	if !found || strings.TrimSpace(tok) == "" {
		w.Header().Set("WWW-Authenticate", challenge)
		writeError(w, http.StatusUnauthorized, "Unauthorized", "a bearer token is required")
		return Principal{}, false
	}
	tok = strings.TrimSpace(tok)
	p, err := c.srv.validator.ValidateToken(tok)
	if err != nil {
		w.Header().Set("WWW-Authenticate", challenge)
		writeError(w, http.StatusUnauthorized, "InvalidAuthenticationToken", "the access token is invalid: %s", safeReason(err))
		return Principal{}, false
	}
	c.stats.token(p.TenantID, tok)
	if !strings.EqualFold(p.TenantID, c.TenantID) {
		w.Header().Set("WWW-Authenticate", challenge)
		writeError(w, http.StatusUnauthorized, "InvalidAuthenticationTokenTenant",
			"the access token is from tenant %s, not from the catalog's tenant", p.TenantID)
		return Principal{}, false
	}
	return p, true
}

// safeReason returns a validator error's text, cut short so that it cannot
// carry a whole token.
func safeReason(err error) string {
	s := err.Error()
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// isWrite reports whether a request needs the Administrator role.
func isWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	if r.Method == http.MethodPost && (r.URL.Path == "/stac/search" || strings.HasPrefix(r.URL.Path, "/data/")) {
		return false
	}
	return true
}

// dropConnection closes the client connection without an answer (a TCP
// reset where possible).
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = raw.Close()
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status  int
	dropped bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush implements http.Flusher.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Hijack implements http.Hijacker.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
