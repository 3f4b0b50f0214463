package stac

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Property names with typed fields in [Properties].
const (
	PropDatetime      = "datetime"
	PropStartDatetime = "start_datetime"
	PropEndDatetime   = "end_datetime"
)

// Properties are the properties of an [Item]. The three datetimes are typed;
// every other property is kept as raw JSON in Extra and written back as read.
//
// A nil Datetime is written as "datetime": null (STAC requires the member;
// null is allowed when StartDatetime and EndDatetime are set), except when the
// decoded document had no datetime member at all. Datetimes that were not
// changed are written back with the exact text they were read with.
type Properties struct {
	// Datetime is the nominal time of the item ("datetime"); nil means null.
	Datetime *time.Time
	// StartDatetime is "start_datetime"; nil means absent.
	StartDatetime *time.Time
	// EndDatetime is "end_datetime"; nil means absent.
	EndDatetime *time.Time
	// Extra holds every other property as raw JSON (and a datetime whose
	// text is not RFC 3339, kept verbatim).
	Extra map[string]json.RawMessage

	dt, start, end readTime
	// noDatetime is set when the decoded document had no "datetime" member.
	noDatetime bool
}

// readTime remembers the text a datetime was read from so that an unchanged
// value is written back byte for byte.
type readTime struct {
	text string
	t    time.Time
}

func (r readTime) format(t time.Time) string {
	if r.text != "" && t.Equal(r.t) {
		return r.text
	}
	return t.Format(time.RFC3339Nano)
}

// ParseTime parses an RFC 3339 timestamp as STAC uses them.
func ParseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, s)
}

// Get returns the raw JSON of property name. The typed datetimes are
// formatted as RFC 3339 strings.
func (p *Properties) Get(name string) (json.RawMessage, bool) {
	if t, rt := p.typed(name); t != nil {
		return appendString(nil, rt.format(*t)), true
	}
	v, ok := p.Extra[name]
	return v, ok
}

// Has reports whether property name is set (a null value counts as set).
func (p *Properties) Has(name string) bool {
	_, ok := p.Get(name)
	return ok
}

// Unmarshal decodes property name into v. It reports whether the property
// exists; v is left unchanged when it does not.
func (p *Properties) Unmarshal(name string, v any) (bool, error) {
	raw, ok := p.Get(name)
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("stac: property %q: %w", name, err)
	}
	return true, nil
}

// String returns property name when it is a JSON string.
func (p *Properties) String(name string) (string, bool) {
	raw, ok := p.Get(name)
	if !ok {
		return "", false
	}
	return decodeString(raw)
}

// Float returns property name when it is a JSON number.
func (p *Properties) Float(name string) (float64, bool) {
	raw, ok := p.Get(name)
	if !ok {
		return 0, false
	}
	return decodeFloat(raw)
}

// Set sets property name to v. For the three datetime names v may be a
// time.Time, a *time.Time (nil clears it), an RFC 3339 string or nil; any other
// property is encoded with encoding/json (a json.RawMessage is stored as is).
func (p *Properties) Set(name string, v any) error {
	if dst := p.typedField(name); dst != nil {
		var t *time.Time
		switch x := v.(type) {
		case nil:
		case time.Time:
			t = &x
		case *time.Time:
			if x != nil {
				c := *x
				t = &c
			}
		case string:
			parsed, err := ParseTime(x)
			if err != nil {
				return fmt.Errorf("stac: property %q: %w", name, err)
			}
			t = &parsed
		default:
			return fmt.Errorf("stac: property %q must be a time.Time, *time.Time, string or nil, not %T", name, v)
		}
		*dst = t
		delete(p.Extra, name)
		if name == PropDatetime {
			p.noDatetime = false
		}
		return nil
	}
	var raw json.RawMessage
	switch x := v.(type) {
	case json.RawMessage:
		if !json.Valid(x) {
			return fmt.Errorf("stac: property %q: invalid JSON", name)
		}
		raw = cloneRaw(x)
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("stac: property %q: %w", name, err)
		}
		raw = b
	}
	if p.Extra == nil {
		p.Extra = make(map[string]json.RawMessage)
	}
	p.Extra[name] = raw
	return nil
}

// Delete removes property name. Deleting "datetime" makes it null.
func (p *Properties) Delete(name string) {
	if dst := p.typedField(name); dst != nil {
		*dst = nil
	}
	delete(p.Extra, name)
}

// Names returns the names of all properties that are set, sorted.
func (p *Properties) Names() []string {
	names := make([]string, 0, len(p.Extra)+3)
	for k := range p.Extra {
		names = append(names, k)
	}
	for _, n := range []string{PropDatetime, PropStartDatetime, PropEndDatetime} {
		if t, _ := p.typed(n); t != nil && p.Extra[n] == nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

func (p *Properties) typedField(name string) **time.Time {
	switch name {
	case PropDatetime:
		return &p.Datetime
	case PropStartDatetime:
		return &p.StartDatetime
	case PropEndDatetime:
		return &p.EndDatetime
	}
	return nil
}

func (p *Properties) typed(name string) (*time.Time, readTime) {
	switch name {
	case PropDatetime:
		return p.Datetime, p.dt
	case PropStartDatetime:
		return p.StartDatetime, p.start
	case PropEndDatetime:
		return p.EndDatetime, p.end
	}
	return nil, readTime{}
}

// Clone returns a deep copy of p.
func (p Properties) Clone() Properties {
	c := p
	c.Datetime = cloneTime(p.Datetime)
	c.StartDatetime = cloneTime(p.StartDatetime)
	c.EndDatetime = cloneTime(p.EndDatetime)
	c.Extra = cloneExtra(p.Extra)
	return c
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}

// MarshalJSON encodes the properties object.
func (p Properties) MarshalJSON() ([]byte, error) {
	return p.appendJSON(nil)
}

func (p Properties) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	if p.Datetime != nil {
		w.str(PropDatetime, p.dt.format(*p.Datetime))
	} else if _, ok := p.Extra[PropDatetime]; !ok && !p.noDatetime {
		w.raw(PropDatetime, nil)
	}
	if p.StartDatetime != nil {
		w.str(PropStartDatetime, p.start.format(*p.StartDatetime))
	}
	if p.EndDatetime != nil {
		w.str(PropEndDatetime, p.end.format(*p.EndDatetime))
	}
	w.extra(p.Extra, func(k string) bool {
		t, _ := p.typed(k)
		return t != nil
	})
	return w.end()
}

// UnmarshalJSON decodes a properties object.
func (p *Properties) UnmarshalJSON(data []byte) error {
	return p.decode(data, rawKeeper{})
}

func (p *Properties) decode(data []byte, k rawKeeper) error {
	*p = Properties{noDatetime: true}
	r := newObjectReader(data)
	for r.next() {
		var dst **time.Time
		var rt *readTime
		switch string(r.key) {
		case PropDatetime:
			p.noDatetime = false
			dst, rt = &p.Datetime, &p.dt
		case PropStartDatetime:
			dst, rt = &p.StartDatetime, &p.start
		case PropEndDatetime:
			dst, rt = &p.EndDatetime, &p.end
		}
		if dst != nil {
			if s, ok := decodeString(r.val); ok {
				if t, err := ParseTime(s); err == nil {
					*dst = &t
					*rt = readTime{text: s, t: t}
					continue
				}
			}
		}
		k.putExtra(&p.Extra, r.key, r.val)
	}
	return r.err
}
