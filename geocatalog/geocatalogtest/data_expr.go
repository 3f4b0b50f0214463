package geocatalogtest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// exprNode is a parsed band math expression ("(image_b2-image_b1)/(image_b2+image_b1)").
type exprNode struct {
	op          byte // 0 number, 'v' variable, '+', '-', '*', '/', '^', 'n' negation
	num         float64
	name        string
	left, right *exprNode
}

// eval computes the expression with vars[name].
func (e *exprNode) eval(vars map[string]float64) float64 {
	switch e.op {
	case 0:
		return e.num
	case 'v':
		return vars[e.name]
	case 'n':
		return -e.left.eval(vars)
	}
	a, b := e.left.eval(vars), e.right.eval(vars)
	switch e.op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	case '/':
		return a / b
	default:
		return math.Pow(a, b)
	}
}

// names appends the variables of the expression.
func (e *exprNode) names(out map[string]bool) {
	if e == nil {
		return
	}
	if e.op == 'v' {
		out[e.name] = true
	}
	e.left.names(out)
	e.right.names(out)
}

// parseExpr parses one expression of + - * / ** and parentheses over
// numbers and band names.
func parseExpr(s string) (*exprNode, error) {
	p := &exprParser{s: s}
	e, err := p.sum()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at %d in expression %q", p.s[p.i:], p.i, s)
	}
	return e, nil
}

type exprParser struct {
	s string
	i int
}

func (p *exprParser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *exprParser) sum() (*exprNode, error) {
	l, err := p.product()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.i >= len(p.s) || (p.s[p.i] != '+' && p.s[p.i] != '-') {
			return l, nil
		}
		op := p.s[p.i]
		p.i++
		r, err := p.product()
		if err != nil {
			return nil, err
		}
		l = &exprNode{op: op, left: l, right: r}
	}
}

func (p *exprParser) product() (*exprNode, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.i >= len(p.s) || (p.s[p.i] != '*' && p.s[p.i] != '/') || strings.HasPrefix(p.s[p.i:], "**") {
			return l, nil
		}
		op := p.s[p.i]
		p.i++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = &exprNode{op: op, left: l, right: r}
	}
}

func (p *exprParser) unary() (*exprNode, error) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &exprNode{op: 'n', left: e}, nil
	}
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	p.space()
	if strings.HasPrefix(p.s[p.i:], "**") {
		p.i += 2
		exp, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &exprNode{op: '^', left: base, right: exp}, nil
	}
	return base, nil
}

func (p *exprParser) primary() (*exprNode, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("expression %q ends early", p.s)
	}
	c := p.s[p.i]
	switch {
	case c == '(':
		p.i++
		e, err := p.sum()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ')' {
			return nil, fmt.Errorf("missing ) in expression %q", p.s)
		}
		p.i++
		return e, nil
	case c >= '0' && c <= '9' || c == '.':
		j := p.i
		for j < len(p.s) && (p.s[j] >= '0' && p.s[j] <= '9' || p.s[j] == '.' || p.s[j] == 'e' || p.s[j] == 'E') {
			j++
		}
		f, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q in expression", p.s[p.i:j])
		}
		p.i = j
		return &exprNode{num: f}, nil
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		j := p.i
		for j < len(p.s) && (p.s[j] == '_' || p.s[j] >= 'a' && p.s[j] <= 'z' || p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= '0' && p.s[j] <= '9') {
			j++
		}
		name := p.s[p.i:j]
		p.i = j
		return &exprNode{op: 'v', name: name}, nil
	}
	return nil, fmt.Errorf("unexpected %q in expression %q", string(c), p.s)
}
