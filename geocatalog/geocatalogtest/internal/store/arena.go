package store

// docArena keeps a collection's documents back to back in large slabs, so
// that a document costs its length and no allocation rounding, and the
// store never pins a caller's larger buffer. Space of replaced and deleted
// documents is reclaimed by copying the live ones to new slabs once it
// outweighs them. It runs under memStore.mu held for writing.
type docArena struct {
	slab       []byte // current slab: len is used, cap is its size
	live, dead int    // bytes of live and dead documents in slabs
}

const (
	slabSize    = 1 << 20
	maxSlabbed  = slabSize / 16 // larger documents get their own allocation
	minReclaim  = 4 * slabSize  // dead bytes worth a reclaim
	reclaimFrac = 1             // reclaim when dead > live*reclaimFrac
)

// copy stores a copy of doc and returns it (capacity clipped).
func (a *docArena) copy(doc []byte) []byte {
	a.live += len(doc)
	if len(doc) > maxSlabbed {
		return append([]byte(nil), doc...)
	}
	if cap(a.slab)-len(a.slab) < len(doc) {
		a.slab = make([]byte, 0, slabSize)
	}
	off := len(a.slab)
	a.slab = append(a.slab, doc...)
	return a.slab[off:len(a.slab):len(a.slab)]
}

// free accounts for a document that is no longer stored and reports
// whether the live documents should be copied to new slabs.
func (a *docArena) free(doc []byte) bool {
	a.live -= len(doc)
	a.dead += len(doc)
	return a.dead >= minReclaim && a.dead > a.live*reclaimFrac
}

// reclaim copies every live document into fresh slabs; documents already
// handed out stay valid (they keep their old slab alive).
func (a *docArena) reclaim(items map[string]*item) {
	*a = docArena{}
	for _, it := range items {
		it.doc = a.copy(it.doc)
	}
}
