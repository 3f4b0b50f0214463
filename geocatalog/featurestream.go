package geocatalog

import (
	"errors"
	"fmt"
	"io"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// featureStream splits a GeoJSON FeatureCollection into its features and
// its other top-level members without decoding the whole document first.
// Over a downloaded body (r == nil) the features are sub-slices of the body,
// which the decoded items take ownership of (no copy). Over a stream, each
// feature is copied out of a small window, so a page never exists in memory
// at once.
type featureStream struct {
	r        io.Reader
	buf      []byte
	pos, end int
	owned    bool // buf is the whole document; values may alias it
	err      error
}

var errTruncated = errors.New("geocatalog: truncated JSON in the response body")

func newBufferStream(b []byte) *featureStream {
	return &featureStream{buf: b, end: len(b), owned: true}
}

func newReaderStream(r io.Reader) *featureStream {
	return &featureStream{r: r, buf: make([]byte, 64<<10)}
}

// fill reads more input once the window is consumed.
func (s *featureStream) fill() bool {
	if s.r == nil || s.err != nil {
		return false
	}
	for {
		n, err := s.r.Read(s.buf)
		s.pos, s.end = 0, n
		if err != nil {
			s.err = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
}

func (s *featureStream) fail() error {
	if s.err != nil && s.err != io.EOF {
		return s.err
	}
	return errTruncated
}

// peek returns the next non-space byte without consuming it.
func (s *featureStream) peek() (byte, error) {
	for {
		for s.pos < s.end {
			switch b := s.buf[s.pos]; b {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return b, nil
			}
		}
		if !s.fill() {
			return 0, s.fail()
		}
	}
}

// expect consumes the next non-space byte, which must be c.
func (s *featureStream) expect(c byte) error {
	b, err := s.peek()
	if err != nil {
		return err
	}
	if b != c {
		return fmt.Errorf("geocatalog: unexpected %q in the response body, want %q", b, c)
	}
	s.pos++
	return nil
}

// value returns the next JSON value (object, array, string or literal).
// The result aliases the document only when the stream owns it.
func (s *featureStream) value() ([]byte, error) {
	if _, err := s.peek(); err != nil {
		return nil, err
	}
	var out []byte
	depth, inStr, esc := 0, false, false
	seg := s.pos
	for {
		if s.pos == s.end {
			out = append(out, s.buf[seg:s.pos]...)
			if !s.fill() {
				if depth == 0 && !inStr && len(out) > 0 && out[0] != '"' && out[0] != '{' && out[0] != '[' {
					return out, nil // a literal ending the input
				}
				return nil, s.fail()
			}
			seg = s.pos
		}
		b := s.buf[s.pos]
		if inStr {
			s.pos++
			switch {
			case esc:
				esc = false
			case b == '\\':
				esc = true
			case b == '"':
				inStr = false
				if depth == 0 {
					return s.result(out, seg), nil
				}
			}
			continue
		}
		switch b {
		case '"':
			inStr = true
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return s.result(out, seg), nil
			}
			depth--
			if depth == 0 {
				s.pos++
				return s.result(out, seg), nil
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return s.result(out, seg), nil
			}
		}
		s.pos++
	}
}

func (s *featureStream) result(out []byte, seg int) []byte {
	if out == nil && s.owned {
		return s.buf[seg:s.pos:s.pos]
	}
	return append(out, s.buf[seg:s.pos]...)
}

// collection walks a FeatureCollection: onItem gets every feature in order
// (returning false stops the walk, which then returns stopped=true); the
// other members are returned raw, in order, with "features" recorded as an
// empty array when present.
func (s *featureStream) collection(onItem func(*stac.Item) bool) (members []rawMember, stopped bool, err error) {
	if err := s.expect('{'); err != nil {
		return nil, false, err
	}
	b, err := s.peek()
	if err != nil {
		return nil, false, err
	}
	if b == '}' {
		s.pos++
		return nil, false, nil
	}
	for {
		key, err := s.value()
		if err != nil {
			return nil, false, err
		}
		if len(key) < 2 || key[0] != '"' {
			return nil, false, errors.New("geocatalog: malformed member name in the response body")
		}
		if err := s.expect(':'); err != nil {
			return nil, false, err
		}
		if string(key) == `"features"` {
			null, stopped, err := s.features(onItem)
			val := []byte("[]")
			if null {
				val = []byte("null")
			}
			members = append(members, rawMember{key: key, val: val})
			if err != nil || stopped {
				return members, stopped, err
			}
		} else {
			v, err := s.value()
			if err != nil {
				return nil, false, err
			}
			members = append(members, rawMember{key: key, val: v})
		}
		b, err := s.peek()
		if err != nil {
			return nil, false, err
		}
		s.pos++
		switch b {
		case ',':
		case '}':
			return members, false, nil
		default:
			return nil, false, fmt.Errorf("geocatalog: unexpected %q in the response body", b)
		}
	}
}

// features walks the features array; null reports "features": null.
func (s *featureStream) features(onItem func(*stac.Item) bool) (null, stopped bool, err error) {
	b, err := s.peek()
	if err != nil {
		return false, false, err
	}
	if b == 'n' {
		v, err := s.value()
		if err == nil && string(v) != "null" {
			err = errors.New("geocatalog: features is not an array")
		}
		return true, false, err
	}
	if err := s.expect('['); err != nil {
		return false, false, err
	}
	if b, err = s.peek(); err != nil {
		return false, false, err
	}
	if b == ']' {
		s.pos++
		return false, false, nil
	}
	for {
		raw, err := s.value()
		if err != nil {
			return false, false, err
		}
		if len(raw) == 0 || raw[0] != '{' {
			return false, false, errors.New("geocatalog: a feature is not a JSON object")
		}
		it, err := stac.DecodeItem(raw)
		if err != nil {
			return false, false, err
		}
		if !onItem(it) {
			return false, true, nil
		}
		b, err := s.peek()
		if err != nil {
			return false, false, err
		}
		s.pos++
		switch b {
		case ',':
		case ']':
			return false, false, nil
		default:
			return false, false, fmt.Errorf("geocatalog: unexpected %q in the features array", b)
		}
	}
}

// rawMember is one top-level member of a decoded document.
type rawMember struct{ key, val []byte }

// membersDocument re-assembles the members into a JSON object.
func membersDocument(members []rawMember) []byte {
	n := 2
	for _, m := range members {
		n += len(m.key) + len(m.val) + 2
	}
	b := make([]byte, 0, n)
	b = append(b, '{')
	for i, m := range members {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, m.key...)
		b = append(b, ':')
		b = append(b, m.val...)
	}
	return append(b, '}')
}

// decodeItemCollection decodes a downloaded FeatureCollection into ic; the
// items take ownership of sub-slices of body (no copy of the page). A
// document the splitter does not handle (a feature that is not an object,
// malformed JSON) is left to stac's own decoder, which keeps what it cannot
// model.
func decodeItemCollection(body []byte, ic *stac.ItemCollection) error {
	var items []*stac.Item
	members, _, err := newBufferStream(body).collection(func(it *stac.Item) bool {
		items = append(items, it)
		return true
	})
	if err != nil {
		*ic = stac.ItemCollection{}
		return ic.UnmarshalJSON(body)
	}
	if err := ic.UnmarshalJSON(membersDocument(members)); err != nil {
		return err
	}
	if items != nil {
		ic.Features = items
	}
	return nil
}
