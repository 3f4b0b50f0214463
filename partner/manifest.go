package partner

import (
	"encoding/json"
	"io"
	"sort"
	"sync"
)

// ManifestAsset is one asset file the write path staged (or found staged).
type ManifestAsset struct {
	Collection string `json:"collection"`
	ItemID     string `json:"item"`
	Key        string `json:"asset"`
	Source     string `json:"source"` // the local file as named in the order
	Blob       string `json:"blob"`   // blob name in the staging container
	Size       int64  `json:"size"`
	MD5        string `json:"md5"`      // hex
	Checksum   string `json:"checksum"` // STAC file:checksum multihash
	Uploaded   bool   `json:"uploaded"` // false when an identical blob was already staged
}

// Manifest lists the staged assets of a write, with sizes and checksums.
// It is safe for concurrent use.
type Manifest struct {
	mu     sync.Mutex
	assets []ManifestAsset
}

// Add records an asset.
func (m *Manifest) Add(a ManifestAsset) {
	m.mu.Lock()
	m.assets = append(m.assets, a)
	m.mu.Unlock()
}

// Assets returns the assets sorted by item then key.
func (m *Manifest) Assets() []ManifestAsset {
	m.mu.Lock()
	out := append([]ManifestAsset(nil), m.assets...)
	m.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].ItemID != out[j].ItemID {
			return out[i].ItemID < out[j].ItemID
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// TotalBytes returns the sum of the asset sizes.
func (m *Manifest) TotalBytes() int64 {
	var n int64
	for _, a := range m.Assets() {
		n += a.Size
	}
	return n
}

// WriteJSON writes the manifest as a JSON document {"assets":[...]}.
func (m *Manifest) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Assets     []ManifestAsset `json:"assets"`
		TotalBytes int64           `json:"totalBytes"`
	}{m.Assets(), m.TotalBytes()})
}
