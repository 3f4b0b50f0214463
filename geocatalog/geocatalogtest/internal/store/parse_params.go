package store

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ParseSearchParams parses the query parameters of GET /stac/search
// (defaultLimit DefaultSearchLimit, maxLimit MaxSearchLimit) and of GET
// /stac/collections/{id}/items (DefaultItemsLimit, MaxItemsLimit).
// Errors are *QueryError.
func ParseSearchParams(v url.Values, defaultLimit, maxLimit int) (*Query, error) {
	q := &Query{Limit: defaultLimit}
	if s := v.Get("collections"); s != "" {
		q.Collections = splitComma(strings.Join(v["collections"], ","))
	}
	if s := v.Get("ids"); s != "" {
		q.IDs = splitComma(strings.Join(v["ids"], ","))
	}
	if vals := v["bbox"]; len(vals) > 0 && strings.Join(vals, "") != "" {
		parts := splitComma(strings.Join(vals, ","))
		bb := make([]float64, len(parts))
		for i, p := range parts {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return nil, qerr("bbox", "%q is not a number", p)
			}
			bb[i] = f
		}
		if err := checkBBox(bb); err != nil {
			return nil, err
		}
		q.BBox = bb
	}
	if s := v.Get("intersects"); s != "" {
		g, err := parseGeometry("intersects", json.RawMessage(s))
		if err != nil {
			return nil, err
		}
		q.Intersects = g
	}
	if q.BBox != nil && q.Intersects != nil {
		return nil, qerr("", "only one of bbox and intersects may be given")
	}
	if s := v.Get("datetime"); s != "" {
		if err := q.setDatetime(s); err != nil {
			return nil, err
		}
	}
	if s := v.Get("limit"); s != "" {
		if err := q.setLimit(s, maxLimit); err != nil {
			return nil, err
		}
	}
	if s := v.Get("sortby"); s != "" {
		sb, err := parseSortByString(strings.Join(v["sortby"], ","))
		if err != nil {
			return nil, err
		}
		q.SortBy = sb
	}
	if s := v.Get("fields"); s != "" {
		q.Fields = parseFieldsString(strings.Join(v["fields"], ","))
	}
	var queryExt, filter node
	var err error
	lang := v.Get("filter-lang")
	if lang != "" {
		lang = strconv.Quote(lang)
	}
	q.filterSrc = compactSrc(json.RawMessage(v.Get("query"))) + "|" + lang + "|" + compactSrc(json.RawMessage(v.Get("filter")))
	if s := v.Get("query"); s != "" {
		if queryExt, err = compileQueryExt(json.RawMessage(s)); err != nil {
			return nil, err
		}
	}
	if s := v.Get("filter"); s != "" {
		if filter, err = compileFilterLang(json.RawMessage(s), v.Get("filter-lang"), false); err != nil {
			return nil, err
		}
	}
	q.filter = andNodes(queryExt, filter)
	q.Token = v.Get("token")
	if err := q.checkToken(); err != nil {
		return nil, err
	}
	return q, nil
}

func (q *Query) setLimit(s string, maxLimit int) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) {
			return qerr("limit", "%q is not an integer", s)
		}
		if f < 1 || f > float64(maxLimit) {
			return qerr("limit", "must be between 1 and %d", maxLimit)
		}
		n = int(f)
	}
	if n < 1 || n > maxLimit {
		return qerr("limit", "must be between 1 and %d", maxLimit)
	}
	q.Limit = n
	return nil
}

func checkBBox(bb []float64) error {
	if len(bb) != 4 && len(bb) != 6 {
		return qerr("bbox", "must have 4 or 6 numbers, got %d", len(bb))
	}
	for _, f := range bb {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return qerr("bbox", "numbers must be finite")
		}
	}
	minX, minY, maxX, maxY := bboxCorners(bb)
	if minY > maxY {
		return qerr("bbox", "south %v is above north %v", minY, maxY)
	}
	if minY < -90 || maxY > 90 || minX < -180 || maxX > 180 {
		return qerr("bbox", "coordinates out of range")
	}
	if len(bb) == 6 && bb[2] > bb[5] {
		return qerr("bbox", "minimum elevation is above maximum")
	}
	return nil
}

// bboxCorners returns west, south, east, north of a 4 or 6 number bbox.
func bboxCorners(bb []float64) (minX, minY, maxX, maxY float64) {
	if len(bb) == 6 {
		return bb[0], bb[1], bb[3], bb[4]
	}
	return bb[0], bb[1], bb[2], bb[3]
}

func (q *Query) setDatetime(s string) error {
	iv, err := parseInterval(s)
	if err != nil {
		return err
	}
	q.Datetime, q.Interval = s, iv
	return nil
}

// parseInterval parses an RFC 3339 instant or an interval "a/b" whose ends may
// be open ("" or ".."). An instant gives Start == End.
func parseInterval(s string) (*TimeInterval, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, qerr("datetime", "empty")
	}
	start, end, isInterval := strings.Cut(s, "/")
	if !isInterval {
		if start == ".." {
			return nil, qerr("datetime", "an instant cannot be open")
		}
		t, err := parseTime(start)
		if err != nil {
			return nil, qerr("datetime", "%q is not an RFC 3339 date-time", start)
		}
		return &TimeInterval{Start: t, End: t}, nil
	}
	if strings.Contains(end, "/") {
		return nil, qerr("datetime", "too many '/'")
	}
	iv := &TimeInterval{}
	var err error
	if start != "" && start != ".." {
		if iv.Start, err = parseTime(start); err != nil {
			return nil, qerr("datetime", "%q is not an RFC 3339 date-time", start)
		}
	}
	if end != "" && end != ".." {
		if iv.End, err = parseTime(end); err != nil {
			return nil, qerr("datetime", "%q is not an RFC 3339 date-time", end)
		}
	}
	if iv.Start.IsZero() && iv.End.IsZero() {
		return nil, qerr("datetime", "both ends of the interval are open")
	}
	if !iv.Start.IsZero() && !iv.End.IsZero() && iv.Start.After(iv.End) {
		return nil, qerr("datetime", "start is after end")
	}
	return iv, nil
}

// parseTime accepts RFC 3339 date-times (any case of T and Z) and full dates.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		s = strings.ToUpper(s)
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
		if t, err := time.Parse("2006-01-02 15:04:05Z07:00", s); err == nil {
			return t.UTC(), nil
		}
		if t, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
			return t.UTC(), nil
		}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
