package partner

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/geocatalog-partner/sdk-go/internal/jsonscan"
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
	i := jsonscan.SkipSpace(c.in, 0)
	if i >= len(raw) || raw[i] != '{' {
		return errSyntax
	}
	if err := c.object(i, kindTop); err != nil {
		if err == jsonscan.ErrSyntax {
			return errSyntax
		}
		return err
	}
	return nil
}

// collect reads the members of the object at i onto the member stack and
// sorts them; it returns the stack index of the first.
func (c *canonicalizer) collect(i int) (int, error) {
	start := len(c.members)
	m := jsonscan.NewMembers(c.in, i)
	for m.Next() {
		var key []byte
		var err error
		if c.keys, key, err = jsonscan.AppendUnquoted(c.keys, m.Key, m.Escaped); err != nil {
			return 0, err
		}
		c.members = append(c.members, member{key: key, v0: m.V0, v1: m.V1})
	}
	if m.Err != nil {
		return 0, m.Err
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
		c.out = jsonscan.AppendString(c.out, m.key)
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
	if c.keys, s, err = jsonscan.AppendUnquoted(c.keys, c.in[v0:v1], esc); err != nil {
		return err
	}
	defer func() { c.keys = c.keys[:keys] }()
	if t, err := time.Parse(time.RFC3339Nano, string(s)); err == nil {
		c.out = append(c.out, '"')
		c.out = t.UTC().AppendFormat(c.out, time.RFC3339Nano)
		c.out = append(c.out, '"')
		return nil
	}
	c.out = jsonscan.AppendString(c.out, s)
	return nil
}

// links writes the array of links at i without the links a catalog adds;
// it returns how many it wrote.
func (c *canonicalizer) links(i int) (int, error) {
	b := c.in
	c.out = append(c.out, '[')
	kept := 0
	i = jsonscan.SkipSpace(c.in, i+1)
	if i < len(b) && b[i] == ']' {
		c.out = append(c.out, ']')
		return 0, nil
	}
	for {
		end, err := jsonscan.ValueEnd(c.in, i)
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
		i = jsonscan.SkipSpace(c.in, end)
		if i >= len(b) {
			return 0, errSyntax
		}
		if b[i] == ']' {
			break
		}
		if b[i] != ',' {
			return 0, errSyntax
		}
		i = jsonscan.SkipSpace(c.in, i+1)
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
		if c.keys, rel, err = jsonscan.AppendUnquoted(c.keys, c.in[m.v0:m.v1], esc); err != nil {
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
		i = jsonscan.SkipSpace(c.in, i+1)
		if i < len(b) && b[i] == ']' {
			c.out = append(c.out, ']')
			return nil
		}
		for n := 0; ; n++ {
			if n > 0 {
				c.out = append(c.out, ',')
			}
			end, err := jsonscan.ValueEnd(c.in, i)
			if err != nil {
				return err
			}
			if err := c.value(i); err != nil {
				return err
			}
			i = jsonscan.SkipSpace(c.in, end)
			if i >= len(b) {
				return errSyntax
			}
			if b[i] == ']' {
				break
			}
			if b[i] != ',' {
				return errSyntax
			}
			i = jsonscan.SkipSpace(c.in, i+1)
		}
		c.out = append(c.out, ']')
		return nil
	case '"':
		end, esc, err := jsonscan.StringEnd(c.in, i)
		if err != nil {
			return err
		}
		keys := len(c.keys)
		var s []byte
		if c.keys, s, err = jsonscan.AppendUnquoted(c.keys, b[i:end], esc); err != nil {
			return err
		}
		c.out = jsonscan.AppendString(c.out, s)
		c.keys = c.keys[:keys]
		return nil
	case 't':
		return c.literal(i, "true")
	case 'f':
		return c.literal(i, "false")
	case 'n':
		return c.literal(i, "null")
	default:
		end, err := jsonscan.ValueEnd(c.in, i)
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
	c.out = jsonscan.AppendFloat(c.out, f)
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
