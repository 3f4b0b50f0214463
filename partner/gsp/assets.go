package gsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// storageHostSuffixes are the Azure Blob storage hosts of the public and
// sovereign clouds: the only hosts that get a collection SAS token appended.
var storageHostSuffixes = []string{".blob.core.windows.net", ".blob.core.usgovcloudapi.net", ".blob.core.chinacloudapi.cn"}

// maxResumes is how often one sequential read resumes after the connection
// broke in the middle of a body (the request itself is retried by azcore).
const maxResumes = 3

// AssetError is an asset of a source item that could not be read. It never
// carries a SAS signature.
type AssetError struct {
	// ItemID and Key name the asset.
	ItemID, Key string
	// Href is the asset's href without its query string.
	Href string
	// StatusCode is the storage's answer (0 when there was none).
	StatusCode int
	// Code is the storage's error code (x-ms-error-code), if any.
	Code string
	// Err is the underlying error, if any.
	Err error
}

// Error says which asset and why.
func (e *AssetError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gsp: asset %q of item %q (%s)", e.Key, e.ItemID, e.Href)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": storage answered %d", e.StatusCode)
		if e.Code != "" {
			b.WriteString(" " + e.Code)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *AssetError) Unwrap() error { return e.Err }

// assetReader opens the assets of the items of one job: it signs blob hrefs
// with the collection's SAS token (cached by the client's SAS sub-client
// until shortly before it expires) and reads them through an azcore
// pipeline without credential (retries, logging with redacted queries).
type assetReader struct {
	pl           runtime.Pipeline
	sas          *geocatalog.SASClient
	extraHosts   map[string]bool
	catalogError func(error) error
}

func newAssetReader(client *geocatalog.Client, opts *azcore.ClientOptions, storageHosts []string, catalogError func(error) error) *assetReader {
	var o policy.ClientOptions
	if opts != nil {
		o = *opts
	}
	// No redirect is followed (the SAS query would go with a same-origin one,
	// and a hostile storage host could point anywhere); secrets are
	// stripped from response headers before they are logged.
	o.Transport = geocatalog.GuardTransport(o.Transport)
	pl := runtime.NewPipeline("gsp", geocatalog.ModuleVersion, runtime.PipelineOptions{
		AllowedHeaders: []string{"x-ms-error-code", "x-ms-request-id", "content-range"},
	}, &o)
	hosts := map[string]bool{}
	for _, h := range storageHosts {
		hosts[strings.ToLower(h)] = true
	}
	return &assetReader{pl: pl, sas: client.SAS(), extraHosts: hosts, catalogError: catalogError}
}

// managedStorage reports whether the collection SAS may be appended to u.
func (r *assetReader) managedStorage(u *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	if r.extraHosts[host] || r.extraHosts[strings.ToLower(u.Host)] {
		return true
	}
	if u.Scheme != "https" {
		return false
	}
	for _, s := range storageHostSuffixes {
		if strings.HasSuffix(host, s) {
			return true
		}
	}
	return false
}

// open opens asset key of item.
func (r *assetReader) open(ctx context.Context, item *stac.Item, key string) (*Asset, error) {
	a, ok := item.Assets[key]
	if !ok || a == nil {
		return nil, &AssetError{ItemID: item.ID, Key: key, Err: errors.New("the item has no such asset")}
	}
	u, err := url.Parse(a.Href)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, &AssetError{ItemID: item.ID, Key: key, Href: redactHref(a.Href), Err: errors.New("the href is not an http(s) URL")}
	}
	as := &Asset{r: r, ctx: ctx, itemID: item.ID, key: key, collection: item.Collection, href: a.Href,
		signed: r.managedStorage(u) && !u.Query().Has("sig")}
	if as.signed && as.collection == "" {
		return nil, as.fail(0, "", errors.New("the item names no collection to sign its assets with"))
	}
	if err := as.first(); err != nil {
		return nil, err
	}
	return as, nil
}

// Asset is an open asset of a source item: a sequential reader (Read) and a
// random-access reader (ReadAt, with one range request per call beyond the
// first 64 KiB, which are read when the asset is opened) over its href, signed with the collection's SAS token when it lives in managed
// storage. Failed requests are retried; a sequential read whose connection
// breaks resumes where it stopped; an expired or revoked SAS token is
// refreshed once. An Asset is not safe for concurrent Read calls; ReadAt
// may be called concurrently.
type Asset struct {
	r          *assetReader
	ctx        context.Context
	itemID     string
	key        string
	collection string
	href       string
	signed     bool

	size        int64
	contentType string
	etag        string
	head        []byte // the first bytes, read when the asset was opened

	mu     sync.Mutex
	body   io.ReadCloser
	off    int64
	closed bool
}

// Size returns the asset's length in bytes.
func (a *Asset) Size() int64 { return a.size }

// ContentType returns the asset's media type as the storage reports it.
func (a *Asset) ContentType() string { return a.contentType }

func (a *Asset) fail(status int, code string, err error) *AssetError {
	return &AssetError{ItemID: a.itemID, Key: a.key, Href: redactHref(a.href), StatusCode: status, Code: code, Err: err}
}

// signedURL returns the href with the collection token (refreshed when asked).
func (a *Asset) signedURL(refresh bool) (string, error) {
	if !a.signed {
		return a.href, nil
	}
	tok, err := a.r.sas.GetToken(a.ctx, a.collection, &geocatalog.GetTokenOptions{Refresh: refresh})
	if err != nil {
		return "", a.r.catalogError(err)
	}
	return tok.AppendTo(a.href), nil
}

// do sends one request for the asset; a 403 from storage with a SAS token
// fetches a fresh token and tries once more.
func (a *Asset) do(method string, header http.Header, ok ...int) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		u, err := a.signedURL(attempt > 0)
		if err != nil {
			return nil, err
		}
		req, err := runtime.NewRequest(a.ctx, method, u)
		if err != nil {
			return nil, a.fail(0, "", errors.New("cannot build the request"))
		}
		for k, v := range header {
			req.Raw().Header[k] = v
		}
		// Stream the body instead of letting the pipeline buffer it.
		runtime.SkipBodyDownload(req)
		resp, err := a.r.pl.Do(req)
		if err != nil {
			if ctxErr := a.ctx.Err(); ctxErr != nil {
				return nil, ctxErr
			}
			return nil, a.fail(0, "", transportError(err))
		}
		if runtime.HasStatusCode(resp, ok...) {
			return resp, nil
		}
		code := resp.Header.Get("x-ms-error-code")
		resp.Body.Close()
		if resp.StatusCode == http.StatusForbidden && a.signed && attempt == 0 {
			continue
		}
		return nil, a.fail(resp.StatusCode, code, nil)
	}
}

// prefetchSize is how much of an asset the first request reads: small
// assets are read in one request, and readers that start with the header
// of a file (GeoTIFF, COG) find it in memory.
const prefetchSize = 64 << 10

// first reads the first bytes of the asset and learns its size, type and
// ETag from the same answer.
func (a *Asset) first() error {
	h := http.Header{"Range": {"bytes=0-" + strconv.Itoa(prefetchSize-1)}}
	resp, err := a.do(http.MethodGet, h, http.StatusOK, http.StatusPartialContent, http.StatusRequestedRangeNotSatisfiable)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	a.contentType = resp.Header.Get("Content-Type")
	a.etag = resp.Header.Get("ETag")
	switch resp.StatusCode {
	case http.StatusRequestedRangeNotSatisfiable: // an empty blob
		a.size = 0
		return nil
	case http.StatusPartialContent:
		cr := resp.Header.Get("Content-Range") // bytes 0-N/TOTAL
		_, total, ok := strings.Cut(cr, "/")
		n, err := strconv.ParseInt(total, 10, 64)
		if !ok || err != nil || n < 0 {
			return a.fail(resp.StatusCode, "", fmt.Errorf("unexpected Content-Range %q", cr))
		}
		a.size = n
	default:
		a.size = resp.ContentLength
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, prefetchSize))
	if err != nil {
		return a.fail(0, "", errors.New(redactHref(err.Error())))
	}
	if a.size < 0 {
		if len(head) < prefetchSize {
			a.size = int64(len(head))
		} else {
			return a.fail(resp.StatusCode, "", errors.New("the storage reports no length"))
		}
	}
	a.head = head
	return nil
}

// get requests bytes [off, end] (end < 0: to the end of the blob).
func (a *Asset) get(off, end int64) (io.ReadCloser, error) {
	h := http.Header{}
	if off > 0 || end >= 0 {
		r := "bytes=" + strconv.FormatInt(off, 10) + "-"
		if end >= 0 {
			r += strconv.FormatInt(end, 10)
		}
		h.Set("Range", r)
		if a.etag != "" {
			h.Set("If-Match", a.etag)
		}
	}
	resp, err := a.do(http.MethodGet, h, http.StatusOK, http.StatusPartialContent)
	if err != nil {
		return nil, err
	}
	if h.Get("Range") != "" && resp.StatusCode == http.StatusOK {
		// The server ignored the range: skip to off.
		if _, err := io.CopyN(io.Discard, resp.Body, off); err != nil {
			resp.Body.Close()
			return nil, a.fail(0, "", err)
		}
		if end >= 0 {
			return struct {
				io.Reader
				io.Closer
			}{io.LimitReader(resp.Body, end-off+1), resp.Body}, nil
		}
	}
	return resp.Body, nil
}

// Read reads the asset sequentially from its start. A connection that
// breaks in the middle of the body is resumed with a range request from
// the current offset (up to 3 times in a row).
func (a *Asset) Read(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, errors.New("gsp: read of a closed asset")
	}
	if a.off >= a.size {
		return 0, io.EOF
	}
	if a.off < int64(len(a.head)) {
		n := copy(p, a.head[a.off:])
		a.off += int64(n)
		if a.off >= a.size {
			return n, io.EOF
		}
		return n, nil
	}
	for resumes := 0; ; resumes++ {
		if a.body == nil {
			b, err := a.get(a.off, -1)
			if err != nil {
				return 0, err
			}
			a.body = b
		}
		n, err := a.body.Read(p)
		a.off += int64(n)
		if err == nil || (errors.Is(err, io.EOF) && a.off >= a.size) {
			if errors.Is(err, io.EOF) {
				a.body.Close()
				a.body = nil
			}
			return n, err
		}
		a.body.Close()
		a.body = nil
		if ctxErr := a.ctx.Err(); ctxErr != nil {
			return n, ctxErr
		}
		if n > 0 {
			return n, nil // resume on the next call
		}
		if resumes >= maxResumes {
			return 0, a.fail(0, "", fmt.Errorf("reading at offset %d: %s", a.off, redactHref(err.Error())))
		}
	}
}

// ReadAt reads len(p) bytes at offset off with one range request (as
// io.ReaderAt: it returns io.EOF when fewer bytes remain).
func (a *Asset) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("gsp: negative offset")
	}
	if off >= a.size {
		return 0, io.EOF
	}
	want := min(int64(len(p)), a.size-off)
	if want == 0 {
		return 0, nil
	}
	if off+want <= int64(len(a.head)) {
		n := copy(p, a.head[off:off+want])
		if want < int64(len(p)) {
			return n, io.EOF
		}
		return n, nil
	}
	body, err := a.get(off, off+want-1)
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.ReadFull(body, p[:want])
	if err != nil {
		return n, a.fail(0, "", fmt.Errorf("reading %d bytes at offset %d: %s", want, off, redactHref(err.Error())))
	}
	if want < int64(len(p)) {
		return n, io.EOF
	}
	return n, nil
}

// ReadAll reads the whole asset.
func (a *Asset) ReadAll() ([]byte, error) {
	buf := make([]byte, a.size)
	n, err := a.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:n], nil
}

// Close releases the connection of a sequential read.
func (a *Asset) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	if a.body != nil {
		err := a.body.Close()
		a.body = nil
		return err
	}
	return nil
}

// transportError is what an AssetError keeps of a transport error: a
// refused redirect as is (its text holds no query), anything else as
// redacted text (a *url.Error names the signed URL).
func transportError(err error) error {
	var re *geocatalog.RedirectError
	if errors.As(err, &re) {
		return re
	}
	return errors.New(redactHref(err.Error()))
}

// redactHref removes query strings (SAS tokens) from URLs in s, and any
// other secret geocatalog.Redact knows.
func redactHref(s string) string { return geocatalog.Redact(stripQueries(s)) }

// stripQueries removes query strings from URLs in s.
func stripQueries(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "?")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexAny(s, " \t\n\"'")
		if end < 0 {
			return b.String()
		}
		s = s[end:]
	}
}
