package partner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// HashPrefix starts every content hash returned by ContentHash.
const HashPrefix = "sha256:"

// serverLinkRels are the link relations a catalog adds or rewrites on the
// items it stores; they take no part in the content hash.
var serverLinkRels = map[string]bool{
	"self": true, "parent": true, "root": true, "collection": true, "items": true,
}

// timeProperties are normalised to RFC 3339 in UTC with nanoseconds before
// hashing, because catalogs rewrite instants in equivalent forms.
var timeProperties = []string{"datetime", "start_datetime", "end_datetime", "created", "updated"}

// ContentHash returns the canonical hash of an item's content
// ("sha256:<hex>"): the SHA-256 of its JSON with sorted keys, leaving out
// what a catalog adds or rewrites when it stores the item, so that the stored
// copy hashes equal to the item that was sent:
//   - members whose names start with "_msft:" or "msft:_" (at the top, in
//     properties and in assets),
//   - links with relation self, parent, root, collection or items,
//   - asset hrefs (the catalog copies assets and rewrites their hrefs; an
//     asset staged by this package carries its content checksum in
//     "file:checksum", which is hashed, so a changed file changes the hash),
//   - the textual form of datetime properties (instants are compared).
//
// Numbers are compared as float64 values and strings by their decoded text,
// so equivalent JSON spellings (1 and 1.0, "\u00e9" and "é") hash equal.
func ContentHash(item *stac.Item) (string, error) {
	raw, err := item.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("partner: encoding item %q: %w", item.ID, err)
	}
	return contentHashJSON(raw)
}

// contentHashJSON hashes an item's JSON (see ContentHash) without decoding
// it into values: the canonical form is written into a pooled buffer by a
// single pass over the bytes.
func contentHashJSON(raw []byte) (string, error) {
	c := canonPool.Get().(*canonicalizer)
	defer canonPool.Put(c)
	c.reset()
	if err := c.item(raw); err != nil {
		return "", fmt.Errorf("partner: decoding item: %w", err)
	}
	sum := sha256.Sum256(c.out)
	var hexed [len(HashPrefix) + 2*sha256.Size]byte
	copy(hexed[:], HashPrefix)
	hex.Encode(hexed[len(HashPrefix):], sum[:])
	return string(hexed[:]), nil
}

var canonPool = sync.Pool{New: func() any { return new(canonicalizer) }}
