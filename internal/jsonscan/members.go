package jsonscan

// Members walks the members of one JSON object:
//
//	m := NewMembers(b, i) // b[i] is the object's '{'
//	for m.Next() { use m.Key, m.Escaped, b[m.V0:m.V1] }
//	if m.Err != nil { ... }
//
// After the loop, End is the index just past the object's '}'. NewMembers
// skips names and values with the lenient StringEnd and ValueEnd;
// NewCheckedMembers checks them against the grammar (CheckedStringEnd,
// CheckedValueEnd).
type Members struct {
	b       []byte
	i       int
	started bool
	done    bool
	checked bool
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

// NewCheckedMembers is NewMembers that checks every name and value against
// the JSON grammar.
func NewCheckedMembers(b []byte, i int) Members {
	return Members{b: b, i: i + 1, checked: true}
}

// Next reads the next member; it returns false at the end of the object or
// on an error (Err).
func (m *Members) Next() bool {
	if m.done {
		return false
	}
	b := m.b
	i, ok := m.separator(b, '}')
	if !ok {
		return false
	}
	if i >= len(b) || b[i] != '"' {
		return m.fail()
	}
	var kEnd int
	var esc bool
	var err error
	if m.checked {
		kEnd, esc, err = CheckedStringEnd(b, i)
	} else {
		kEnd, esc, err = StringEnd(b, i)
	}
	if err != nil {
		return m.fail()
	}
	m.Key, m.Escaped = b[i:kEnd], esc
	i = SkipSpace(b, kEnd)
	if i >= len(b) || b[i] != ':' {
		return m.fail()
	}
	i = SkipSpace(b, i+1)
	vEnd, err := valueEnd(b, i, m.checked)
	if err != nil {
		return m.fail()
	}
	m.V0, m.V1, m.i = i, vEnd, vEnd
	return true
}

// separator reads what comes before a member or element: nothing before the
// first, a ',' before the others, or the closing byte, which ends the walk
// (ok false). i is where the member or element starts.
func (m *Members) separator(b []byte, closing byte) (i int, ok bool) {
	i = SkipSpace(b, m.i)
	if !m.started {
		m.started = true
		if i < len(b) && b[i] == closing {
			m.done, m.End = true, i+1
			return 0, false
		}
		return i, true
	}
	if i >= len(b) {
		return 0, m.fail()
	}
	if b[i] == closing {
		m.done, m.End = true, i+1
		return 0, false
	}
	if b[i] != ',' {
		return 0, m.fail()
	}
	return SkipSpace(b, i+1), true
}

func (m *Members) fail() bool {
	m.done, m.Err = true, ErrSyntax
	return false
}

func valueEnd(b []byte, i int, checked bool) (int, error) {
	if checked {
		return CheckedValueEnd(b, i)
	}
	return ValueEnd(b, i)
}

// Elements walks the elements of one JSON array:
//
//	e := NewElements(b, i) // b[i] is the array's '['
//	for e.Next() { use b[e.V0:e.V1] }
//	if e.Err != nil { ... }
//
// After the loop, End is the index just past the array's ']'.
// NewCheckedElements checks the elements against the grammar.
type Elements struct {
	m Members // the walk state; Key and Escaped stay unset
	// V0, V1: the element is b[V0:V1].
	V0, V1 int
	// End: after the last element, the index just past ']'.
	End int
	Err error
}

// NewElements starts walking the array whose '[' is at b[i].
func NewElements(b []byte, i int) Elements {
	return Elements{m: NewMembers(b, i)}
}

// NewCheckedElements is NewElements that checks every element against the
// JSON grammar.
func NewCheckedElements(b []byte, i int) Elements {
	return Elements{m: NewCheckedMembers(b, i)}
}

// Next reads the next element; it returns false at the end of the array or
// on an error (Err).
func (e *Elements) Next() bool {
	m := &e.m
	if m.done {
		return false
	}
	i, ok := m.separator(m.b, ']')
	if !ok {
		e.End, e.Err = m.End, m.Err
		return false
	}
	vEnd, err := valueEnd(m.b, i, m.checked)
	if err != nil {
		m.fail()
		e.Err = m.Err
		return false
	}
	e.V0, e.V1, m.i = i, vEnd, vEnd
	return true
}
