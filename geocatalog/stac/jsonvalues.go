package stac

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/geocatalog-partner/sdk-go/internal/jsonscan"
)

// This file holds the value decoders and the writer behind the hand-written
// codecs of this package. The scanning is internal/jsonscan's, in its
// checked mode, so that decoders called directly, without encoding/json,
// reject malformed input.

var errSyntax = errors.New("stac: malformed JSON")

var errNotObject = errors.New("stac: JSON value is not an object")
var errNotArray = errors.New("stac: JSON value is not an array")

// maxDepth bounds the nesting of decoded geometries, like the scanner's.
const maxDepth = jsonscan.MaxDepth

// objectReader walks the members of the JSON object d (which holds that
// object and white space only), checking the grammar:
//
//	r := newObjectReader(data)
//	for r.next() { use r.key, r.val }
//	if r.err != nil { ... }
type objectReader struct {
	m   jsonscan.Members
	d   []byte // nil once the walk ended
	key []byte // unescaped member name (valid until the next call)
	val []byte // raw member value, capped
	err error
}

func newObjectReader(d []byte) objectReader {
	i := jsonscan.SkipSpace(d, 0)
	if i >= len(d) || d[i] != '{' {
		return objectReader{err: errNotObject}
	}
	return objectReader{m: jsonscan.NewCheckedMembers(d, i), d: d}
}

func (r *objectReader) next() bool {
	if r.err != nil || r.d == nil {
		return false
	}
	if !r.m.Next() {
		r.err = endOfWalk(r.d, r.m.End, r.m.Err)
		r.d = nil
		return false
	}
	if k := r.m.Key; !r.m.Escaped {
		r.key = k[1 : len(k)-1]
	} else {
		var s string
		if err := json.Unmarshal(k, &s); err != nil {
			r.err = err
			return false
		}
		r.key = []byte(s)
	}
	r.val = r.d[r.m.V0:r.m.V1:r.m.V1]
	return true
}

// endOfWalk is the error of a walk over d that ended at end: err, or
// errSyntax when more than white space follows the value.
func endOfWalk(d []byte, end int, err error) error {
	if err != nil || jsonscan.SkipSpace(d, end) != len(d) {
		return errSyntax
	}
	return nil
}

// arrayReader walks the elements of the JSON array d, as objectReader does
// the members of an object.
type arrayReader struct {
	e   jsonscan.Elements
	d   []byte
	val []byte
	err error
}

func newArrayReader(d []byte) arrayReader {
	i := jsonscan.SkipSpace(d, 0)
	if i >= len(d) || d[i] != '[' {
		return arrayReader{err: errNotArray}
	}
	return arrayReader{e: jsonscan.NewCheckedElements(d, i), d: d}
}

func (r *arrayReader) next() bool {
	if r.err != nil || r.d == nil {
		return false
	}
	if !r.e.Next() {
		r.err = endOfWalk(r.d, r.e.End, r.e.Err)
		r.d = nil
		return false
	}
	r.val = r.d[r.e.V0:r.e.V1:r.e.V1]
	return true
}

func isNull(raw []byte) bool { return len(raw) == 4 && string(raw) == "null" }

func isObject(raw []byte) bool { return len(raw) > 0 && raw[0] == '{' }

func isArray(raw []byte) bool { return len(raw) > 0 && raw[0] == '[' }

// decodeString decodes a JSON string value; ok is false when raw is not a string.
func decodeString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	if plainString(body) {
		return intern(body), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// plainString reports whether a string body has no escapes and is valid
// UTF-8, so that it can be used as is.
func plainString(body []byte) bool {
	return bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body)
}

// decodeStrings decodes an array of strings; ok is false for anything else.
// An empty array gives a non-nil empty slice.
func decodeStrings(raw []byte) ([]string, bool) {
	if !isArray(raw) {
		return nil, false
	}
	n := countElements(raw)
	out := make([]string, 0, n)
	r := newArrayReader(raw)
	for r.next() {
		s, ok := decodeString(r.val)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	if r.err != nil {
		return nil, false
	}
	return out, true
}

// decodeFloat decodes a JSON number.
func decodeFloat(raw []byte) (float64, bool) {
	if len(raw) == 0 || !(raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// decodeInt decodes a JSON number that is an integer.
func decodeInt(raw []byte) (int, bool) {
	if len(raw) == 0 || !(raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
		return 0, false
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0, false
	}
	return n, true
}

// decodeFloats decodes an array of numbers; ok is false for anything else.
func decodeFloats(raw []byte) ([]float64, bool) {
	if !isArray(raw) {
		return nil, false
	}
	out := make([]float64, 0, countElements(raw))
	r := newArrayReader(raw)
	for r.next() {
		f, ok := decodeFloat(r.val)
		if !ok {
			return nil, false
		}
		out = append(out, f)
	}
	if r.err != nil {
		return nil, false
	}
	return out, true
}

// countElements estimates the number of elements of an array, to size
// slices.
func countElements(raw []byte) int { return jsonscan.CountElements(raw) }

// decodeBool decodes true or false.
func decodeBool(raw []byte) (bool, bool) {
	switch string(raw) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// ---- encoding helpers ----

// appendString appends s as a JSON string, as encoding/json writes it with
// HTML escaping off.
func appendString(b []byte, s string) []byte { return jsonscan.AppendStringNoHTML(b, s) }

// appendFloat appends f the way encoding/json writes a float64.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308 {
		return b, fmt.Errorf("stac: unsupported number %v", f)
	}
	return jsonscan.AppendFloat(b, f), nil
}

func appendFloats(b []byte, fs []float64) ([]byte, error) {
	b = append(b, '[')
	var err error
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendFloat(b, f); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// objectWriter writes the members of one JSON object.
type objectWriter struct {
	b     []byte
	first bool
	err   error
}

func newObjectWriter(b []byte) objectWriter {
	return objectWriter{b: append(b, '{'), first: true}
}

func (w *objectWriter) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = appendString(w.b, k)
	w.b = append(w.b, ':')
}

func (w *objectWriter) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
}

// strIf writes a string member when v is not empty.
func (w *objectWriter) strIf(k, v string) {
	if v != "" {
		w.str(k, v)
	}
}

func (w *objectWriter) strs(k string, v []string) {
	w.key(k)
	w.b = appendStrings(w.b, v)
}

// strsIf writes a string array member when v is not nil.
func (w *objectWriter) strsIf(k string, v []string) {
	if v != nil {
		w.strs(k, v)
	}
}

func (w *objectWriter) floats(k string, v []float64) {
	w.key(k)
	var err error
	w.b, err = appendFloats(w.b, v)
	w.setErr(err)
}

func (w *objectWriter) raw(k string, v []byte) {
	w.key(k)
	if len(v) == 0 {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, v...)
}

func (w *objectWriter) boolean(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *objectWriter) integer(k string, v int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

func (w *objectWriter) setErr(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

// value writes a member whose value encodes itself with appendJSON.
func (w *objectWriter) value(k string, v jsonAppender) {
	w.key(k)
	var err error
	w.b, err = v.appendJSON(w.b)
	w.setErr(err)
}

// extra writes the members of m that are not already written as typed
// fields (written reports those), in sorted key order.
func (w *objectWriter) extra(m map[string]json.RawMessage, written func(string) bool) {
	if len(m) == 0 {
		return
	}
	for _, k := range sortedKeys(m) {
		if written != nil && written(k) {
			continue
		}
		w.raw(k, m[k])
	}
}

func (w *objectWriter) end() ([]byte, error) {
	w.b = append(w.b, '}')
	return w.b, w.err
}

// jsonAppender is implemented by the types of this package.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}
