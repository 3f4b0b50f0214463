package store

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/paulmach/orb"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// ParseSearchBody parses the JSON body of POST /stac/search (STAC API item
// search and the GeoCatalog SearchPostRequest). Unknown members (sign,
// duration, conf, ...) are ignored. Errors are *QueryError.
func ParseSearchBody(body []byte) (*Query, error) {
	q := &Query{Limit: DefaultSearchLimit}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return q, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, qerr("", "search body is not a JSON object: %v", err)
	}
	var err error
	if raw, ok := present(m, "collections"); ok {
		if q.Collections, err = stringList("collections", raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "ids"); ok {
		if q.IDs, err = stringList("ids", raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "bbox"); ok {
		var bb []float64
		if err := json.Unmarshal(raw, &bb); err != nil {
			return nil, qerr("bbox", "must be an array of 4 or 6 numbers")
		}
		if err := checkBBox(bb); err != nil {
			return nil, err
		}
		q.BBox = bb
	}
	if raw, ok := present(m, "intersects"); ok {
		if q.Intersects, err = parseGeometry("intersects", raw); err != nil {
			return nil, err
		}
	}
	if q.BBox != nil && q.Intersects != nil {
		return nil, qerr("", "only one of bbox and intersects may be given")
	}
	if raw, ok := present(m, "datetime"); ok {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, qerr("datetime", "must be a string")
		}
		if err := q.setDatetime(s); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "limit"); ok {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err != nil {
			return nil, qerr("limit", "must be an integer")
		}
		if err := q.setLimit(n.String(), MaxSearchLimit); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "sortby"); ok {
		if q.SortBy, err = parseSortByJSON(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "fields"); ok {
		if q.Fields, err = parseFieldsJSON(raw); err != nil {
			return nil, err
		}
	}
	var queryExt, filter node
	q.filterSrc = compactSrc(m["query"]) + "|" + compactSrc(m["filter-lang"]) + "|" + compactSrc(m["filter"])
	if raw, ok := present(m, "query"); ok {
		if queryExt, err = compileQueryExt(raw); err != nil {
			return nil, err
		}
	}
	if raw, ok := present(m, "filter"); ok {
		lang := ""
		if l, ok := present(m, "filter-lang"); ok {
			if err := json.Unmarshal(l, &lang); err != nil {
				return nil, qerr("filter-lang", "must be a string")
			}
		}
		if filter, err = compileFilterLang(raw, lang, true); err != nil {
			return nil, err
		}
	}
	q.filter = andNodes(queryExt, filter)
	if raw, ok := present(m, "token"); ok {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, qerr("token", "must be a string")
		}
		q.Token = s
	}
	if err := q.checkToken(); err != nil {
		return nil, err
	}
	return q, nil
}

// compactSrc is a JSON value without insignificant space, for signatures.
func compactSrc(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// present returns a member that is there and not JSON null.
func present(m map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	raw, ok := m[key]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return nil, false
	}
	return raw, true
}

// stringList accepts a JSON array of strings or one comma-separated string.
func stringList(param string, raw json.RawMessage) ([]string, error) {
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		return list, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return splitComma(s), nil
	}
	return nil, qerr(param, "must be an array of strings")
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func parseGeometry(param string, raw json.RawMessage) (g orb.Geometry, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, qerr(param, "not a valid GeoJSON geometry")
		}
	}()
	geom, err := stac.Geometry(raw).Orb()
	if err != nil {
		return nil, qerr(param, "not a valid GeoJSON geometry")
	}
	if err := checkGeometry(geom); err != nil {
		return nil, qerr(param, "%s", err.Error())
	}
	return geom, nil
}

func parseSortByJSON(raw json.RawMessage) ([]SortBy, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return parseSortByString(s)
	}
	var list []struct {
		Field     string `json:"field"`
		Direction string `json:"direction"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, qerr("sortby", "must be an array of {field, direction}")
	}
	out := make([]SortBy, 0, len(list))
	for _, sb := range list {
		if sb.Field == "" {
			return nil, qerr("sortby", "field is required")
		}
		var desc bool
		switch strings.ToLower(sb.Direction) {
		case "", "asc", "ascending":
		case "desc", "descending":
			desc = true
		default:
			return nil, qerr("sortby", "direction %q is not asc or desc", sb.Direction)
		}
		out = append(out, SortBy{Field: normField(sb.Field), Desc: desc})
	}
	return out, nil
}

func parseSortByString(s string) ([]SortBy, error) {
	var out []SortBy
	for _, p := range splitComma(s) {
		desc := false
		switch p[0] {
		case '-':
			desc, p = true, p[1:]
		case '+':
			p = p[1:]
		}
		if p == "" {
			return nil, qerr("sortby", "empty field")
		}
		out = append(out, SortBy{Field: normField(p), Desc: desc})
	}
	return out, nil
}

// normField strips the properties. prefix of a sort or filter field.
func normField(f string) string {
	f = strings.TrimSpace(f)
	if rest, ok := strings.CutPrefix(f, "properties."); ok {
		return rest
	}
	return f
}

type fieldsJSON struct {
	Include []string `json:"include"`
	Exclude []string `json:"exclude"`
}

func parseFieldsJSON(raw json.RawMessage) (*Fields, error) {
	var one fieldsJSON
	if err := json.Unmarshal(raw, &one); err == nil {
		return newFields(one.Include, one.Exclude), nil
	}
	var many []fieldsJSON
	if err := json.Unmarshal(raw, &many); err == nil {
		f := &Fields{}
		for _, x := range many {
			f.Include = append(f.Include, x.Include...)
			f.Exclude = append(f.Exclude, x.Exclude...)
		}
		return newFields(f.Include, f.Exclude), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return parseFieldsString(s), nil
	}
	return nil, qerr("fields", "must be {include, exclude}")
}

// newFields returns nil when both lists are empty (documents are verbatim).
func newFields(include, exclude []string) *Fields {
	clean := func(in []string) []string {
		var out []string
		for _, s := range in {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	include, exclude = clean(include), clean(exclude)
	if len(include) == 0 && len(exclude) == 0 {
		return nil
	}
	return &Fields{Include: include, Exclude: exclude}
}

func parseFieldsString(s string) *Fields {
	var inc, exc []string
	for _, p := range splitComma(s) {
		switch p[0] {
		case '-':
			exc = append(exc, p[1:])
		case '+':
			inc = append(inc, p[1:])
		default:
			inc = append(inc, p)
		}
	}
	return newFields(inc, exc)
}
