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
	size  int // JSON bytes as sent (updated when hrefs change)
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
	h, size, err := contentHashSize(it)
	if err != nil {
		return nil, err
	}
	p.hash, p.size = h, size
	return p, nil
}

func pathErrReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
