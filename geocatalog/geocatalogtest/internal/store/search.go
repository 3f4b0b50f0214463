package store

import (
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// matcher is a compiled query: a predicate over items.
type matcher struct {
	hasIv  bool
	iv     nsInterval
	geom   *geomOperand // bbox or intersects, nil for none
	filter node
}

func newMatcher(q *Query) *matcher {
	m := &matcher{filter: q.filter}
	if q.Interval != nil {
		m.hasIv, m.iv = true, toNsInterval(q.Interval)
	}
	switch {
	case q.BBox != nil:
		m.geom = newGeomOperand(bboxGeometry(bboxCorners(q.BBox)))
	case q.Intersects != nil:
		m.geom = newGeomOperand(q.Intersects)
	}
	return m
}

func (m *matcher) match(it *item) bool {
	if m.hasIv && !it.overlaps(m.iv) {
		return false
	}
	if m.geom != nil && !m.geom.meets(it.geo) {
		return false
	}
	if m.filter != nil && !truthy(m.filter.eval(it)) {
		return false
	}
	return true
}

// isRectangle reports whether g is exactly its axis-aligned bound, so that
// bounds meeting means geometries meeting.
func isRectangle(g orb.Geometry, b orb.Bound) bool {
	p, ok := g.(orb.Polygon)
	if !ok || len(p) != 1 || len(p[0]) != 5 {
		return false
	}
	for _, pt := range p[0] {
		if (pt[0] != b.Min[0] && pt[0] != b.Max[0]) || (pt[1] != b.Min[1] && pt[1] != b.Max[1]) {
			return false
		}
	}
	// Four distinct corners, each appearing once (the closing point repeats).
	seen := map[orb.Point]bool{}
	for _, pt := range p[0][:4] {
		seen[pt] = true
	}
	return len(seen) == 4 && p[0][0] == p[0][4]
}

// Search implements Store.
func (s *memStore) Search(q *Query) (*Page, error) {
	after, err := decodeToken(q.Token, q.SortBy)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	m := newMatcher(q)

	s.mu.RLock()
	defer s.mu.RUnlock()
	lists := s.candidates(q)

	var page []*item
	var matched int
	var more bool
	if isDefaultSort(q.SortBy) {
		page, matched, more = searchDefault(lists, m, after, limit)
	} else {
		page, matched, more = searchSorted(lists, m, q.SortBy, after, limit)
	}
	out := &Page{Items: make([][]byte, len(page)), Matched: matched}
	for i, it := range page {
		doc := it.doc
		if q.Fields != nil {
			if doc, err = applyFields(doc, q.Fields); err != nil {
				return nil, err
			}
		}
		out.Items[i] = doc
	}
	if more && len(page) > 0 {
		last := page[len(page)-1]
		if isDefaultSort(q.SortBy) {
			out.Next = encodeToken(q.SortBy, defaultKey(last))
		} else {
			out.Next = encodeToken(q.SortBy, keyOf(last, q.SortBy).vals)
		}
	}
	return out, nil
}

// candidates returns, per collection searched, its items in default order:
// the whole index, or the requested ids. Runs under s.mu (read).
func (s *memStore) candidates(q *Query) [][]*item {
	var colls []*collection
	if len(q.Collections) > 0 {
		seen := map[string]bool{}
		for _, id := range q.Collections {
			if c, ok := s.colls[id]; ok && !seen[id] {
				seen[id] = true
				colls = append(colls, c)
			}
		}
	} else {
		for _, c := range s.colls {
			colls = append(colls, c)
		}
	}
	lists := make([][]*item, 0, len(colls))
	for _, c := range colls {
		if len(q.IDs) == 0 {
			lists = append(lists, c.index())
			continue
		}
		var l []*item
		seen := map[string]bool{}
		for _, id := range q.IDs {
			if it, ok := c.items[id]; ok && !seen[id] {
				seen[id] = true
				l = append(l, it)
			}
		}
		slices.SortFunc(l, defaultCmp)
		lists = append(lists, l)
	}
	return lists
}

// searchDefault pages through lists already in default order: every item is
// tested (for the count) but only the first limit+1 matches after the token
// key of each list are kept, then merged.
func searchDefault(lists [][]*item, m *matcher, after []sortVal, limit int) (page []*item, matched int, more bool) {
	var kept []*item
	for _, l := range lists {
		start := 0
		if after != nil {
			start = sort.Search(len(l), func(i int) bool {
				return cmpKeys(defaultKey(l[i]), after, defaultSortBy) > 0
			})
		}
		n := 0
		for i, it := range l {
			if !m.match(it) {
				continue
			}
			matched++
			if i >= start && n <= limit {
				kept = append(kept, it)
				n++
			}
		}
	}
	if len(lists) > 1 {
		slices.SortFunc(kept, defaultCmp)
	}
	if len(kept) > limit {
		return kept[:limit], matched, true
	}
	return kept, matched, false
}

// searchSorted handles a custom sortby: all matches after the token key are
// keyed and sorted.
func searchSorted(lists [][]*item, m *matcher, sb []SortBy, after []sortVal, limit int) (page []*item, matched int, more bool) {
	var keys []sortKey
	width := len(sb) + 2
	var arena []sortVal // keys share large blocks instead of one allocation each
	for _, l := range lists {
		for _, it := range l {
			if !m.match(it) {
				continue
			}
			matched++
			if len(arena)+width > cap(arena) {
				arena = make([]sortVal, 0, 1024*width)
			}
			k := keyInto(arena[len(arena):len(arena):len(arena)+width], it, sb)
			if after != nil && cmpKeys(k.vals, after, sb) <= 0 {
				continue
			}
			arena = arena[:len(arena)+width]
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b sortKey) int { return cmpKeys(a.vals, b.vals, sb) })
	if len(keys) > limit {
		keys, more = keys[:limit], true
	}
	page = make([]*item, len(keys))
	for i, k := range keys {
		page[i] = k.it
	}
	return page, matched, more
}
