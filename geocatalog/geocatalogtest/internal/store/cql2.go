package store

import (
	"bytes"
	"encoding/json"
	"strings"
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
