package partner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// FileExtension is the STAC file extension whose file:checksum and
// file:size the write path sets on staged assets.
const FileExtension = "https://stac-extensions.github.io/file/v2.1.0/schema.json"

// localAsset is an asset whose href names a local file.
type localAsset struct {
	key    string
	source string // href as given
	path   string // resolved file path
	digest FileDigest
}

// prepared is an item ready to write: validated, its local assets digested,
// its content hash computed. item is a copy; the caller's item is untouched.
type prepared struct {
	index int
	item  *stac.Item
	hash  string
	raw   []byte // the item's JSON as sent (encoded again when hrefs change)
	size  int    // len(raw) in a request body (see requestSize)
	local []localAsset
}

// localPath returns the file an href names when it is local: a path
// (absolute, or relative to baseDir) or a file:// URL.
func localPath(href, baseDir string) (string, bool) {
	if u, err := url.Parse(href); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		if u.Scheme != "file" {
			return "", false
		}
		return filepath.FromSlash(u.Path), true
	}
	p := filepath.FromSlash(href)
	if !filepath.IsAbs(p) {
		p = filepath.Join(baseDir, p)
	}
	return p, true
}

// prepare validates a copy of it for collection, digests its local asset
// files and records their checksum and size (STAC file extension), then
// computes the content hash.
func prepare(index int, src *stac.Item, collection, baseDir string) (*prepared, error) {
	if err := validateItem(src); err != nil {
		return nil, err
	}
	it := src.Clone()
	it.Collection = collection
	p := &prepared{index: index, item: it}
	keys := make([]string, 0, len(it.Assets))
	for k := range it.Assets {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		a := it.Assets[k]
		path, ok := localPath(a.Href, baseDir)
		if !ok {
			continue
		}
		d, err := DigestFile(path)
		if err != nil {
			return nil, &InvalidItemError{ItemID: it.ID, Problems: []string{fmt.Sprintf("asset %q: cannot read local file %q: %v", k, a.Href, pathErrReason(err))}}
		}
		if a.Extra == nil {
			a.Extra = map[string]json.RawMessage{}
		}
		a.Extra["file:checksum"] = json.RawMessage(`"` + d.Checksum() + `"`)
		a.Extra["file:size"] = json.RawMessage(fmt.Sprint(d.Size))
		p.local = append(p.local, localAsset{key: k, source: a.Href, path: path, digest: d})
	}
	if len(p.local) > 0 && !slices.Contains(it.StacExtensions, FileExtension) {
		it.StacExtensions = append(it.StacExtensions, FileExtension)
	}
	if err := p.encode(); err != nil {
		return nil, err
	}
	// What the client would refuse before sending (geocatalog validates the
	// items it encodes itself; these bytes are sent as they are). Local
	// hrefs become signed URLs when staged.
	if err := stac.ValidateItemWith(it, &stac.ValidateOptions{AllowRelativeHrefs: len(p.local) > 0}); err != nil {
		return nil, &InvalidItemError{ItemID: it.ID, Problems: validationProblems(err)}
	}
	h, err := contentHashJSON(p.raw)
	if err != nil {
		return nil, err
	}
	p.hash = h
	return p, nil
}

// encode encodes the item once: the bytes are hashed and sent as they are.
func (p *prepared) encode() error {
	raw, err := p.item.MarshalJSON()
	if err != nil {
		return &InvalidItemError{ItemID: p.item.ID, Problems: []string{"cannot be encoded: " + err.Error()}}
	}
	p.raw, p.size = raw, requestSize(raw)
	if p.size > MaxItemBytes {
		return &InvalidItemError{ItemID: p.item.ID, Problems: []string{fmt.Sprintf("%d bytes of JSON; the limit is %d", p.size, MaxItemBytes)}}
	}
	return nil
}

// validationProblems lists the problems of a *stac.ValidationError.
func validationProblems(err error) []string {
	var ve *stac.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) == 0 {
		return []string{err.Error()}
	}
	out := make([]string, len(ve.Problems))
	for i, pr := range ve.Problems {
		if pr.Field == "" {
			out[i] = pr.Reason
		} else {
			out[i] = pr.Field + ": " + pr.Reason
		}
	}
	return out
}

// requestSize is the size of an item's JSON in a request body, where
// encoding/json escapes '<', '>' and '&' as \u003c, \u003e and \u0026.
func requestSize(raw []byte) int {
	n := len(raw)
	for _, ch := range raw {
		if ch == '<' || ch == '>' || ch == '&' {
			n += 5
		}
	}
	return n
}

func pathErrReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
