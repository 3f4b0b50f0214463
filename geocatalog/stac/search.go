package stac

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Filter languages of the STAC API filter extension ("filter-lang").
const (
	FilterLangCQL2JSON = "cql2-json"
	FilterLangCQL2Text = "cql2-text"
	FilterLangCQLJSON  = "cql-json"
)

// Sort directions of [SortBy].
const (
	SortAsc  = "asc"
	SortDesc = "desc"
)

// SearchRequest is the body of POST /stac/search (STAC API item search with
// the query, sort, fields and filter extensions, plus the GeoCatalog "sign"
// and "duration" members). Zero values are omitted.
type SearchRequest struct {
	Collections []string  // "collections"
	IDs         []string  // "ids"
	BBox        []float64 // "bbox": 4 or 6 numbers
	// Intersects is a GeoJSON geometry ("intersects"); exclusive with BBox.
	Intersects Geometry
	// Datetime is an instant or an interval ("datetime"); see [DatetimeInstant],
	// [DatetimeInterval], [DatetimeFrom] and [DatetimeUntil].
	Datetime string
	Limit    int // "limit": page size
	// Query is the query extension ("query"): property -> {operator: value}.
	// Numbers decode as json.Number so that they keep their precision.
	Query  map[string]any
	SortBy []SortBy // "sortby"
	Fields *Fields  // "fields": include/exclude
	// Filter is a CQL2 filter ("filter"): a CQL2-JSON object as raw JSON, or a
	// JSON string holding CQL2 text.
	Filter     json.RawMessage
	FilterLang string // "filter-lang": cql2-json, cql2-text, cql-json
	FilterCRS  string // "filter-crs"
	Token      string // "token": paging token
	Sign       *bool  // "sign": sign asset hrefs with a SAS token
	Duration   int    // "duration": SAS lifetime of signed hrefs, in the api-version's unit (minutes for 2026-04-15, seconds for 2025-04-30-preview); geocatalog.SearchOptions converts a time.Duration for you
	// Extra holds the members not modelled above, as raw JSON.
	Extra map[string]json.RawMessage
}

// SortBy is one sort key of the sort extension.
type SortBy struct {
	Field     string // "field", for example "datetime" or "properties.eo:cloud_cover"
	Direction string // "direction": "asc" or "desc"
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// Fields is the fields extension: properties to include in or exclude from
// the returned items.
type Fields struct {
	Include []string // "include"; nil means absent
	Exclude []string // "exclude"; nil means absent
	// Extra holds the members not modelled above.
	Extra map[string]json.RawMessage
}

// Bool returns a pointer to b, for [SearchRequest.Sign].
func Bool(b bool) *bool { return &b }

// String formats s for the GET form: "field" or "-field".
func (s SortBy) String() string {
	if strings.EqualFold(s.Direction, SortDesc) {
		return "-" + s.Field
	}
	return s.Field
}

// FormatSortBy formats sort keys for the GET sortby parameter ("+a,-b" form
// without the plus sign).
func FormatSortBy(keys []SortBy) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k.String()
	}
	return strings.Join(parts, ",")
}

// ParseSortBy parses the GET sortby parameter ("a,-b,+c").
func ParseSortBy(s string) []SortBy {
	var out []SortBy
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		dir := SortAsc
		switch p[0] {
		case '-':
			dir, p = SortDesc, p[1:]
		case '+':
			p = p[1:]
		}
		out = append(out, SortBy{Field: p, Direction: dir})
	}
	return out
}

// String formats f for the GET fields parameter ("a,-b").
func (f Fields) String() string {
	parts := make([]string, 0, len(f.Include)+len(f.Exclude))
	parts = append(parts, f.Include...)
	for _, e := range f.Exclude {
		parts = append(parts, "-"+e)
	}
	return strings.Join(parts, ",")
}

// Values encodes r as the query parameters of GET /stac/search: lists as
// comma-separated values, intersects, query and a CQL2-JSON filter as JSON
// text. Members in Extra are not sent.
func (r *SearchRequest) Values() (url.Values, error) {
	v := url.Values{}
	if len(r.Collections) > 0 {
		v.Set("collections", strings.Join(r.Collections, ","))
	}
	if len(r.IDs) > 0 {
		v.Set("ids", strings.Join(r.IDs, ","))
	}
	if len(r.BBox) > 0 {
		parts := make([]string, len(r.BBox))
		for i, f := range r.BBox {
			parts[i] = strconv.FormatFloat(f, 'f', -1, 64)
		}
		v.Set("bbox", strings.Join(parts, ","))
	}
	if !r.Intersects.IsNull() {
		v.Set("intersects", string(compactJSON(r.Intersects)))
	}
	if r.Datetime != "" {
		v.Set("datetime", r.Datetime)
	}
	if r.Limit > 0 {
		v.Set("limit", strconv.Itoa(r.Limit))
	}
	if r.Query != nil {
		b, err := json.Marshal(r.Query)
		if err != nil {
			return nil, fmt.Errorf("stac: search query: %w", err)
		}
		v.Set("query", string(b))
	}
	if len(r.SortBy) > 0 {
		v.Set("sortby", FormatSortBy(r.SortBy))
	}
	if r.Fields != nil {
		v.Set("fields", r.Fields.String())
	}
	if len(r.Filter) > 0 && !isNull(r.Filter) {
		if s, ok := decodeString(r.Filter); ok {
			v.Set("filter", s)
		} else {
			v.Set("filter", string(compactJSON(r.Filter)))
		}
	}
	if r.FilterLang != "" {
		v.Set("filter-lang", r.FilterLang)
	}
	if r.FilterCRS != "" {
		v.Set("filter-crs", r.FilterCRS)
	}
	if r.Token != "" {
		v.Set("token", r.Token)
	}
	if r.Sign != nil {
		v.Set("sign", strconv.FormatBool(*r.Sign))
	}
	if r.Duration > 0 {
		v.Set("duration", strconv.Itoa(r.Duration))
	}
	return v, nil
}

func compactJSON(raw []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}

// Clone returns a deep copy of r.
func (r *SearchRequest) Clone() *SearchRequest {
	if r == nil {
		return nil
	}
	c := *r
	c.Collections = cloneStrings(r.Collections)
	c.IDs = cloneStrings(r.IDs)
	if r.BBox != nil {
		c.BBox = append([]float64(nil), r.BBox...)
	}
	c.Intersects = r.Intersects.Clone()
	if r.Query != nil {
		// Round trip through JSON: the values are JSON values.
		b, err := json.Marshal(r.Query)
		if err == nil {
			c.Query, _ = decodeQuery(b)
		}
	}
	if r.SortBy != nil {
		c.SortBy = make([]SortBy, len(r.SortBy))
		for i, s := range r.SortBy {
			s.Extra = cloneExtra(s.Extra)
			c.SortBy[i] = s
		}
	}
	if r.Fields != nil {
		f := *r.Fields
		f.Include, f.Exclude, f.Extra = cloneStrings(f.Include), cloneStrings(f.Exclude), cloneExtra(f.Extra)
		c.Fields = &f
	}
	c.Filter = cloneRaw(r.Filter)
	if r.Sign != nil {
		c.Sign = Bool(*r.Sign)
	}
	c.Extra = cloneExtra(r.Extra)
	return &c
}

func decodeQuery(raw []byte) (map[string]any, bool) {
	if !isObject(raw) {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, false
	}
	return m, true
}

// MarshalJSON encodes the search request.
func (r SearchRequest) MarshalJSON() ([]byte, error) {
	w := newObjectWriter(nil)
	w.strsIf("collections", r.Collections)
	w.strsIf("ids", r.IDs)
	if r.BBox != nil {
		w.floats("bbox", r.BBox)
	}
	if r.Intersects != nil {
		w.raw("intersects", r.Intersects)
	}
	w.strIf("datetime", r.Datetime)
	if r.Limit != 0 {
		w.integer("limit", r.Limit)
	}
	if r.Query != nil {
		b, err := json.Marshal(r.Query)
		w.setErr(err)
		w.raw("query", b)
	}
	if r.SortBy != nil {
		w.key("sortby")
		w.b = append(w.b, '[')
		for i, s := range r.SortBy {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			var err error
			w.b, err = s.appendJSON(w.b)
			w.setErr(err)
		}
		w.b = append(w.b, ']')
	}
	if r.Fields != nil {
		w.value("fields", *r.Fields)
	}
	if r.Filter != nil {
		w.raw("filter", r.Filter)
	}
	w.strIf("filter-lang", r.FilterLang)
	w.strIf("filter-crs", r.FilterCRS)
	w.strIf("token", r.Token)
	if r.Sign != nil {
		w.boolean("sign", *r.Sign)
	}
	if r.Duration != 0 {
		w.integer("duration", r.Duration)
	}
	w.extra(r.Extra, func(k string) bool {
		switch k {
		case "collections":
			return r.Collections != nil
		case "ids":
			return r.IDs != nil
		case "bbox":
			return r.BBox != nil
		case "intersects":
			return r.Intersects != nil
		case "datetime":
			return r.Datetime != ""
		case "limit":
			return r.Limit != 0
		case "query":
			return r.Query != nil
		case "sortby":
			return r.SortBy != nil
		case "fields":
			return r.Fields != nil
		case "filter":
			return r.Filter != nil
		case "filter-lang":
			return r.FilterLang != ""
		case "filter-crs":
			return r.FilterCRS != ""
		case "token":
			return r.Token != ""
		case "sign":
			return r.Sign != nil
		case "duration":
			return r.Duration != 0
		}
		return false
	})
	return w.end()
}

// UnmarshalJSON decodes a search request.
func (r *SearchRequest) UnmarshalJSON(data []byte) error {
	*r = SearchRequest{}
	k := rawKeeper{}
	or := newObjectReader(data)
	for or.next() {
		var dst *string
		val := or.val
		switch string(or.key) {
		case "collections":
			if v, ok := decodeStrings(val); ok {
				r.Collections = v
				continue
			}
		case "ids":
			if v, ok := decodeStrings(val); ok {
				r.IDs = v
				continue
			}
		case "bbox":
			if v, ok := decodeFloats(val); ok {
				r.BBox = v
				continue
			}
		case "intersects":
			if !isNull(val) {
				r.Intersects = Geometry(k.keep(val))
				continue
			}
		case "datetime":
			dst = &r.Datetime
		case "limit":
			if n, ok := decodeInt(val); ok && n != 0 {
				r.Limit = n
				continue
			}
		case "query":
			if m, ok := decodeQuery(val); ok {
				r.Query = m
				continue
			}
		case "sortby":
			if v, ok := decodeSortBy(val, k); ok {
				r.SortBy = v
				continue
			}
		case "fields":
			if isObject(val) {
				f := new(Fields)
				if err := f.decode(val, k); err == nil {
					r.Fields = f
					continue
				}
			}
		case "filter":
			if !isNull(val) {
				r.Filter = k.keep(val)
				continue
			}
		case "filter-lang":
			dst = &r.FilterLang
		case "filter-crs":
			dst = &r.FilterCRS
		case "token":
			dst = &r.Token
		case "sign":
			if b, ok := decodeBool(val); ok {
				r.Sign = &b
				continue
			}
		case "duration":
			if n, ok := decodeInt(val); ok && n != 0 {
				r.Duration = n
				continue
			}
		}
		if dst != nil {
			if s, ok := decodeString(val); ok && s != "" {
				*dst = s
				continue
			}
		}
		k.putExtra(&r.Extra, or.key, val)
	}
	if or.err != nil {
		return fmt.Errorf("stac: decoding search request: %w", or.err)
	}
	return nil
}

func decodeSortBy(raw []byte, k rawKeeper) ([]SortBy, bool) {
	if !isArray(raw) {
		return nil, false
	}
	out := []SortBy{}
	r := newArrayReader(raw)
	for r.next() {
		if !isObject(r.val) {
			return nil, false
		}
		var s SortBy
		if err := s.decode(r.val, k); err != nil {
			return nil, false
		}
		out = append(out, s)
	}
	return out, r.err == nil
}

// MarshalJSON encodes the sort key.
func (s SortBy) MarshalJSON() ([]byte, error) { return s.appendJSON(nil) }

func (s SortBy) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strIf("field", s.Field)
	w.strIf("direction", s.Direction)
	w.extra(s.Extra, func(k string) bool {
		return (k == "field" && s.Field != "") || (k == "direction" && s.Direction != "")
	})
	return w.end()
}

// UnmarshalJSON decodes a sort key.
func (s *SortBy) UnmarshalJSON(data []byte) error { return s.decode(data, rawKeeper{}) }

func (s *SortBy) decode(data []byte, k rawKeeper) error {
	*s = SortBy{}
	r := newObjectReader(data)
	for r.next() {
		var dst *string
		switch string(r.key) {
		case "field":
			dst = &s.Field
		case "direction":
			dst = &s.Direction
		}
		if dst != nil {
			if v, ok := decodeString(r.val); ok && v != "" {
				*dst = v
				continue
			}
		}
		k.putExtra(&s.Extra, r.key, r.val)
	}
	return r.err
}

// MarshalJSON encodes the fields object.
func (f Fields) MarshalJSON() ([]byte, error) { return f.appendJSON(nil) }

func (f Fields) appendJSON(b []byte) ([]byte, error) {
	w := newObjectWriter(b)
	w.strsIf("include", f.Include)
	w.strsIf("exclude", f.Exclude)
	w.extra(f.Extra, func(k string) bool {
		return (k == "include" && f.Include != nil) || (k == "exclude" && f.Exclude != nil)
	})
	return w.end()
}

// UnmarshalJSON decodes a fields object.
func (f *Fields) UnmarshalJSON(data []byte) error { return f.decode(data, rawKeeper{}) }

func (f *Fields) decode(data []byte, k rawKeeper) error {
	*f = Fields{}
	r := newObjectReader(data)
	for r.next() {
		switch string(r.key) {
		case "include":
			if v, ok := decodeStrings(r.val); ok {
				f.Include = v
				continue
			}
		case "exclude":
			if v, ok := decodeStrings(r.val); ok {
				f.Exclude = v
				continue
			}
		}
		k.putExtra(&f.Extra, r.key, r.val)
	}
	return r.err
}
