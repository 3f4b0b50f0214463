package jsonscan

// Members walks the members of one JSON object with the lenient skippers
// of this package:
//
//	m := NewMembers(b, i) // b[i] is the object's '{'
//	for m.Next() { use m.Key, m.Escaped, b[m.V0:m.V1] }
//	if m.Err != nil { ... }
//
// After the loop, End is the index just past the object's '}'.
type Members struct {
	b       []byte
	i       int
	started bool
	done    bool

	Key     []byte // the member's name, raw, quotes included
	Escaped bool   // whether Key has escapes (see AppendUnquoted)
	V0, V1  int    // the member's value is b[V0:V1]
	End     int    // after the last member: the index just past '}'
	Err     error
}

// NewMembers starts walking the object whose '{' is at b[i].
func NewMembers(b []byte, i int) Members {
	return Members{b: b, i: i + 1}
}

// Next reads the next member; it returns false at the end of the object or
// on an error (Err).
func (m *Members) Next() bool {
	if m.done {
		return false
	}
	b := m.b
	i := SkipSpace(b, m.i)
	if !m.started {
		m.started = true
		if i < len(b) && b[i] == '}' {
			m.done, m.End = true, i+1
			return false
		}
	} else {
		if i >= len(b) {
			return m.fail()
		}
		if b[i] == '}' {
			m.done, m.End = true, i+1
			return false
		}
		if b[i] != ',' {
			return m.fail()
		}
		i = SkipSpace(b, i+1)
	}
	if i >= len(b) || b[i] != '"' {
		return m.fail()
	}
	kEnd, esc, err := StringEnd(b, i)
	if err != nil {
		return m.fail()
	}
	m.Key, m.Escaped = b[i:kEnd], esc
	i = SkipSpace(b, kEnd)
	if i >= len(b) || b[i] != ':' {
		return m.fail()
	}
	i = SkipSpace(b, i+1)
	vEnd, err := ValueEnd(b, i)
	if err != nil {
		return m.fail()
	}
	m.V0, m.V1, m.i = i, vEnd, vEnd
	return true
}

func (m *Members) fail() bool {
	m.done, m.Err = true, ErrSyntax
	return false
}
