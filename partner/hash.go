package partner

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

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
func ContentHash(item *stac.Item) (string, error) {
	h, _, err := contentHashSize(item)
	return h, err
}

// contentHashSize is ContentHash that also returns the item's JSON size.
func contentHashSize(item *stac.Item) (string, int, error) {
	raw, err := json.Marshal(item)
	if err != nil {
		return "", 0, fmt.Errorf("partner: encoding item %q: %w", item.ID, err)
	}
	h, err := contentHashJSON(raw)
	return h, len(raw), err
}

func contentHashJSON(raw []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return "", fmt.Errorf("partner: decoding item: %w", err)
	}
	stripServerMembers(doc)
	if props, ok := doc["properties"].(map[string]any); ok {
		stripServerMembers(props)
		for _, name := range timeProperties {
			if s, ok := props[name].(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					props[name] = t.UTC().Format(time.RFC3339Nano)
				}
			}
		}
	}
	if links, ok := doc["links"].([]any); ok {
		kept := make([]any, 0, len(links))
		for _, l := range links {
			if m, ok := l.(map[string]any); ok {
				if rel, _ := m["rel"].(string); serverLinkRels[rel] {
					continue
				}
			}
			kept = append(kept, l)
		}
		doc["links"] = kept
		if len(kept) == 0 {
			delete(doc, "links") // an empty list and no list are the same content
		}
	}
	if assets, ok := doc["assets"].(map[string]any); ok {
		for _, a := range assets {
			if m, ok := a.(map[string]any); ok {
				delete(m, "href")
				stripServerMembers(m)
			}
		}
	}
	canon, err := json.Marshal(doc) // maps are encoded with sorted keys
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canon)
	return HashPrefix + hex.EncodeToString(sum[:]), nil
}

func stripServerMembers(m map[string]any) {
	for k := range m {
		if strings.HasPrefix(k, "_msft:") || strings.HasPrefix(k, "msft:_") {
			delete(m, k)
		}
	}
}
