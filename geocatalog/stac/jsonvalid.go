package stac

import "github.com/geocatalog-partner/sdk-go/internal/jsonscan"

// A validating skipper: valueEnd checks the value it skips against the JSON
// grammar (RFC 8259), so that decoders called directly, without
// encoding/json's validation pass, still reject malformed input. It touches
// every byte once, in tight loops.

// maxDepth bounds the nesting of arrays and objects, like encoding/json.
const maxDepth = 10000

// valueEnd returns the index just past the JSON value that starts at d[i],
// or an error when the value is not valid JSON.
func valueEnd(d []byte, i int) (int, error) {
	return skipValue(d, i, 0)
}

func skipValue(d []byte, i, depth int) (int, error) {
	if i >= len(d) {
		return 0, errSyntax
	}
	switch c := d[i]; {
	case c == '"':
		end, _, err := stringEnd(d, i)
		return end, err
	case c == '{':
		return skipObject(d, i, depth+1)
	case c == '[':
		return skipArray(d, i, depth+1)
	case c == 't':
		return skipLiteral(d, i, "true")
	case c == 'f':
		return skipLiteral(d, i, "false")
	case c == 'n':
		return skipLiteral(d, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return numberEnd(d, i)
	}
	return 0, errSyntax
}

func skipLiteral(d []byte, i int, lit string) (int, error) {
	if len(d)-i < len(lit) || string(d[i:i+len(lit)]) != lit {
		return 0, errSyntax
	}
	return i + len(lit), nil
}

func skipObject(d []byte, i, depth int) (int, error) {
	if depth > maxDepth {
		return 0, errSyntax
	}
	i = jsonscan.SkipSpace(d, i+1)
	if i < len(d) && d[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(d) || d[i] != '"' {
			return 0, errSyntax
		}
		end, _, err := stringEnd(d, i)
		if err != nil {
			return 0, err
		}
		i = jsonscan.SkipSpace(d, end)
		if i >= len(d) || d[i] != ':' {
			return 0, errSyntax
		}
		if i, err = skipValue(d, jsonscan.SkipSpace(d, i+1), depth); err != nil {
			return 0, err
		}
		i = jsonscan.SkipSpace(d, i)
		if i >= len(d) {
			return 0, errSyntax
		}
		switch d[i] {
		case ',':
			i = jsonscan.SkipSpace(d, i+1)
		case '}':
			return i + 1, nil
		default:
			return 0, errSyntax
		}
	}
}

func skipArray(d []byte, i, depth int) (int, error) {
	if depth > maxDepth {
		return 0, errSyntax
	}
	i = jsonscan.SkipSpace(d, i+1)
	if i < len(d) && d[i] == ']' {
		return i + 1, nil
	}
	for {
		var err error
		if i, err = skipValue(d, i, depth); err != nil {
			return 0, err
		}
		i = jsonscan.SkipSpace(d, i)
		if i >= len(d) {
			return 0, errSyntax
		}
		switch d[i] {
		case ',':
			i = jsonscan.SkipSpace(d, i+1)
		case ']':
			return i + 1, nil
		default:
			return 0, errSyntax
		}
	}
}

// numberEnd returns the end of the number at d[i]:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func numberEnd(d []byte, i int) (int, error) {
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0, errSyntax
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			return 0, errSyntax
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, errSyntax
		}
	}
	return i, nil
}

// stringEnd returns the index just past the closing quote of the string that
// starts at d[i] (a '"'), and whether the string contains escapes. It rejects
// control characters and invalid escapes.
func stringEnd(d []byte, i int) (int, bool, error) {
	escaped := false
	for j := i + 1; j < len(d); j++ {
		c := d[j]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		switch c {
		case '"':
			return j + 1, escaped, nil
		case '\\':
			escaped = true
			j++
			if j >= len(d) {
				return 0, false, errSyntax
			}
			switch d[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(d) {
					return 0, false, errSyntax
				}
				for _, h := range d[j+1 : j+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0, false, errSyntax
					}
				}
				j += 4
			default:
				return 0, false, errSyntax
			}
		default: // control character
			return 0, false, errSyntax
		}
	}
	return 0, false, errSyntax
}
