package geocatalog

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// decodeBoth decodes doc with the buffered splitter, the streaming splitter
// (one byte per Read) and stac's own decoder, and reports disagreements.
func decodeBoth(t *testing.T, doc []byte) {
	var want stac.ItemCollection
	wantErr := want.UnmarshalJSON(doc)
	var got stac.ItemCollection
	gotErr := decodeItemCollection(append([]byte(nil), doc...), &got)
	var streamed []*stac.Item
	members, _, streamErr := newReaderStream(iotest.OneByteReader(bytes.NewReader(doc))).collection(func(it *stac.Item) bool {
		streamed = append(streamed, it)
		return true
	})
	if wantErr != nil {
		return // stac refuses it; the splitter may refuse or not, but must not panic
	}
	if gotErr != nil {
		t.Fatalf("stac decodes %q but the buffered splitter fails: %v", doc, gotErr)
	}
	if streamErr != nil {
		// The stream refuses only features that are not items, which stac
		// keeps raw instead of decoding.
		if len(want.Features) != 0 || want.Extra["features"] == nil {
			t.Fatalf("stac decodes %q but the stream fails: %v", doc, streamErr)
		}
		return
	}
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if !bytes.Equal(a, b) {
		t.Fatalf("buffered splitter differs:\n%s\n%s", a, b)
	}
	if len(streamed) != len(want.Features) {
		t.Fatalf("streamed %d features, want %d", len(streamed), len(want.Features))
	}
	for i := range streamed {
		x, _ := json.Marshal(streamed[i])
		y, _ := json.Marshal(want.Features[i])
		if !bytes.Equal(x, y) {
			t.Fatalf("streamed feature %d differs", i)
		}
	}
	if len(members) == 0 && len(want.Links) > 0 {
		t.Fatal("members lost")
	}
}

func TestFeatureStreamCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../shared/stac-corpus/responses/*.json")
	ex, _ := filepath.Glob(examplesDir + "/Stac*.json")
	for _, f := range ex {
		var fx struct {
			Responses map[string]struct {
				Body json.RawMessage `json:"body"`
			} `json:"responses"`
		}
		b, _ := os.ReadFile(f)
		_ = json.Unmarshal(b, &fx)
		for _, r := range fx.Responses {
			if bytes.Contains(r.Body, []byte(`"FeatureCollection"`)) {
				decodeBoth(t, r.Body)
			}
		}
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(`"FeatureCollection"`)) {
			decodeBoth(t, b)
		}
	}
	for _, doc := range []string{
		`{}`, `{"features":[]}`, `{"features":null,"links":[]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","id":"a\"]},{","properties":{"x":"}]\\"},"geometry":null}],"numberMatched":3,"x":[1,{"y":"]"}],"links":[{"rel":"next","href":"https://a/stac/search?token=1"}]}`,
		` { "links" : [ ] , "features" : [ { "id" : "b" , "type" : "Feature" } ] , "z" : true } `,
	} {
		decodeBoth(t, []byte(doc))
	}
}

func FuzzFeatureStream(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"a"}],"links":[]}`))
	f.Add([]byte(`{"features":[{"id":"x\\"}"},{"id":"y"}],"context":{"returned":2}}`))
	f.Add([]byte(`{"features":[1,"a",null,[]]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if !json.Valid(doc) {
			// Must not panic on garbage.
			var ic stac.ItemCollection
			_ = decodeItemCollection(append([]byte(nil), doc...), &ic)
			_, _, _ = newReaderStream(bytes.NewReader(doc)).collection(func(*stac.Item) bool { return true })
			return
		}
		decodeBoth(t, doc)
	})
}
