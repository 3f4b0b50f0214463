package store

import (
	"container/heap"
	"slices"
	"sort"
	"time"

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
	m.filter = m.absorb(m.filter)
	return m
}

// absorb moves s_intersects(geometry, literal) and t_intersects(datetime,
// literal) terms of the filter's top-level and into the matcher's fast
// prefilters when those are free, and returns what remains of the filter.
func (m *matcher) absorb(n node) node {
	switch n := n.(type) {
	case andNode:
		var rest []node
		for _, c := range n {
			if r := m.absorb(c); r != nil {
				rest = append(rest, r)
			}
		}
		return andNodes(rest...)
	case spatialNode:
		if m.geom != nil || n.op != "s_intersects" {
			return n
		}
		if p, ok := n.a.(propNode); ok && p == "geometry" && n.lb != nil {
			m.geom = n.lb
			return nil
		}
		if p, ok := n.b.(propNode); ok && p == "geometry" && n.la != nil {
			m.geom = n.la
			return nil
		}
	case temporalNode:
		if m.hasIv || n.op != "t_intersects" {
			return n
		}
		p, ok := n.a.(propNode)
		lit, ok2 := n.b.(litNode)
		if !ok || !ok2 {
			p, ok = n.b.(propNode)
			lit, ok2 = n.a.(litNode)
		}
		if !ok || !ok2 || p != "datetime" {
			return n
		}
		switch v := lit.v.(type) {
		case time.Time:
			m.hasIv, m.iv = true, nsInterval{start: unixNano(v), end: unixNano(v)}
			return nil
		case tInterval:
			m.hasIv, m.iv = true, nsInterval{start: unixNano(v.start), end: unixNano(v.end)}
			return nil
		}
	}
	return n
}

// exactMeets runs the exact geometry test of the item against g.
func (it *item) exactMeets(g *geomOperand) bool {
	if it.ring == nil {
		return shapesIntersect(it.geom().shp, g.shp)
	}
	rings := [1]lineShape{{pts: it.ring, bound: it.bound}}
	ps := polyShape{rings: rings[:], bound: it.bound}
	for _, p := range g.shp.points {
		if pointInPolygon(p, &ps) {
			return true
		}
	}
	for i := range g.shp.lines {
		if linePolygonMeet(&g.shp.lines[i], &ps) {
			return true
		}
	}
	for i := range g.shp.polys {
		if polygonsMeet(&ps, &g.shp.polys[i]) {
			return true
		}
	}
	return false
}

// scanEntry is what the time and bbox prefilters read of an item, kept in
// a contiguous slice parallel to the sorted items so that scanning 100,000
// items does not chase a pointer per item.
type scanEntry struct {
	startNs, endNs int64
	bound          orb.Bound
	flags          itemFlags
}

func entriesOf(items []*item) []scanEntry {
	out := make([]scanEntry, len(items))
	for i, it := range items {
		out[i] = scanEntry{startNs: it.startNs, endNs: it.endNs, bound: it.bound, flags: it.flags}
	}
	return out
}

// match tests an item and its scan entry.
func (m *matcher) match(it *item, e *scanEntry) bool {
	if m.hasIv && (e.flags&flagHasDT == 0 || e.startNs > m.iv.end || e.endNs < m.iv.start) {
		return false
	}
	if g := m.geom; g != nil {
		if e.flags&flagHasGeo == 0 || !boundsMeet(e.bound, g.bound) {
			return false
		}
		// A rectangle meets every geometry whose bound lies inside it, and
		// every rectangle whose bound meets it.
		rect := e.flags&flagRect != 0
		quick := (g.rect && (rect || boundWithin(e.bound, g.bound))) || (rect && boundWithin(g.bound, e.bound))
		if !quick && !it.exactMeets(g) {
			return false
		}
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

// Search implements Store. A first page counts every match; a page after a
// token seeks to the token's key and reads only until the page is full, and
// reports the count the token carries when nothing was written since it was
// taken (-1 otherwise). A custom sortby reads every candidate on every page.
func (s *memStore) Search(q *Query) (*Page, error) {
	if q == nil {
		q = &Query{}
	}
	tok, err := decodeToken(q.Token, q.SortBy)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	m := newMatcher(q)
	sig := q.signature()

	s.mu.RLock()
	defer s.mu.RUnlock()
	lists := s.candidates(q)

	var page []*item
	var matched int
	var more bool
	if isDefaultSort(q.SortBy) {
		page, matched, more = searchDefault(lists, m, tok.after, limit, q.Token == "")
	} else {
		page, matched, more = searchSorted(lists, m, q.SortBy, tok.after, limit)
	}
	if matched < 0 && tok.counted && tok.gen == s.gen && tok.sig == sig {
		matched = tok.matched
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
		next := pageToken{counted: matched >= 0, matched: matched, gen: s.gen, sig: sig}
		last := page[len(page)-1]
		if isDefaultSort(q.SortBy) {
			next.after = defaultKey(last)
		} else {
			next.after = keyOf(last, q.SortBy).vals
		}
		out.Next = encodeToken(q.SortBy, next)
	}
	return out, nil
}

// candidates returns, per collection searched, its items in default order:
// the whole index, or the requested ids. Runs under s.mu (read).
func (s *memStore) candidates(q *Query) []candList {
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
	lists := make([]candList, 0, len(colls))
	for _, c := range colls {
		if len(q.IDs) == 0 {
			items, ents := c.index()
			lists = append(lists, candList{items, ents})
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
		lists = append(lists, candList{l, entriesOf(l)})
	}
	return lists
}

// candList is one collection's candidates in default order with their scan
// entries.
type candList struct {
	items []*item
	ents  []scanEntry
}

// searchDefault pages through lists already in default order: in each list
// it seeks past the token key and keeps the first limit+1 matches, then
// merges the lists. With count it tests every item to count the matches;
// without, it stops at limit+1 matches per list and matched is -1.
func searchDefault(lists []candList, m *matcher, after []sortVal, limit int, count bool) (page []*item, matched int, more bool) {
	var kept []*item
	for _, cl := range lists {
		l := cl.items
		start := 0
		if after != nil {
			start = sort.Search(len(l), func(i int) bool { return afterKey(l[i], after) })
		}
		if count {
			for i, it := range l[:start] {
				if m.match(it, &cl.ents[i]) {
					matched++
				}
			}
		}
		n := 0
		for i := start; i < len(l); i++ {
			it := l[i]
			if !count && n > limit {
				break
			}
			if !m.match(it, &cl.ents[i]) {
				continue
			}
			matched++
			if n <= limit {
				kept = append(kept, it)
				n++
			}
		}
	}
	if !count {
		matched = -1
	}
	if len(lists) > 1 {
		slices.SortFunc(kept, defaultCmp)
	}
	if len(kept) > limit {
		return kept[:limit], matched, true
	}
	return kept, matched, false
}

// searchSorted handles a custom sortby: the limit+1 smallest keys after the
// token key are kept in a max-heap while scanning, then sorted.
func searchSorted(lists []candList, m *matcher, sb []SortBy, after []sortVal, limit int) (page []*item, matched int, more bool) {
	width, k := len(sb)+2, limit+1
	h := &keyHeap{sb: sb}
	var slots []sortVal // storage of the kept keys, allocated as the heap grows
	scratch := make([]sortVal, 0, width)
	for _, cl := range lists {
		for i, it := range cl.items {
			if !m.match(it, &cl.ents[i]) {
				continue
			}
			matched++
			cand := keyInto(scratch[:0], it, sb)
			if after != nil && cmpKeys(cand.vals, after, sb) <= 0 {
				continue
			}
			switch {
			case len(h.keys) < k:
				if len(slots) < width {
					slots = make([]sortVal, width*min(k-len(h.keys), 256))
				}
				slot := slots[:width:width]
				slots = slots[width:]
				copy(slot, cand.vals)
				heap.Push(h, sortKey{it: it, vals: slot})
			case cmpKeys(cand.vals, h.keys[0].vals, sb) < 0:
				copy(h.keys[0].vals, cand.vals)
				h.keys[0].it = it
				heap.Fix(h, 0)
			}
		}
	}
	keys := h.keys
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

// keyHeap is a max-heap of sort keys (the largest kept key on top).
type keyHeap struct {
	keys []sortKey
	sb   []SortBy
}

func (h *keyHeap) Len() int           { return len(h.keys) }
func (h *keyHeap) Less(i, j int) bool { return cmpKeys(h.keys[i].vals, h.keys[j].vals, h.sb) > 0 }
func (h *keyHeap) Swap(i, j int)      { h.keys[i], h.keys[j] = h.keys[j], h.keys[i] }
func (h *keyHeap) Push(x any)         { h.keys = append(h.keys, x.(sortKey)) }
func (h *keyHeap) Pop() any {
	x := h.keys[len(h.keys)-1]
	h.keys = h.keys[:len(h.keys)-1]
	return x
}
