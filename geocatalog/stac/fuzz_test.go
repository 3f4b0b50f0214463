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

// FuzzDecodeItemRaw feeds arbitrary bytes straight to the UnmarshalJSON
// methods (as callers that skip encoding/json do) and to DecodeItem: they must
// return an error or a value, never panic, and what decodes must validate and
// encode without panicking.
func FuzzDecodeItemRaw(f *testing.F) {
	f.Add([]byte(itemDoc))
	f.Add([]byte(`{"id":`))
	f.Add([]byte(`{"properties":{"datetime":"x"`))
	f.Add([]byte(`{"links":[{"href":"\"}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"id":tru}],"context":{"returned":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var it stac.Item
		if it.UnmarshalJSON(data) == nil {
			_ = stac.ValidateItem(&it)
			_, _ = it.MarshalJSON()
		}
		var ic stac.ItemCollection
		if ic.UnmarshalJSON(data) == nil {
			_, _ = ic.MarshalJSON()
		}
		var c stac.Collection
		if c.UnmarshalJSON(data) == nil {
			_ = stac.ValidateCollection(&c)
			_, _ = c.MarshalJSON()
		}
		var sr stac.SearchRequest
		if sr.UnmarshalJSON(data) == nil {
			_, _ = sr.MarshalJSON()
			_, _ = sr.Values()
		}
		d, err := stac.DecodeItem(append([]byte(nil), data...))
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		wantOK := json.Valid(data) && len(trimmed) > 0 && trimmed[0] == '{'
		if (err == nil) != wantOK {
			t.Fatalf("DecodeItem(%q) error = %v; json.Valid says object=%v", data, err, wantOK)
		}
		if err == nil {
			if _, err := d.MarshalJSON(); err != nil {
				t.Fatalf("DecodeItem accepted what does not encode: %v", err)
			}
		}
	})
}

func TestDecodeItemMalformed(t *testing.T) {
	for _, s := range []string{``, `[`, `{"id":`, `{"id":"x"`, `{"id" "x"}`, `{"a":[1,2}`, `{"a":"x}`, `{"properties":{"x":}}`, `nul`, `{"x":tru}`, `{"id":"a"} x`,
		`{"a":1,}`, `{"a":1 "b":2}`, `{"a":[1,]}`, `{"a":[1 2]}`, `{"a":01}`, "{\"a\":\"\x01\"}", `{"a":"\q"}`, `{"a":"\u12"}`,
		`{"a":1.}`, `{"a":-}`, `{"a":1e}`, `{,}`, `{"a"}`, `{"a":{"b" 1}}`, `{"a":[}`, `{"a":nulll}`} {
		if _, err := stac.DecodeItem([]byte(s)); err == nil {
			t.Errorf("DecodeItem(%q) accepted malformed JSON", s)
		}
	}
	valid := " {\"a\" : -0.5e+10 ,\"b\":[ ],\"c\":{ },\"d\":\"\\u00e9\\\"\\/\",\"e\":[true,false,null,0,1E2,-0.0],\"f\":\"\xff\"} \n"
	if !json.Valid([]byte(valid)) {
		t.Fatal("test input is not valid JSON")
	}
	if _, err := stac.DecodeItem([]byte(valid)); err != nil {
		t.Errorf("DecodeItem rejected valid JSON: %v", err)
	}
}
