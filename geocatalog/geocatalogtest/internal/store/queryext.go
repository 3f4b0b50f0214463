package store

import (
	"encoding/json"
	"strings"
)

// compileQueryExt compiles the STAC API query extension
// ({"prop": {"op": value}}, ops eq, neq, lt, lte, gt, gte, startsWith,
// endsWith, contains, in) into an and of CQL2 nodes.
func compileQueryExt(raw json.RawMessage) (node, error) {
	var m map[string]map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, qerr("query", "must be an object of {property: {operator: value}}")
	}
	var out []node
	for prop, ops := range m {
		p := propNode(normField(prop))
		for op, v := range ops {
			switch v.(type) {
			case nil, string, float64, bool, []any:
			default:
				return nil, qerr("query", "%s %s: value must be a string, number, boolean or array", prop, op)
			}
			lit := litNode{v}
			switch strings.ToLower(op) {
			case "eq":
				out = append(out, cmpNode{op: "=", a: p, b: lit})
			case "neq", "ne":
				out = append(out, cmpNode{op: "<>", a: p, b: lit})
			case "lt":
				out = append(out, cmpNode{op: "<", a: p, b: lit})
			case "lte", "le":
				out = append(out, cmpNode{op: "<=", a: p, b: lit})
			case "gt":
				out = append(out, cmpNode{op: ">", a: p, b: lit})
			case "gte", "ge":
				out = append(out, cmpNode{op: ">=", a: p, b: lit})
			case "startswith", "endswith", "contains":
				if _, ok := v.(string); !ok && strings.ToLower(op) != "contains" {
					return nil, qerr("query", "%s %s: value must be a string", prop, op)
				}
				out = append(out, strOpNode{op: strings.ToLower(op), a: p, v: v})
			case "in":
				list, ok := v.([]any)
				if !ok {
					return nil, qerr("query", "%s in: value must be an array", prop)
				}
				ln := make(listNode, len(list))
				for i, e := range list {
					ln[i] = litNode{e}
				}
				out = append(out, inNode{a: p, list: ln})
			default:
				return nil, qerr("query", "unsupported operator %q", op)
			}
		}
	}
	return andNodes(out...), nil
}

// strOpNode is the query extension's startsWith, endsWith and contains;
// contains on an array property tests membership.
type strOpNode struct {
	op string
	a  node
	v  any
}

func (n strOpNode) eval(it *item) any {
	switch x := n.a.eval(it).(type) {
	case string:
		s, ok := n.v.(string)
		if !ok {
			return false
		}
		switch n.op {
		case "startswith":
			return strings.HasPrefix(x, s)
		case "endswith":
			return strings.HasSuffix(x, s)
		}
		return strings.Contains(x, s)
	case []any:
		if n.op != "contains" {
			return false
		}
		for _, e := range x {
			if c, ok := compareValues(e, n.v); ok && c == 0 {
				return true
			}
		}
	}
	return false
}
