package stac_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// FuzzDecodeItem checks that decoding never panics, that whatever decodes
// encodes again, that the encoding is JSON-equal to the input and that a
// second round trip is byte-stable. Validation must not panic either.
func FuzzDecodeItem(f *testing.F) {
	for _, name := range []string{"naip-item.json", "naip-pc-item.json", "go-stac__item-missing-id.json", "stac-validator__v100__bad-item.json"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(itemDoc))
	if dir := os.Getenv("STAC_CORPUS"); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "items", "*.json"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	} else if files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "stac-corpus", "items", "*.json")); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"type":"Feature","properties":{"datetime":null},"geometry":null,"links":[],"assets":{}}`))
	f.Add([]byte(`{"id":"\u00e9\n","properties":{"datetime":"2020-01-01T00:00:00.000+01:00","x":[1e400]},"bbox":[1e-7,2e21,-0.0,5]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var it stac.Item
		if err := json.Unmarshal(data, &it); err != nil {
			return // not a JSON object
		}
		_ = stac.ValidateItem(&it)
		_, _ = it.Geometry.Orb()
		out, err := json.Marshal(&it)
		if err != nil {
			t.Fatalf("decoded item does not encode: %v\ninput: %q", err, data)
		}
		if d := jsonDiff(data, out); d != "" {
			t.Fatalf("round trip differs at %s\ninput:  %q\noutput: %q", d, data, out)
		}
		var again stac.Item
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		out2, err := json.Marshal(&again)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("second round trip not stable:\n%s\n%s", out, out2)
		}
	})
}
