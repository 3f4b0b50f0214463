package store

import (
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// tInterval is a closed time interval; open ends are minTime and maxTime.
type tInterval struct{ start, end time.Time }

var (
	minTime = time.Time{}
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// lookupProperty returns an item attribute for the CQL2 property name:
// id, collection, geometry, datetime (time) and the item's properties.
func lookupProperty(it *item, name string) any {
	switch name {
	case "id":
		return it.id
	case "collection":
		return it.coll
	case "geometry":
		g := it.geom()
		if g == nil {
			return nil
		}
		return g.g
	case "datetime":
		if it.has(flagDTProp) {
			dt, _, _ := it.times()
			return dt
		}
		return nil
	}
	v, _ := it.prop(name)
	return v
}

// Expression nodes.

type litNode struct{ v any }

func (n litNode) eval(*item) any { return n.v }

type listNode []node

func (n listNode) eval(it *item) any {
	out := make([]any, len(n))
	for i, e := range n {
		out[i] = e.eval(it)
	}
	return out
}

type propNode string

func (n propNode) eval(it *item) any { return lookupProperty(it, string(n)) }

type andNode []node

func (n andNode) eval(it *item) any {
	for _, a := range n {
		if !truthy(a.eval(it)) {
			return false
		}
	}
	return true
}

type orNode []node

func (n orNode) eval(it *item) any {
	for _, a := range n {
		if truthy(a.eval(it)) {
			return true
		}
	}
	return false
}

type notNode struct{ a node }

func (n notNode) eval(it *item) any {
	v := n.a.eval(it)
	if _, ok := v.(bool); !ok {
		return false
	}
	return !truthy(v)
}

type caseNode struct {
	n     node
	upper bool
}

func (n caseNode) eval(it *item) any {
	s, ok := n.n.eval(it).(string)
	if !ok {
		return n.n.eval(it)
	}
	if n.upper {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

type cmpNode struct {
	op   string
	a, b node
}

func (n cmpNode) eval(it *item) any {
	c, ok := compareValues(n.a.eval(it), n.b.eval(it))
	if !ok {
		return false
	}
	switch n.op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

// compareValues orders two values of comparable types: numbers, strings,
// booleans, and times (a string compared with a time is read as a time).
// ok is false for nulls and mismatched types.
func compareValues(a, b any) (int, bool) {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok {
			switch {
			case x < y:
				return -1, true
			case x > y:
				return 1, true
			}
			return 0, true
		}
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y), true
		case time.Time:
			if t, err := parseTime(x); err == nil {
				return t.Compare(y), true
			}
		}
	case bool:
		if y, ok := b.(bool); ok {
			return boolInt(x) - boolInt(y), true
		}
	case time.Time:
		switch y := b.(type) {
		case time.Time:
			return x.Compare(y), true
		case string:
			if t, err := parseTime(y); err == nil {
				return x.Compare(t), true
			}
		}
	}
	return 0, false
}

type inNode struct {
	a    node
	list listNode
}

func (n inNode) eval(it *item) any {
	v := n.a.eval(it)
	for _, e := range n.list {
		if c, ok := compareValues(v, e.eval(it)); ok && c == 0 {
			return true
		}
	}
	return false
}

type betweenNode struct{ a, lo, hi node }

func (n betweenNode) eval(it *item) any {
	v := n.a.eval(it)
	c1, ok1 := compareValues(v, n.lo.eval(it))
	c2, ok2 := compareValues(v, n.hi.eval(it))
	return ok1 && ok2 && c1 >= 0 && c2 <= 0
}

type isNullNode struct{ a node }

func (n isNullNode) eval(it *item) any { return n.a.eval(it) == nil }

// spatialNode is a spatial predicate; literal geometries and the item's
// geometry use their prepared forms.
type spatialNode struct {
	op     string
	a, b   node
	la, lb *geomOperand // prepared literals
}

func newSpatialNode(op string, a, b node) spatialNode {
	n := spatialNode{op: op, a: a, b: b}
	if l, ok := a.(litNode); ok {
		if g, ok := l.v.(orb.Geometry); ok {
			n.la = newGeomOperand(g)
		}
	}
	if l, ok := b.(litNode); ok {
		if g, ok := l.v.(orb.Geometry); ok {
			n.lb = newGeomOperand(g)
		}
	}
	return n
}

func spatialOperand(n node, lit *geomOperand, it *item) *geomOperand {
	if lit != nil {
		return lit
	}
	if p, ok := n.(propNode); ok && p == "geometry" {
		return it.geom()
	}
	if g, ok := n.eval(it).(orb.Geometry); ok && g != nil {
		return newGeomOperand(g)
	}
	return nil
}

func (n spatialNode) eval(it *item) any {
	ga, gb := spatialOperand(n.a, n.la, it), spatialOperand(n.b, n.lb, it)
	if ga == nil || gb == nil {
		return false
	}
	a, b := ga.g, gb.g
	switch n.op {
	case "s_intersects":
		return ga.meets(gb)
	case "s_disjoint":
		return !ga.meets(gb)
	case "s_within":
		return within(a, b)
	case "s_contains":
		return within(b, a)
	}
	return within(a, b) && within(b, a) // s_equals
}

type temporalNode struct {
	op   string
	a, b node
}

// temporalOperand reads a value as an interval; the datetime property of an
// item with a start/end range is that range.
func temporalOperand(n node, it *item) (tInterval, bool) {
	if p, ok := n.(propNode); ok && p == "datetime" {
		if !it.hasDT() {
			return tInterval{}, false
		}
		_, start, end := it.times()
		return tInterval{start: start, end: end}, true
	}
	switch v := n.eval(it).(type) {
	case time.Time:
		return tInterval{start: v, end: v}, true
	case tInterval:
		return v, true
	case string:
		if t, err := parseTime(v); err == nil {
			return tInterval{start: t, end: t}, true
		}
	}
	return tInterval{}, false
}

func (n temporalNode) eval(it *item) any {
	a, ok1 := temporalOperand(n.a, it)
	b, ok2 := temporalOperand(n.b, it)
	if !ok1 || !ok2 {
		return false
	}
	meets := !a.start.After(b.end) && !b.start.After(a.end)
	switch n.op {
	case "t_intersects":
		return meets
	case "t_disjoint":
		return !meets
	case "t_before":
		return a.end.Before(b.start)
	case "t_after":
		return a.start.After(b.end)
	case "t_during":
		return a.start.After(b.start) && a.end.Before(b.end)
	case "t_contains":
		return b.start.After(a.start) && b.end.Before(a.end)
	}
	return a.start.Equal(b.start) && a.end.Equal(b.end) // t_equals
}
