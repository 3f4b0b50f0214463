package partner

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// canonicalizer writes the canonical form of an item's JSON that
// ContentHash hashes, in one pass over the bytes and without decoding into
// maps: object members sorted by name (the last of repeated names wins),
// no white space, numbers as encoding/json writes a float64, strings
// decoded and written again as encoding/json writes them (HTML characters
// escaped), and the catalog's own members left out (see ContentHash). The
// output is byte for byte what encoding/json produces for the item decoded
// into map[string]any, with those members deleted.
type canonicalizer struct {
	in      []byte
	out     []byte
	members []member // a stack: each object uses the members from its start
	keys    []byte   // decoded names that had escapes
}

// member is one object member: its decoded name and its value's bytes.
type member struct {
	key    []byte
	v0, v1 int
}

var errSyntax = errors.New("invalid JSON")

// object kinds: what to leave out of an object's members.
const (
	kindPlain  = iota
	kindTop    // the item: server members; links, properties and assets are special
	kindProps  // properties: server members; time properties are normalised
	kindAssets // the assets map
	kindAsset  // one asset: server members and href
)

func (c *canonicalizer) reset() {
	c.out, c.members, c.keys = c.out[:0], c.members[:0], c.keys[:0]
}

// item writes the canonical form of the item raw.
func (c *canonicalizer) item(raw []byte) error {
	c.in = raw
	defer func() { c.in = nil }()
	i := c.ws(0)
	if i >= len(raw) || raw[i] != '{' {
		return errSyntax
	}
	return c.object(i, kindTop)
}

func (c *canonicalizer) ws(i int) int {
	for i < len(c.in) {
		switch c.in[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skip returns the end of the value starting at i.
func (c *canonicalizer) skip(i int) (int, error) {
	b := c.in
	if i >= len(b) {
		return 0, errSyntax
	}
	switch b[i] {
	case '"':
		end, _, err := c.str(i)
		return end, err
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, _, err := c.str(i)
				if err != nil {
					return 0, err
				}
				i = end
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return 0, errSyntax
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if j == i {
					return 0, errSyntax
				}
				return j, nil
			}
			j++
		}
		if j == i {
			return 0, errSyntax
		}
		return j, nil
	}
}

// str returns the end of the string starting at i (after its closing
// quote) and whether it has escapes.
func (c *canonicalizer) str(i int) (int, bool, error) {
	b := c.in
	esc := false
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			esc = true
			j++
		case '"':
			return j + 1, esc, nil
		}
	}
	return 0, false, errSyntax
}

// decoded returns the text of the string b[i:end] (quotes included); a
// string with escapes is decoded into dst.
func decoded(dst, s []byte, esc bool) ([]byte, []byte, error) {
	s = s[1 : len(s)-1]
	if !esc {
		return dst, s, nil
	}
	start := len(dst)
	for i := 0; i < len(s); {
		ch := s[i]
		if ch != '\\' {
			dst = append(dst, ch)
			i++
			continue
		}
		if i+1 >= len(s) {
			return dst, nil, errSyntax
		}
		switch s[i+1] {
		case '"', '\\', '/':
			dst = append(dst, s[i+1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(s[i+2:])
			if r < 0 {
				return dst, nil, errSyntax
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					if d := utf16.DecodeRune(r, hex4(s[i+2:])); d != utf8.RuneError {
						dst = utf8.AppendRune(dst, d)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default:
			return dst, nil, errSyntax
		}
		i += 2
	}
	return dst, dst[start:], nil
}

func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, ch := range s[:4] {
		switch {
		case '0' <= ch && ch <= '9':
			ch -= '0'
		case 'a' <= ch && ch <= 'f':
			ch = ch - 'a' + 10
		case 'A' <= ch && ch <= 'F':
			ch = ch - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(ch)
	}
	return r
}

// collect reads the members of the object at i onto the member stack and
// sorts them; it returns the stack index of the first.
func (c *canonicalizer) collect(i int) (int, error) {
	b := c.in
	start := len(c.members)
	i = c.ws(i + 1)
	if i < len(b) && b[i] == '}' {
		return start, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errSyntax
		}
		kEnd, esc, err := c.str(i)
		if err != nil {
			return 0, err
		}
		var key []byte
		if c.keys, key, err = decoded(c.keys, b[i:kEnd], esc); err != nil {
			return 0, err
		}
		i = c.ws(kEnd)
		if i >= len(b) || b[i] != ':' {
			return 0, errSyntax
		}
		i = c.ws(i + 1)
		vEnd, err := c.skip(i)
		if err != nil {
			return 0, err
		}
		c.members = append(c.members, member{key: key, v0: i, v1: vEnd})
		i = c.ws(vEnd)
		if i >= len(b) {
			return 0, errSyntax
		}
		if b[i] == '}' {
			break
		}
		if b[i] != ',' {
			return 0, errSyntax
		}
		i = c.ws(i + 1)
	}
	slices.SortStableFunc(c.members[start:], func(x, y member) int { return bytes.Compare(x.key, y.key) })
	return start, nil
}

func serverMember(k []byte) bool {
	return bytes.HasPrefix(k, []byte("_msft:")) || bytes.HasPrefix(k, []byte("msft:_"))
}

// object writes the object at i, leaving out what its kind says.
func (c *canonicalizer) object(i int, kind int) error {
	keys := len(c.keys)
	start, err := c.collect(i)
	if err != nil {
		return err
	}
	end := len(c.members)
	c.out = append(c.out, '{')
	n := 0
	for k := start; k < end; k++ {
		m := c.members[k]
		if k+1 < end && bytes.Equal(c.members[k+1].key, m.key) {
			continue // a later member of the same name wins
		}
		if kind != kindPlain && kind != kindAssets && serverMember(m.key) {
			continue
		}
		if kind == kindAsset && string(m.key) == "href" {
			continue
		}
		mark := len(c.out)
		if n > 0 {
			c.out = append(c.out, ',')
		}
		c.out = appendJSONString(c.out, m.key)
		c.out = append(c.out, ':')
		first := c.in[m.v0]
		switch {
		case kind == kindTop && first == '{' && string(m.key) == "properties":
			err = c.object(m.v0, kindProps)
		case kind == kindTop && first == '{' && string(m.key) == "assets":
			err = c.object(m.v0, kindAssets)
		case kind == kindAssets && first == '{':
			err = c.object(m.v0, kindAsset)
		case kind == kindTop && first == '[' && string(m.key) == "links":
			var kept int
			if kept, err = c.links(m.v0); err == nil && kept == 0 {
				c.out = c.out[:mark] // an empty list and no list are the same content
				continue
			}
		case kind == kindProps && first == '"' && isTimeProperty(m.key):
			err = c.timeValue(m.v0, m.v1)
		default:
			err = c.value(m.v0)
		}
		if err != nil {
			return err
		}
		n++
	}
	c.out = append(c.out, '}')
	c.members = c.members[:start]
	c.keys = c.keys[:keys]
	return nil
}

func isTimeProperty(k []byte) bool {
	for _, name := range timeProperties {
		if string(k) == name {
			return true
		}
	}
	return false
}

// timeValue writes a time property: an RFC 3339 instant in UTC, or the
// string as it is when it does not parse.
func (c *canonicalizer) timeValue(v0, v1 int) error {
	var s []byte
	var err error
	esc := bytes.IndexByte(c.in[v0:v1], '\\') >= 0
	keys := len(c.keys)
	if c.keys, s, err = decoded(c.keys, c.in[v0:v1], esc); err != nil {
		return err
	}
	defer func() { c.keys = c.keys[:keys] }()
	if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
		c.out = append(c.out, '"')
		c.out = t.UTC().AppendFormat(c.out, time.RFC3339Nano)
		c.out = append(c.out, '"')
		return nil
	}
	c.out = appendJSONString(c.out, s)
	return nil
}

// links writes the array of links at i without the links a catalog adds;
// it returns how many it wrote.
func (c *canonicalizer) links(i int) (int, error) {
	b := c.in
	c.out = append(c.out, '[')
	kept := 0
	i = c.ws(i + 1)
	if i < len(b) && b[i] == ']' {
		c.out = append(c.out, ']')
		return 0, nil
	}
	for {
		end, err := c.skip(i)
		if err != nil {
			return 0, err
		}
		server, err := c.serverLink(i)
		if err != nil {
			return 0, err
		}
		if !server {
			if kept > 0 {
				c.out = append(c.out, ',')
			}
			if err := c.value(i); err != nil {
				return 0, err
			}
			kept++
		}
		i = c.ws(end)
		if i >= len(b) {
			return 0, errSyntax
		}
		if b[i] == ']' {
			break
		}
		if b[i] != ',' {
			return 0, errSyntax
		}
		i = c.ws(i + 1)
	}
	c.out = append(c.out, ']')
	return kept, nil
}

// serverLink reports whether the value at i is a link object whose rel is
// one a catalog adds.
func (c *canonicalizer) serverLink(i int) (bool, error) {
	if c.in[i] != '{' {
		return false, nil
	}
	keys := len(c.keys)
	start, err := c.collect(i)
	if err != nil {
		return false, err
	}
	defer func() { c.members, c.keys = c.members[:start], c.keys[:keys] }()
	for k := len(c.members) - 1; k >= start; k-- {
		m := c.members[k]
		if string(m.key) != "rel" {
			continue
		}
		if c.in[m.v0] != '"' {
			return false, nil
		}
		var rel []byte
		esc := bytes.IndexByte(c.in[m.v0:m.v1], '\\') >= 0
		if c.keys, rel, err = decoded(c.keys, c.in[m.v0:m.v1], esc); err != nil {
			return false, err
		}
		return serverLinkRels[string(rel)], nil
	}
	return false, nil
}

// value writes the value at i in canonical form.
func (c *canonicalizer) value(i int) error {
	b := c.in
	switch b[i] {
	case '{':
		return c.object(i, kindPlain)
	case '[':
		c.out = append(c.out, '[')
		i = c.ws(i + 1)
		if i < len(b) && b[i] == ']' {
			c.out = append(c.out, ']')
			return nil
		}
		for n := 0; ; n++ {
			if n > 0 {
				c.out = append(c.out, ',')
			}
			end, err := c.skip(i)
			if err != nil {
				return err
			}
			if err := c.value(i); err != nil {
				return err
			}
			i = c.ws(end)
			if i >= len(b) {
				return errSyntax
			}
			if b[i] == ']' {
				break
			}
			if b[i] != ',' {
				return errSyntax
			}
			i = c.ws(i + 1)
		}
		c.out = append(c.out, ']')
		return nil
	case '"':
		end, esc, err := c.str(i)
		if err != nil {
			return err
		}
		keys := len(c.keys)
		var s []byte
		if c.keys, s, err = decoded(c.keys, b[i:end], esc); err != nil {
			return err
		}
		c.out = appendJSONString(c.out, s)
		c.keys = c.keys[:keys]
		return nil
	case 't':
		return c.literal(i, "true")
	case 'f':
		return c.literal(i, "false")
	case 'n':
		return c.literal(i, "null")
	default:
		end, err := c.skip(i)
		if err != nil {
			return err
		}
		return c.number(b[i:end])
	}
}

func (c *canonicalizer) literal(i int, lit string) error {
	if !bytes.HasPrefix(c.in[i:], []byte(lit)) {
		return errSyntax
	}
	c.out = append(c.out, lit...)
	return nil
}

// number writes a number as encoding/json writes the float64 it decodes to.
func (c *canonicalizer) number(num []byte) error {
	if isSmallInt(num) {
		c.out = append(c.out, num...)
		return nil
	}
	f, err := strconv.ParseFloat(string(num), 64)
	if err != nil {
		return errSyntax
	}
	c.out = appendFloat(c.out, f)
	return nil
}

// isSmallInt reports whether num is an integer of at most 15 digits, which
// a float64 holds exactly and encoding/json writes back unchanged.
func isSmallInt(num []byte) bool {
	d := num
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > 15 || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for _, ch := range d {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

// appendFloat formats f like encoding/json's float64 encoder.
func appendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as encoding/json writes a string (with HTML
// escaping); invalid UTF-8 becomes U+FFFD, as decoding then encoding does.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if ch := s[i]; ch < utf8.RuneSelf {
			if ch >= 0x20 && ch != '"' && ch != '\\' && ch != '<' && ch != '>' && ch != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch ch {
			case '\\', '"':
				dst = append(dst, '\\', ch)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[ch>>4], hexDigits[ch&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
