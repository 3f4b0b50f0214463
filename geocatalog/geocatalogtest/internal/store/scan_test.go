package store

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzScanProps: the properties scanner agrees with encoding/json on every
// valid object and never panics.
func FuzzScanProps(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"a":1,"b":"x","c":true,"d":null,"e":[1,{"f":"]"}],"g":{"h":"}"}}`,
		`{"k\"ey":"v\\"al","é":"ü","n":-1.5e3}`, ` { "a" : [ ] , "b" : { } } `,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var want map[string]any
		if json.Unmarshal(raw, &want) != nil || !json.Valid(raw) {
			return
		}
		got, err := scanProps(raw)
		if err != nil {
			t.Fatalf("scanProps(%s): %v", raw, err)
		}
		gotMap := map[string]any{}
		for _, p := range got {
			v, _ := got.get(p.key)
			gotMap[p.key] = v
		}
		if !reflect.DeepEqual(gotMap, want) {
			t.Fatalf("scanProps(%s) = %v, encoding/json %v", raw, gotMap, want)
		}
	})
}

func TestNewItemRejects(t *testing.T) {
	for _, doc := range []string{
		`{"id":"x"`, `[]`, `"x"`, `{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}}`,
		`{"properties":{"datetime":"not a time"}}`, `{"properties":{"start_datetime":5,"end_datetime":"x"}}`,
	} {
		if _, err := newItem("c", "x", []byte(doc)); err == nil {
			t.Errorf("newItem(%s) accepted", doc)
		}
	}
}
