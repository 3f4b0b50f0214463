package jsonscan

// The checked skippers: like StringEnd and ValueEnd, but they check what
// they skip against the JSON grammar (RFC 8259), so that decoders called
// directly, without encoding/json's validation pass, still reject
// malformed input. They touch every byte once, in tight loops.

// MaxDepth bounds the nesting of arrays and objects CheckedValueEnd
// accepts, like encoding/json.
const MaxDepth = 10000

// CheckedValueEnd returns the index just past the JSON value that starts at
// b[i], or ErrSyntax when the value is not valid JSON.
func CheckedValueEnd(b []byte, i int) (int, error) {
	return checkedValue(b, i, 0)
}

func checkedValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return 0, ErrSyntax
	}
	switch c := b[i]; {
	case c == '"':
		end, _, err := CheckedStringEnd(b, i)
		return end, err
	case c == '{':
		return checkedObject(b, i, depth+1)
	case c == '[':
		return checkedArray(b, i, depth+1)
	case c == 't':
		return literalEnd(b, i, "true")
	case c == 'f':
		return literalEnd(b, i, "false")
	case c == 'n':
		return literalEnd(b, i, "null")
	case c == '-' || (c >= '0' && c <= '9'):
		return NumberEnd(b, i)
	}
	return 0, ErrSyntax
}

func literalEnd(b []byte, i int, lit string) (int, error) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return 0, ErrSyntax
	}
	return i + len(lit), nil
}

func checkedObject(b []byte, i, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, ErrSyntax
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, ErrSyntax
		}
		end, _, err := CheckedStringEnd(b, i)
		if err != nil {
			return 0, err
		}
		i = SkipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, ErrSyntax
		}
		if i, err = checkedValue(b, SkipSpace(b, i+1), depth); err != nil {
			return 0, err
		}
		var done bool
		if i, done, err = afterElement(b, i, '}'); done || err != nil {
			return i, err
		}
	}
}

func checkedArray(b []byte, i, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, ErrSyntax
	}
	i = SkipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, nil
	}
	for {
		var err error
		if i, err = checkedValue(b, i, depth); err != nil {
			return 0, err
		}
		var done bool
		if i, done, err = afterElement(b, i, ']'); done || err != nil {
			return i, err
		}
	}
}

// afterElement reads what follows a member or element at b[i:]: a ','
// (next is where the next one starts) or the closing byte (done; next is
// the index just past it).
func afterElement(b []byte, i int, closing byte) (next int, done bool, err error) {
	i = SkipSpace(b, i)
	switch {
	case i >= len(b):
		return 0, false, ErrSyntax
	case b[i] == ',':
		return SkipSpace(b, i+1), false, nil
	case b[i] == closing:
		return i + 1, true, nil
	}
	return 0, false, ErrSyntax
}

// NumberEnd returns the end of the JSON number at b[i]:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func NumberEnd(b []byte, i int) (int, error) {
	if i < len(b) && b[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(b) && b[i] == '0' {
		i++
	} else if digits() == 0 {
		return 0, ErrSyntax
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return 0, ErrSyntax
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return 0, ErrSyntax
		}
	}
	return i, nil
}

// CheckedStringEnd is StringEnd that also rejects control characters and
// invalid escapes.
func CheckedStringEnd(b []byte, i int) (end int, escaped bool, err error) {
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		switch c {
		case '"':
			return j + 1, escaped, nil
		case '\\':
			escaped = true
			j++
			if j >= len(b) {
				return 0, false, ErrSyntax
			}
			switch b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(b) {
					return 0, false, ErrSyntax
				}
				for _, h := range b[j+1 : j+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return 0, false, ErrSyntax
					}
				}
				j += 4
			default:
				return 0, false, ErrSyntax
			}
		default: // control character
			return 0, false, ErrSyntax
		}
	}
	return 0, false, ErrSyntax
}

// CountElements estimates the number of elements of the array b (commas
// at depth one), to size slices. b must be a complete array.
func CountElements(b []byte) int {
	n, depth := 0, 0
	nonEmpty := false
	for j := 0; j < len(b); j++ {
		switch c := b[j]; c {
		case '[', '{':
			depth++
			if depth > 1 {
				nonEmpty = true
			}
		case ']', '}':
			depth--
		case ',':
			if depth == 1 {
				n++
			}
		case '"':
			nonEmpty = true
			end, _, err := StringEnd(b, j)
			if err != nil {
				return n + 1
			}
			j = end - 1
		default:
			if !IsSpace(c) {
				nonEmpty = true
			}
		}
	}
	if !nonEmpty {
		return 0
	}
	return n + 1
}
