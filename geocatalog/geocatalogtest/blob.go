package geocatalogtest

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"io"
	"log"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// blobAccount is the storage account name in managed-storage URLs.
const blobAccount = "geocatalogemu"

// blobService is the managed storage of every catalog of a Server: an https
// endpoint answering path-style Azure Blob reads,
// GET https://127.0.0.1:PORT/<account>/<container>/<blob path>, to requests
// carrying a valid SAS of the catalog that owns the container.
type blobService struct {
	hs         *httptest.Server
	accountURL string
	reads      atomic.Int64

	mu         sync.RWMutex
	containers map[string]*blobContainer
}

type blobContainer struct {
	name string
	cat  *Catalog
	mu   sync.RWMutex
	objs map[string]*blobObject
}

type blobObject struct {
	data        []byte
	contentType string
	modified    time.Time
	etag        string
}

func newBlobService(s *Server) *blobService {
	b := &blobService{containers: make(map[string]*blobContainer)}
	b.hs = httptest.NewUnstartedServer(http.HandlerFunc(b.serve))
	b.hs.TLS = s.tlsConfig()
	b.hs.Config.ErrorLog = log.New(io.Discard, "", 0)
	b.hs.StartTLS()
	b.accountURL = b.hs.URL + "/" + blobAccount
	return b
}

// container returns the container called name, creating it for cat.
func (b *blobService) container(name string, cat *Catalog) *blobContainer {
	b.mu.Lock()
	defer b.mu.Unlock()
	bc := b.containers[name]
	if bc == nil {
		bc = &blobContainer{name: name, cat: cat, objs: make(map[string]*blobObject)}
		b.containers[name] = bc
	}
	return bc
}

// lookup returns an existing container.
func (b *blobService) lookup(name string) *blobContainer {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.containers[name]
}

// remove deletes a container and its blobs.
func (b *blobService) remove(name string) {
	b.mu.Lock()
	delete(b.containers, name)
	b.mu.Unlock()
}

func (bc *blobContainer) put(path string, data []byte, contentType string) {
	bc.mu.Lock()
	bc.objs[path] = &blobObject{data: data, contentType: contentType, modified: time.Now().UTC(), etag: `"0x` + strings.ReplaceAll(uuid.NewString()[:18], "-", "") + `"`}
	bc.mu.Unlock()
}

func (bc *blobContainer) get(path string) *blobObject {
	bc.mu.RLock()
	defer bc.mu.RUnlock()
	return bc.objs[path]
}

// deletePrefix removes every blob whose path starts with prefix.
func (bc *blobContainer) deletePrefix(prefix string) {
	bc.mu.Lock()
	for p := range bc.objs {
		if strings.HasPrefix(p, prefix) {
			delete(bc.objs, p)
		}
	}
	bc.mu.Unlock()
}

// splitBlobPath splits /<account>/<container>/<blob path> (already unescaped).
func splitBlobPath(p string) (container, blob string, ok bool) {
	rest, found := strings.CutPrefix(p, "/"+blobAccount+"/")
	if !found {
		return "", "", false
	}
	container, blob, _ = strings.Cut(rest, "/")
	return container, blob, container != ""
}

func (b *blobService) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("x-ms-version", "2025-01-05")
	w.Header().Set("x-ms-request-id", uuid.NewString())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		storageError(w, http.StatusMethodNotAllowed, "UnsupportedHttpVerb", "the managed storage of the emulator is read-only")
		return
	}
	name, path, ok := splitBlobPath(r.URL.Path)
	bc := b.lookup(name)
	if !ok || bc == nil {
		storageError(w, http.StatusNotFound, "ContainerNotFound", "the specified container does not exist")
		return
	}
	if err := bc.cat.sas.verify(name, r.URL.Query()); err != nil {
		storageError(w, http.StatusForbidden, "AuthenticationFailed", err.Error())
		return
	}
	if path == "" && r.URL.Query().Get("comp") == "list" {
		bc.list(w, r)
		return
	}
	obj := bc.get(path)
	if obj == nil {
		storageError(w, http.StatusNotFound, "BlobNotFound", "the specified blob does not exist")
		return
	}
	b.reads.Add(1)
	if xr := r.Header.Get("x-ms-range"); xr != "" {
		// What azblob sends; it wins over Range, as in Azure Storage.
		r.Header.Set("Range", xr)
	}
	h := w.Header()
	h.Set("Content-Type", obj.contentType)
	h.Set("ETag", obj.etag)
	h.Set("x-ms-blob-type", "BlockBlob")
	http.ServeContent(w, r, "", obj.modified, bytes.NewReader(obj.data))
}

// maxListResults is the most blobs one List Blobs page holds, as in Azure
// Storage (a larger maxresults is cut to it).
const maxListResults = 5000

// listMarker and parseListMarker make the opaque continuation marker of a
// List Blobs page: the name of the first blob of the next page.
func listMarker(name string) string {
	return "2!" + base64.RawURLEncoding.EncodeToString([]byte(name))
}

func parseListMarker(m string) (string, bool) {
	enc, ok := strings.CutPrefix(m, "2!")
	if !ok {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	return string(b), err == nil
}

// blobProps are the properties List Blobs gives of a blob.
type blobProps struct {
	ContentLength int64  `xml:"Content-Length"`
	ContentType   string `xml:"Content-Type"`
	LastModified  string `xml:"Last-Modified"`
	Etag          string `xml:"Etag"`
	BlobType      string `xml:"BlobType"`
}

// listEntry is a Blob, or with a delimiter a BlobPrefix, of a List Blobs
// answer (XMLName says which).
type listEntry struct {
	XMLName    xml.Name
	Name       string     `xml:"Name"`
	Properties *blobProps `xml:"Properties,omitempty"`
}

// list answers a List Blobs request in name order, optionally under a
// prefix: flat, or with a delimiter the names up to and including the
// delimiter after the prefix grouped into BlobPrefix entries; paged by
// maxresults (default and at most 5000 entries) and marker (the
// NextMarker of the previous page).
func (bc *blobContainer) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	prefix, delim := q.Get("prefix"), q.Get("delimiter")
	limit := maxListResults
	if v, ok := q["maxresults"]; ok {
		n, err := strconv.Atoi(v[0])
		switch {
		case err != nil:
			storageError(w, http.StatusBadRequest, "InvalidQueryParameterValue", "Value for one of the query parameters specified in the request URI is invalid.")
			return
		case n <= 0:
			storageError(w, http.StatusBadRequest, "OutOfRangeQueryParameterValue", "One of the query parameters specified in the request URI is outside the permissible range.")
			return
		}
		limit = min(n, maxListResults)
	}
	from := ""
	if m := q.Get("marker"); m != "" {
		name, ok := parseListMarker(m)
		if !ok {
			storageError(w, http.StatusBadRequest, "OutOfRangeInput", "One of the request inputs is out of range.")
			return
		}
		from = name
	}
	res := struct {
		XMLName       xml.Name `xml:"EnumerationResults"`
		ServiceEP     string   `xml:"ServiceEndpoint,attr"`
		ContainerName string   `xml:"ContainerName,attr"`
		Prefix        *string  `xml:"Prefix"`
		Marker        *string  `xml:"Marker"`
		MaxResults    *int     `xml:"MaxResults"`
		Delimiter     *string  `xml:"Delimiter"`
		Blobs         struct {
			Entries []listEntry `xml:"Blob"`
		} `xml:"Blobs"` // always there, <Blobs></Blobs> when empty
		NextMarker string `xml:"NextMarker"`
	}{ServiceEP: bc.cat.srv.BlobURL + "/", ContainerName: bc.name}
	echo := func(key string) *string {
		if v, ok := q[key]; ok {
			return &v[0]
		}
		return nil
	}
	res.Prefix, res.Marker, res.Delimiter = echo("prefix"), echo("marker"), echo("delimiter")
	if _, ok := q["maxresults"]; ok {
		res.MaxResults = &limit
	}

	bc.mu.RLock()
	defer bc.mu.RUnlock()
	// The entries at or after the marker: with a marker inside a
	// BlobPrefix, the prefix itself comes again (a marker names the first
	// entry of a page, so it never falls inside an entry already given).
	entries := map[string]*blobObject{} // a BlobPrefix has no object
	for p, o := range bc.objs {
		if !strings.HasPrefix(p, prefix) || p < from {
			continue
		}
		if delim != "" {
			if i := strings.Index(p[len(prefix):], delim); i >= 0 {
				entries[p[:len(prefix)+i+len(delim)]] = nil
				continue
			}
		}
		entries[p] = o
	}
	names := slices.Sorted(maps.Keys(entries))
	if len(names) > limit {
		res.NextMarker = listMarker(names[limit])
		names = names[:limit]
	}
	for _, name := range names {
		o := entries[name]
		if o == nil {
			res.Blobs.Entries = append(res.Blobs.Entries, listEntry{XMLName: xml.Name{Local: "BlobPrefix"}, Name: name})
			continue
		}
		res.Blobs.Entries = append(res.Blobs.Entries, listEntry{XMLName: xml.Name{Local: "Blob"}, Name: name, Properties: &blobProps{
			ContentLength: int64(len(o.data)), ContentType: o.contentType,
			LastModified: o.modified.Format(http.TimeFormat), Etag: o.etag, BlobType: "BlockBlob",
		}})
	}
	out, _ := xml.Marshal(res)
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(append([]byte(xml.Header), out...))
}

// storageError answers in Azure Storage's XML error shape.
func storageError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("x-ms-error-code", code)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	var buf bytes.Buffer
	buf.WriteString(xml.Header + "<Error><Code>")
	_ = xml.EscapeText(&buf, []byte(code))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(msg))
	buf.WriteString("</Message></Error>")
	_, _ = w.Write(buf.Bytes())
}

// BlobReads returns how many blob reads the managed storage has served.
func (s *Server) BlobReads() int64 { return s.blob.reads.Load() }
