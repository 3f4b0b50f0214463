package stac

import (
	"encoding/json"
	"maps"
	"slices"
)

// sortedKeys returns the keys of m in ascending order.
func sortedKeys(m map[string]json.RawMessage) []string {
	return slices.Sorted(maps.Keys(m))
}

// rawKeeper knows whether the bytes being decoded are owned (a private copy
// that raw values may point into) or belong to the caller and must be copied.
type rawKeeper struct {
	owned bool
}

// keep returns raw as a value that may outlive the decode call: a capped
// sub-slice of an owned buffer, or a copy.
func (k rawKeeper) keep(raw []byte) json.RawMessage {
	if k.owned {
		return raw[:len(raw):len(raw)]
	}
	return append(json.RawMessage(nil), raw...)
}

// putExtra stores raw under key in *m, creating the map on first use.
func (k rawKeeper) putExtra(m *map[string]json.RawMessage, key []byte, raw []byte) {
	if *m == nil {
		*m = make(map[string]json.RawMessage, 4)
	}
	(*m)[intern(key)] = k.keep(raw)
}

// cloneExtra copies a map of raw values deeply.
func cloneExtra(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = cloneRaw(v)
	}
	return out
}

func cloneRaw(v json.RawMessage) json.RawMessage {
	if v == nil {
		return nil
	}
	return append(json.RawMessage(nil), v...)
}

// ownedCopy returns a private copy of data for a decoder to point into.
func ownedCopy(data []byte) []byte {
	return append([]byte(nil), data...)
}
