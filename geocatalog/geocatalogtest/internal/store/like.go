package store

import (
	"regexp"
	"strings"
)

// likeNode is CQL2 like: % matches any run of characters, _ one character,
// a backslash escapes the next character. Matching is case-sensitive.
type likeNode struct {
	a   node
	pat node
	re  *regexp.Regexp // compiled once when the pattern is a literal
}

func newLikeNode(a, pat node) (node, error) {
	n := likeNode{a: a, pat: pat}
	if lit, ok := pat.(litNode); ok {
		s, ok := lit.v.(string)
		if !ok {
			return nil, qerr("filter", "the pattern of like must be a string")
		}
		n.re = likeRegexp(s)
	}
	return n, nil
}

func likeRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	esc := false
	for _, r := range pattern {
		switch {
		case esc:
			b.WriteString(regexp.QuoteMeta(string(r)))
			esc = false
		case r == '\\':
			esc = true
		case r == '%':
			b.WriteString(`.*`)
		case r == '_':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	if esc {
		b.WriteString(`\\`)
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

func (n likeNode) eval(it *item) any {
	s, ok := n.a.eval(it).(string)
	if !ok {
		return false
	}
	re := n.re
	if re == nil {
		p, ok := n.pat.eval(it).(string)
		if !ok {
			return false
		}
		re = likeRegexp(p)
	}
	return re.MatchString(s)
}
