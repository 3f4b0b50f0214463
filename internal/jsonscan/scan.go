package jsonscan

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrSyntax is returned when the input ends early or a value cannot be
// delimited.
var ErrSyntax = errors.New("jsonscan: malformed JSON")

// IsSpace reports whether c is JSON white space.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace returns the index of the first byte at or after i that is not
// white space (len(b) when there is none).
func SkipSpace(b []byte, i int) int {
	for i < len(b) && IsSpace(b[i]) {
		i++
	}
	return i
}

// StringEnd returns the index just past the closing quote of the string
// that starts at b[i] (a '"'), and whether the string has escapes. It does
// not check the escapes or the characters.
func StringEnd(b []byte, i int) (end int, escaped bool, err error) {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			return j + 1, escaped, nil
		}
	}
	return 0, false, ErrSyntax
}

// ValueEnd returns the index just past the value that starts at b[i]:
// strings and nested arrays and objects are matched, and any other value
// (number or literal) runs to the next ',', '}', ']' or white space and
// must not be empty. It does not check the value against the grammar.
func ValueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, ErrSyntax
	}
	switch b[i] {
	case '"':
		end, _, err := StringEnd(b, i)
		return end, err
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				end, _, err := StringEnd(b, i)
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
		return 0, ErrSyntax
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if j == i {
					return 0, ErrSyntax
				}
				return j, nil
			}
			j++
		}
		if j == i {
			return 0, ErrSyntax
		}
		return j, nil
	}
}

// AppendUnquoted decodes the body of the JSON string s (quotes included)
// whose escapes StringEnd reported. Without escapes the body of s is
// returned as it is and dst is unchanged; otherwise the decoded text is
// appended to dst and returned as text (a slice of the new dst). Escapes
// are decoded as encoding/json does (a lone surrogate becomes U+FFFD);
// other bytes, invalid UTF-8 included, are copied.
func AppendUnquoted(dst, s []byte, escaped bool) (newDst, text []byte, err error) {
	s = s[1 : len(s)-1]
	if !escaped {
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
			return dst, nil, ErrSyntax
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
				return dst, nil, ErrSyntax
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
			return dst, nil, ErrSyntax
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

// AppendFloat appends f as encoding/json writes a float64. f must be
// finite (encoding/json rejects NaN and infinities; check before calling).
func AppendFloat(b []byte, f float64) []byte {
	abs := f
	if abs < 0 {
		abs = -abs
	}
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

// AppendString appends s as encoding/json writes a string with HTML
// escaping on (its default): '<', '>' and '&' as \u003c..., U+2028 and
// U+2029 escaped. Each byte of invalid UTF-8 is written as the character
// U+FFFD, as decoding the string with encoding/json and encoding it again
// does.
func AppendString(dst, s []byte) []byte {
	return appendString(dst, s, true)
}

// AppendStringNoHTML is AppendString with HTML escaping off (as
// json.Encoder.SetEscapeHTML(false) writes): '<', '>' and '&' are written
// as they are.
func AppendStringNoHTML(dst []byte, s string) []byte {
	return appendString(dst, s, false)
}

func appendString[S ~string | ~[]byte](dst []byte, s S, html bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if ch := s[i]; ch < utf8.RuneSelf {
			if ch >= 0x20 && ch != '"' && ch != '\\' && (!html || (ch != '<' && ch != '>' && ch != '&')) {
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
		// At most utf8.UTFMax bytes: converting them to a string does not
		// allocate.
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
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
