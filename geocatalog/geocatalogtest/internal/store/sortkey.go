package store

import (
	"cmp"
	"encoding/json"
	"time"
)

// sortVal is one component of a sort key.
type sortVal struct {
	kind byte // kNull, kBool, kNum, kStr, kTime
	b    bool
	n    float64
	s    string
	t    time.Time
}

const (
	kNull byte = 'z'
	kBool byte = 'b'
	kNum  byte = 'n'
	kStr  byte = 's'
	kTime byte = 't'
)

// kindRank orders values of different kinds; null is handled separately.
func kindRank(k byte) int {
	switch k {
	case kBool:
		return 0
	case kNum:
		return 1
	case kTime:
		return 2
	case kStr:
		return 3
	}
	return 4
}

// cmpSortVal compares two values ascending, nulls last regardless of
// direction (desc inverts everything but the null placement).
func cmpSortVal(a, b sortVal, desc bool) int {
	if a.kind == kNull || b.kind == kNull {
		switch {
		case a.kind == b.kind:
			return 0
		case a.kind == kNull:
			return 1
		default:
			return -1
		}
	}
	var c int
	if a.kind != b.kind {
		c = cmp.Compare(kindRank(a.kind), kindRank(b.kind))
	} else {
		switch a.kind {
		case kBool:
			c = cmp.Compare(boolInt(a.b), boolInt(b.b))
		case kNum:
			c = cmp.Compare(a.n, b.n)
		case kStr:
			c = cmp.Compare(a.s, b.s)
		case kTime:
			c = a.t.Compare(b.t)
		}
	}
	if desc {
		c = -c
	}
	return c
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fieldSortVal is the value of a sort field for an item.
func fieldSortVal(it *item, field string) sortVal {
	switch field {
	case "id":
		return sortVal{kind: kStr, s: it.id}
	case "collection":
		return sortVal{kind: kStr, s: it.coll}
	case "datetime":
		if it.hasDT() {
			dt, _, _ := it.times()
			return sortVal{kind: kTime, t: dt}
		}
		return sortVal{kind: kNull}
	}
	v := lookupProperty(it, field)
	switch v := v.(type) {
	case float64:
		return sortVal{kind: kNum, n: v}
	case bool:
		return sortVal{kind: kBool, b: v}
	case string:
		if field == "start_datetime" || field == "end_datetime" || field == "created" || field == "updated" {
			if t, err := parseTime(v); err == nil {
				return sortVal{kind: kTime, t: t}
			}
		}
		return sortVal{kind: kStr, s: v}
	case time.Time:
		return sortVal{kind: kTime, t: v}
	case nil:
		return sortVal{kind: kNull}
	}
	b, _ := json.Marshal(v) // arrays and objects: by their JSON text
	return sortVal{kind: kStr, s: string(b)}
}

// sortKey is an item with its key under a custom sort: the sortby values,
// then id and collection ascending.
type sortKey struct {
	it   *item
	vals []sortVal
}

func keyOf(it *item, sb []SortBy) sortKey {
	return keyInto(make([]sortVal, 0, len(sb)+2), it, sb)
}

// keyInto builds the key in vals' spare capacity (len(sb)+2 values).
func keyInto(vals []sortVal, it *item, sb []SortBy) sortKey {
	for _, s := range sb {
		vals = append(vals, fieldSortVal(it, s.Field))
	}
	vals = append(vals, sortVal{kind: kStr, s: it.id}, sortVal{kind: kStr, s: it.coll})
	return sortKey{it: it, vals: vals}
}

// cmpKeys compares key values under sb (extra trailing values ascending).
func cmpKeys(a, b []sortVal, sb []SortBy) int {
	for i := range a {
		if i >= len(b) {
			return 1
		}
		desc := i < len(sb) && sb[i].Desc
		if c := cmpSortVal(a[i], b[i], desc); c != 0 {
			return c
		}
	}
	if len(a) < len(b) {
		return -1
	}
	return 0
}

// defaultSortBy is the default order as sort criteria (id and collection
// ascending follow implicitly).
var defaultSortBy = []SortBy{{Field: "datetime", Desc: true}}

// isDefaultSort reports whether sb is the default order, so the pre-sorted
// indexes serve it.
func isDefaultSort(sb []SortBy) bool {
	switch len(sb) {
	case 0:
		return true
	case 1:
		return sb[0] == defaultSortBy[0]
	case 2:
		return sb[0] == defaultSortBy[0] && sb[1] == SortBy{Field: "id"}
	}
	return false
}

// defaultKey is an item's key under the default order.
func defaultKey(it *item) []sortVal {
	return keyOf(it, defaultSortBy).vals
}

// afterKey reports whether it comes strictly after key in the default order.
func afterKey(it *item, key []sortVal) bool {
	return cmpKeys(defaultKey(it), key, defaultSortBy) > 0
}
