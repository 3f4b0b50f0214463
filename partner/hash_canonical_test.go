package partner

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// referenceHash is the first ContentHash, which decoded the item's JSON
// into maps and encoded it again with encoding/json: the single-pass
// canonicalizer must give the same hashes (journals keep them).
func referenceHash(raw []byte) (string, error) {
	var doc map[string]any
	if err := json.NewDecoder(bytes.NewReader(raw)).Decode(&doc); err != nil {
		return "", err
	}
	strip := func(m map[string]any) {
		for k := range m {
			if strings.HasPrefix(k, "_msft:") || strings.HasPrefix(k, "msft:_") {
				delete(m, k)
			}
		}
	}
	strip(doc)
	if props, ok := doc["properties"].(map[string]any); ok {
		strip(props)
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
			delete(doc, "links")
		}
	}
	if assets, ok := doc["assets"].(map[string]any); ok {
		for _, a := range assets {
			if m, ok := a.(map[string]any); ok {
				delete(m, "href")
				strip(m)
			}
		}
	}
	canon, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canon)
	return HashPrefix + hex.EncodeToString(sum[:]), nil
}

// corpusDocs returns item documents of the shared STAC corpus (skipped
// silently when the corpus is not next to the repository) plus the
// documents of this package's tests.
func corpusDocs() [][]byte {
	docs := [][]byte{[]byte(hashItem), []byte(storedHashItem)}
	root := filepath.Join("..", "..", "shared", "stac-corpus", "items")
	if f, err := os.Open(filepath.Join(root, "bulk", "pgstac__planetary-computer__naip__items.ndjson")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			docs = append(docs, bytes.Clone(sc.Bytes()))
		}
		f.Close()
	}
	files, _ := filepath.Glob(filepath.Join(root, "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			docs = append(docs, b)
		}
	}
	return docs
}

// tricky has members that exercise the canonical form: escapes, HTML
// characters, invalid UTF-8, surrogates, number spellings, repeated names,
// nested objects and server members in every place.
const tricky = `{"type":"Feature","stac_version":"1.0.0","id":"t\u00e9<&>\"\\\/","collection":"c",
"geometry":{"type":"Point","coordinates":[1.50E+2,-0.0000001,1e21,123456789012345678,-0]},
"bbox":[1,2,3,4],
"properties":{"datetime":"2020-01-01T02:00:00+02:00","created":"2021-05-05T00:00:00.5Z","updated":"not a time",
 "start_datetime":null,"z":{"b":1,"a":[{"y":true,"x":null}],"a":"last wins"},"s":"\ud83d\ude00 \ud800 x\u2028\t\u0001\b\f",
 "msft:_x":1,"_msft:y":2,"msft:keep":3},
"links":[{"href":"https://x/a","rel":"self"},{"rel":"root","href":"r"},{"rel":"license","href":"https://x/l?a=1&b=2"},"odd",{"rel":3}],
"assets":{"_msft:asset":{"href":"h","_msft:z":1},"a":{"href":"https://h/a","type":"image/tiff; application=geotiff","msft:_x":1,"roles":["data"]},"b":"scalar"},
"_msft:etag":"e","msft:_ts":"t","extra":{"k":[[]],"e":{}}}`

func TestContentHashMatchesReference(t *testing.T) {
	docs := append(corpusDocs(), []byte(tricky), []byte("{\"id\":\"bad\xff\xfeutf8\",\"links\":[{\"rel\":\"self\"}]}"))
	if len(docs) < 100 {
		t.Logf("only %d documents (STAC corpus not found)", len(docs))
	}
	for i, doc := range docs {
		want, err := referenceHash(doc)
		if err != nil {
			t.Fatalf("document %d: reference: %v", i, err)
		}
		got, err := contentHashJSON(doc)
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		if got != want {
			t.Fatalf("document %d: hash %s, reference %s\n%s", i, got, want, doc)
		}
		// Through a decoded stac.Item too (what ContentHash sees).
		var it stac.Item
		if json.Unmarshal(doc, &it) == nil {
			raw, _ := json.Marshal(&it)
			want, _ := referenceHash(raw)
			if got, err := ContentHash(&it); err != nil || got != want {
				t.Fatalf("document %d as stac.Item: hash %s (%v), reference %s", i, got, err, want)
			}
		}
	}
}

func TestContentHashRejectsInvalidJSON(t *testing.T) {
	for _, doc := range []string{``, `[]`, `{"a":}`, `{"a":1`, `{"a":"x}`, `{"a":[1,}`, `{"a":tru}`, `{"a":"\x"}`, `{"a":1e999}`} {
		if h, err := contentHashJSON([]byte(doc)); err == nil {
			t.Errorf("%q: hash %s, want an error", doc, h)
		}
	}
}

// BenchmarkContentHash hashes NAIP items (the item's encoding included),
// against the reference (decode into maps, encode again).
func BenchmarkContentHash(b *testing.B) {
	var items []*stac.Item
	for _, doc := range corpusDocs()[2:] {
		var it stac.Item
		if json.Unmarshal(doc, &it) == nil {
			items = append(items, &it)
		}
	}
	if len(items) == 0 {
		b.Skip("STAC corpus not found")
	}
	b.Run("single-pass", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			if _, err := ContentHash(items[i%len(items)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reference", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			raw, _ := json.Marshal(items[i%len(items)])
			if _, err := referenceHash(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
