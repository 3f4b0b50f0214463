package store

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// node is a compiled CQL2 expression. eval returns nil, bool, float64,
// string, time.Time, tInterval, orb.Geometry or []any.
type node interface {
	eval(it *item) any
}

// compileFilterLang compiles a filter in the given language. post selects
// the default language: cql-json for POST (read as CQL2-JSON), cql2-text for
// GET (a value that is a JSON object is read as CQL2-JSON). A POST cql2-text
// filter is a JSON string.
func compileFilterLang(raw json.RawMessage, lang string, post bool) (node, error) {
	isObject := bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{"))
	text := false
	switch strings.ToLower(strings.TrimSpace(lang)) {
	case "cql2-json", "cql-json":
	case "":
		text = !post && !isObject
	case "cql2-text":
		text = true
	default:
		return nil, qerr("filter-lang", "%q is not one of cql2-json, cql-json, cql2-text", lang)
	}
	var v any
	if text {
		src := string(raw)
		if post {
			if err := json.Unmarshal(raw, &src); err != nil {
				return nil, qerr("filter", "a cql2-text filter must be a string")
			}
		}
		var err error
		if v, err = parseCQL2Text(src); err != nil {
			return nil, err
		}
	} else {
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, qerr("filter", "not valid JSON: %v", err)
		}
		if _, ok := v.(map[string]any); !ok {
			return nil, qerr("filter", "must be a CQL2-JSON object")
		}
	}
	return compileExpr(v, 0)
}

// andNodes joins optional expressions with and.
func andNodes(ns ...node) node {
	var out []node
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return andNode(out)
}

func truthy(v any) bool {
	b, ok := v.(bool)
	return ok && b
}

// opAliases maps CQL2 and legacy CQL-JSON operator names to canonical ones.
var opAliases = map[string]string{
	"and": "and", "or": "or", "not": "not",
	"=": "=", "eq": "=", "<>": "<>", "!=": "<>", "neq": "<>", "ne": "<>",
	"<": "<", "lt": "<", "<=": "<=", "lte": "<=", "le": "<=",
	">": ">", "gt": ">", ">=": ">=", "gte": ">=", "ge": ">=",
	"like": "like", "in": "in", "between": "between", "isnull": "isnull",
	"s_intersects": "s_intersects", "intersects": "s_intersects",
	"s_disjoint": "s_disjoint", "s_within": "s_within", "within": "s_within",
	"s_contains": "s_contains", "s_equals": "s_equals",
	"t_intersects": "t_intersects", "anyinteracts": "t_intersects",
	"t_before": "t_before", "before": "t_before", "t_after": "t_after", "after": "t_after",
	"t_during": "t_during", "during": "t_during", "t_equals": "t_equals", "tequals": "t_equals",
	"t_disjoint": "t_disjoint", "t_contains": "t_contains",
}

const maxDepth = 100

func compileExpr(v any, depth int) (node, error) {
	if depth > maxDepth {
		return nil, qerr("filter", "expression nested too deeply")
	}
	switch v := v.(type) {
	case nil, bool, float64, string:
		return litNode{v}, nil
	case []any:
		list := make(listNode, len(v))
		for i, e := range v {
			n, err := compileExpr(e, depth+1)
			if err != nil {
				return nil, err
			}
			list[i] = n
		}
		return list, nil
	case map[string]any:
		return compileObject(v, depth)
	}
	return nil, qerr("filter", "unexpected value %v", v)
}

func compileObject(m map[string]any, depth int) (node, error) {
	if op, ok := m["op"]; ok {
		name, ok := op.(string)
		if !ok {
			return nil, qerr("filter", "op must be a string")
		}
		args, ok := m["args"].([]any)
		if !ok {
			return nil, qerr("filter", "op %q needs an args array", name)
		}
		return compileOp(name, args, depth)
	}
	if p, ok := m["property"]; ok {
		name, ok := p.(string)
		if !ok || name == "" {
			return nil, qerr("filter", "property must be a non-empty string")
		}
		return propNode(normField(name)), nil
	}
	if ts, ok := m["timestamp"]; ok {
		return timeLiteral(ts)
	}
	if d, ok := m["date"]; ok {
		return timeLiteral(d)
	}
	if iv, ok := m["interval"]; ok {
		return intervalLiteral(iv)
	}
	if bb, ok := m["bbox"]; ok {
		return bboxLiteral(bb)
	}
	if _, ok := m["type"]; ok {
		raw, _ := json.Marshal(m)
		g, err := parseGeometry("filter", raw)
		if err != nil {
			return nil, err
		}
		return litNode{g}, nil
	}
	for _, fn := range []string{"casei", "accenti", "lower", "upper"} {
		if a, ok := m[fn]; ok && len(m) == 1 {
			n, err := compileExpr(a, depth+1)
			if err != nil {
				return nil, err
			}
			return caseNode{n: n, upper: fn == "upper"}, nil
		}
	}
	if len(m) == 1 { // legacy CQL-JSON: {"op": [args]}
		for k, a := range m {
			if args, ok := a.([]any); ok {
				return compileOp(k, args, depth)
			}
			if k == "not" {
				return compileOp(k, []any{a}, depth)
			}
		}
	}
	return nil, qerr("filter", "unknown expression %s", short(m))
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		b = append(b[:77], "..."...)
	}
	return string(b)
}

func compileOp(name string, rawArgs []any, depth int) (node, error) {
	op, ok := opAliases[strings.ToLower(name)]
	if !ok {
		return nil, qerr("filter", "unsupported operator %q", name)
	}
	args := make([]node, len(rawArgs))
	for i, a := range rawArgs {
		n, err := compileExpr(a, depth+1)
		if err != nil {
			return nil, err
		}
		args[i] = n
	}
	arity := func(n int) error {
		if len(args) != n {
			return qerr("filter", "operator %q takes %d arguments, got %d", name, n, len(args))
		}
		return nil
	}
	switch op {
	case "and", "or":
		if len(args) < 1 {
			return nil, qerr("filter", "operator %q needs arguments", name)
		}
		if op == "and" {
			return andNode(args), nil
		}
		return orNode(args), nil
	case "not":
		if err := arity(1); err != nil {
			return nil, err
		}
		return notNode{args[0]}, nil
	case "=", "<>", "<", "<=", ">", ">=":
		if err := arity(2); err != nil {
			return nil, err
		}
		return cmpNode{op: op, a: args[0], b: args[1]}, nil
	case "like":
		if err := arity(2); err != nil {
			return nil, err
		}
		return newLikeNode(args[0], args[1])
	case "in":
		if err := arity(2); err != nil {
			return nil, err
		}
		list, ok := args[1].(listNode)
		if !ok {
			return nil, qerr("filter", "the second argument of in must be an array")
		}
		return inNode{a: args[0], list: list}, nil
	case "between":
		if len(args) == 2 { // legacy: [x, [lo, hi]]
			if l, ok := args[1].(listNode); ok && len(l) == 2 {
				return betweenNode{a: args[0], lo: l[0], hi: l[1]}, nil
			}
		}
		if err := arity(3); err != nil {
			return nil, err
		}
		return betweenNode{a: args[0], lo: args[1], hi: args[2]}, nil
	case "isnull":
		if err := arity(1); err != nil {
			return nil, err
		}
		return isNullNode{args[0]}, nil
	case "s_intersects", "s_disjoint", "s_within", "s_contains", "s_equals":
		if err := arity(2); err != nil {
			return nil, err
		}
		return newSpatialNode(op, args[0], args[1]), nil
	default: // temporal
		if err := arity(2); err != nil {
			return nil, err
		}
		return temporalNode{op: op, a: args[0], b: args[1]}, nil
	}
}

func timeLiteral(v any) (node, error) {
	s, ok := v.(string)
	if !ok {
		return nil, qerr("filter", "timestamp must be a string")
	}
	t, err := parseTime(s)
	if err != nil {
		return nil, qerr("filter", "%q is not an RFC 3339 date-time", s)
	}
	return litNode{t}, nil
}

func intervalLiteral(v any) (node, error) {
	a, ok := v.([]any)
	if !ok || len(a) != 2 {
		return nil, qerr("filter", "interval must be an array of two instants")
	}
	iv := tInterval{start: minTime, end: maxTime}
	for i, e := range a {
		if m, ok := e.(map[string]any); ok {
			if ts, ok := m["timestamp"]; ok {
				e = ts
			} else if d, ok := m["date"]; ok {
				e = d
			}
		}
		s, ok := e.(string)
		if !ok {
			return nil, qerr("filter", "interval bounds must be strings")
		}
		if s == ".." || s == "" {
			continue
		}
		t, err := parseTime(s)
		if err != nil {
			return nil, qerr("filter", "%q is not an RFC 3339 date-time", s)
		}
		if i == 0 {
			iv.start = t
		} else {
			iv.end = t
		}
	}
	if iv.start.After(iv.end) {
		return nil, qerr("filter", "interval start is after its end")
	}
	return litNode{iv}, nil
}

func bboxLiteral(v any) (node, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, qerr("filter", "bbox must be an array of numbers")
	}
	bb := make([]float64, len(a))
	for i, e := range a {
		f, ok := e.(float64)
		if !ok {
			return nil, qerr("filter", "bbox must be an array of numbers")
		}
		bb[i] = f
	}
	if err := checkBBox(bb); err != nil {
		return nil, qerr("filter", "%s", err.(*QueryError).Msg)
	}
	return litNode{bboxGeometry(bboxCorners(bb))}, nil
}

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
		if it.geo == nil {
			return nil
		}
		return it.geo.g
	case "datetime":
		if it.hasDT {
			if v, _ := it.props.get("datetime"); v != nil {
				return it.dt
			}
		}
		return nil
	}
	v, _ := it.props.get(name)
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
		return it.geo
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
		if !it.hasDT {
			return tInterval{}, false
		}
		return tInterval{start: it.start, end: it.end}, true
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
