package store

import (
	"strconv"
	"strings"
	"unicode"
)

// A small CQL2-text parser: it translates the text into the CQL2-JSON form
// (maps and slices) that compileExpr reads. Supported: AND, OR, NOT,
// parentheses, = <> < <= > >=, [NOT] LIKE, [NOT] BETWEEN, [NOT] IN (...),
// IS [NOT] NULL, function-style predicates (S_INTERSECTS(a, b),
// T_INTERSECTS(a, b), ...), TIMESTAMP('...'), DATE('...'), INTERVAL('a', 'b'),
// BBOX(...), WKT geometries (POINT, LINESTRING, POLYGON and their MULTI
// forms), CASEI/ACCENTI, strings in single quotes, numbers, TRUE/FALSE and
// property names (bare or in double quotes).

// parseCQL2Text parses a CQL2-text filter into its CQL2-JSON form.
func parseCQL2Text(s string) (any, error) {
	toks, err := lexCQL2(s)
	if err != nil {
		return nil, err
	}
	p := &textParser{toks: toks}
	v, err := p.boolExpr(0)
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, p.errorf("unexpected %q", p.toks[p.pos].text)
	}
	return v, nil
}

type tokKind int

const (
	tIdent tokKind = iota // bare word or "quoted" identifier
	tQuoted
	tString
	tNumber
	tPunct // ( ) , and comparison operators
)

type token struct {
	kind tokKind
	text string
}

func lexCQL2(s string) ([]token, error) {
	var out []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(rs); j++ {
				if rs[j] == '\'' {
					if j+1 < len(rs) && rs[j+1] == '\'' {
						b.WriteRune('\'')
						j++
						continue
					}
					break
				}
				b.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, qerr("filter", "cql2-text: unterminated string")
			}
			out = append(out, token{tString, b.String()})
			i = j + 1
		case r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			if j >= len(rs) {
				return nil, qerr("filter", "cql2-text: unterminated quoted identifier")
			}
			out = append(out, token{tQuoted, string(rs[i+1 : j])})
			i = j + 1
		case r == '(' || r == ')' || r == ',' || r == '=':
			out = append(out, token{tPunct, string(r)})
			i++
		case r == '<' || r == '>' || r == '!':
			op := string(r)
			if i+1 < len(rs) && (rs[i+1] == '=' || (r == '<' && rs[i+1] == '>')) {
				op += string(rs[i+1])
			}
			if op == "!" {
				return nil, qerr("filter", "cql2-text: unexpected '!'")
			}
			out = append(out, token{tPunct, op})
			i += len([]rune(op))
		case unicode.IsDigit(r) || ((r == '-' || r == '+' || r == '.') && i+1 < len(rs) && (unicode.IsDigit(rs[i+1]) || rs[i+1] == '.')):
			j := i + 1
			for j < len(rs) && (unicode.IsDigit(rs[j]) || rs[j] == '.' || rs[j] == 'e' || rs[j] == 'E' ||
				((rs[j] == '-' || rs[j] == '+') && (rs[j-1] == 'e' || rs[j-1] == 'E'))) {
				j++
			}
			out = append(out, token{tNumber, string(rs[i:j])})
			i = j
		case unicode.IsLetter(r) || r == '_':
			j := i + 1
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || strings.ContainsRune("_:.-", rs[j])) {
				j++
			}
			out = append(out, token{tIdent, string(rs[i:j])})
			i = j
		default:
			return nil, qerr("filter", "cql2-text: unexpected character %q", r)
		}
	}
	return out, nil
}

type textParser struct {
	toks []token
	pos  int
}

func (p *textParser) errorf(format string, args ...any) *QueryError {
	return qerr("filter", "cql2-text: "+format, args...)
}

func (p *textParser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// keyword reports whether the next token is the bare word kw (any case).
func (p *textParser) keyword(kw string) bool {
	t := p.peek()
	return t != nil && t.kind == tIdent && strings.EqualFold(t.text, kw)
}

func (p *textParser) punct(s string) bool {
	t := p.peek()
	return t != nil && t.kind == tPunct && t.text == s
}

func (p *textParser) expect(s string) error {
	if !p.punct(s) {
		if t := p.peek(); t != nil {
			return p.errorf("expected %q, found %q", s, t.text)
		}
		return p.errorf("expected %q at the end", s)
	}
	p.pos++
	return nil
}

func op(name string, args ...any) map[string]any {
	return map[string]any{"op": name, "args": args}
}

func (p *textParser) boolExpr(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("expression nested too deeply")
	}
	left, err := p.andExpr(depth)
	if err != nil {
		return nil, err
	}
	args := []any{left}
	for p.keyword("OR") {
		p.pos++
		right, err := p.andExpr(depth)
		if err != nil {
			return nil, err
		}
		args = append(args, right)
	}
	if len(args) == 1 {
		return left, nil
	}
	return op("or", args...), nil
}

func (p *textParser) andExpr(depth int) (any, error) {
	left, err := p.notExpr(depth)
	if err != nil {
		return nil, err
	}
	args := []any{left}
	for p.keyword("AND") {
		p.pos++
		right, err := p.notExpr(depth)
		if err != nil {
			return nil, err
		}
		args = append(args, right)
	}
	if len(args) == 1 {
		return left, nil
	}
	return op("and", args...), nil
}

func (p *textParser) notExpr(depth int) (any, error) {
	if p.keyword("NOT") {
		p.pos++
		e, err := p.notExpr(depth + 1)
		if err != nil {
			return nil, err
		}
		return op("not", e), nil
	}
	if p.punct("(") {
		// A parenthesised boolean expression, unless it is a scalar in
		// parentheses; boolean is by far the common case.
		save := p.pos
		p.pos++
		e, err := p.boolExpr(depth + 1)
		if err == nil && p.punct(")") {
			p.pos++
			return e, nil
		}
		p.pos = save
	}
	return p.predicate(depth)
}

func (p *textParser) predicate(depth int) (any, error) {
	left, err := p.scalar(depth)
	if err != nil {
		return nil, err
	}
	if m, ok := left.(map[string]any); ok {
		if _, isOp := m["op"]; isOp && !p.moreComparison() {
			return left, nil // a function-style predicate
		}
	}
	if b, ok := left.(bool); ok && !p.moreComparison() {
		return b, nil
	}
	negate := false
	if p.keyword("NOT") {
		p.pos++
		negate = true
	}
	var out any
	switch {
	case p.keyword("LIKE"):
		p.pos++
		pat, err := p.scalar(depth)
		if err != nil {
			return nil, err
		}
		out = op("like", left, pat)
	case p.keyword("BETWEEN"):
		p.pos++
		lo, err := p.scalar(depth)
		if err != nil {
			return nil, err
		}
		if !p.keyword("AND") {
			return nil, p.errorf("BETWEEN needs AND")
		}
		p.pos++
		hi, err := p.scalar(depth)
		if err != nil {
			return nil, err
		}
		out = op("between", left, lo, hi)
	case p.keyword("IN"):
		p.pos++
		list, err := p.argList(depth)
		if err != nil {
			return nil, err
		}
		out = op("in", left, list)
	case p.keyword("IS") && !negate:
		p.pos++
		isNot := false
		if p.keyword("NOT") {
			p.pos++
			isNot = true
		}
		if !p.keyword("NULL") {
			return nil, p.errorf("IS needs NULL")
		}
		p.pos++
		out = op("isNull", left)
		if isNot {
			out = op("not", out)
		}
	case !negate && p.peek() != nil && p.peek().kind == tPunct && isComparison(p.peek().text):
		cmp := p.peek().text
		p.pos++
		right, err := p.scalar(depth)
		if err != nil {
			return nil, err
		}
		out = op(cmp, left, right)
	default:
		if t := p.peek(); t != nil {
			return nil, p.errorf("unexpected %q", t.text)
		}
		return nil, p.errorf("incomplete predicate")
	}
	if negate {
		out = op("not", out)
	}
	return out, nil
}

// moreComparison reports whether a comparison follows.
func (p *textParser) moreComparison() bool {
	t := p.peek()
	if t == nil {
		return false
	}
	if t.kind == tPunct {
		return isComparison(t.text)
	}
	for _, kw := range []string{"LIKE", "BETWEEN", "IN", "IS", "NOT"} {
		if p.keyword(kw) {
			return true
		}
	}
	return false
}

func isComparison(s string) bool {
	switch s {
	case "=", "<>", "<", "<=", ">", ">=":
		return true
	}
	return false
}

// argList reads "(" scalar {"," scalar} ")".
func (p *textParser) argList(depth int) ([]any, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var out []any
	if p.punct(")") {
		p.pos++
		return out, nil
	}
	for {
		v, err := p.scalar(depth + 1)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if p.punct(",") {
			p.pos++
			continue
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return out, nil
	}
}

var wktTypes = map[string]string{
	"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon",
	"MULTIPOINT": "MultiPoint", "MULTILINESTRING": "MultiLineString", "MULTIPOLYGON": "MultiPolygon",
}

func (p *textParser) scalar(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("expression nested too deeply")
	}
	t := p.peek()
	if t == nil {
		return nil, p.errorf("unexpected end")
	}
	switch t.kind {
	case tString:
		p.pos++
		return t.text, nil
	case tNumber:
		p.pos++
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf("bad number %q", t.text)
		}
		return f, nil
	case tQuoted:
		p.pos++
		return map[string]any{"property": t.text}, nil
	case tPunct:
		if t.text == "(" {
			p.pos++
			v, err := p.scalar(depth + 1)
			if err != nil {
				return nil, err
			}
			return v, p.expect(")")
		}
		return nil, p.errorf("unexpected %q", t.text)
	}
	word := strings.ToUpper(t.text)
	p.pos++
	switch word {
	case "TRUE":
		return true, nil
	case "FALSE":
		return false, nil
	case "NULL":
		return nil, nil
	}
	if !p.punct("(") {
		return map[string]any{"property": t.text}, nil
	}
	if gt, ok := wktTypes[word]; ok {
		coords, err := p.wktCoords(word)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": gt, "coordinates": coords}, nil
	}
	args, err := p.argList(depth)
	if err != nil {
		return nil, err
	}
	switch word {
	case "TIMESTAMP", "DATE":
		if len(args) != 1 {
			return nil, p.errorf("%s takes one string", word)
		}
		return map[string]any{strings.ToLower(word): args[0]}, nil
	case "INTERVAL":
		if len(args) != 2 {
			return nil, p.errorf("INTERVAL takes two instants")
		}
		return map[string]any{"interval": args}, nil
	case "BBOX":
		return map[string]any{"bbox": args}, nil
	case "CASEI", "ACCENTI":
		if len(args) != 1 {
			return nil, p.errorf("%s takes one argument", word)
		}
		return map[string]any{strings.ToLower(word): args[0]}, nil
	}
	return op(strings.ToLower(t.text), args...), nil
}

// wktCoords reads the parenthesised coordinates of a WKT geometry.
func (p *textParser) wktCoords(kind string) (any, error) {
	var nest int
	switch kind {
	case "POINT":
		nest = 0
	case "LINESTRING":
		nest = 1
	case "MULTIPOINT":
		nest = 1
	case "POLYGON", "MULTILINESTRING":
		nest = 2
	case "MULTIPOLYGON":
		nest = 3
	}
	return p.wktLevel(nest, kind == "MULTIPOINT")
}

// wktLevel reads "(" items ")": positions at level 0, lists of the level
// below otherwise. MULTIPOINT accepts points with or without parentheses.
func (p *textParser) wktLevel(level int, multiPoint bool) (any, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	if level == 0 {
		pos, err := p.wktPosition()
		if err != nil {
			return nil, err
		}
		return pos, p.expect(")")
	}
	var out []any
	for {
		var item any
		var err error
		switch {
		case level == 1 && multiPoint && p.punct("("):
			item, err = p.wktLevel(0, false)
		case level == 1:
			item, err = p.wktPosition()
		default:
			item, err = p.wktLevel(level-1, false)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, item)
		if p.punct(",") {
			p.pos++
			continue
		}
		return out, p.expect(")")
	}
}

func (p *textParser) wktPosition() ([]any, error) {
	var pos []any
	for {
		t := p.peek()
		if t == nil || t.kind != tNumber {
			break
		}
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errorf("bad number %q", t.text)
		}
		pos = append(pos, f)
		p.pos++
	}
	if len(pos) < 2 || len(pos) > 3 {
		return nil, p.errorf("a WKT position needs 2 or 3 numbers")
	}
	return pos, nil
}
