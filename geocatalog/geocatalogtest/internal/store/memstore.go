package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// memStore is the in-memory Store. One RWMutex guards the maps; each
// collection's sorted index is compacted lazily by readers under its own mutex.
type memStore struct {
	mu    sync.RWMutex
	colls map[string]*collection
	// gen changes with every write, so that a count taken at one
	// generation is known to hold at the same one (see matchedFor). It
	// starts at a random value so that tokens of another store do not match.
	gen uint64
}

// collection holds a collection document and its items.
type collection struct {
	id    string
	doc   []byte
	items map[string]*item

	// idxMu serialises compaction of sorted by concurrent readers (who hold
	// memStore.mu for reading); writers hold memStore.mu for writing.
	idxMu   sync.Mutex
	sorted  []*item     // live and dead items in default order
	ents    []scanEntry // scan entries of sorted
	pending []*item     // items added since the last compaction, unsorted
	dead    int         // dead records in sorted

	docs    docArena // the item documents
	reclaim bool     // docs should be copied to new slabs (see kill)
}

// New returns an empty in-memory Store, safe for concurrent use. Documents
// are kept verbatim; callers must not modify a document after storing it or
// one a Store returned.
func New() Store {
	return &memStore{colls: map[string]*collection{}, gen: rand.Uint64() >> 8 << 8}
}

func (s *memStore) CreateCollection(id string, doc []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if _, ok := s.colls[id]; ok {
		return ErrExists
	}
	s.colls[id] = &collection{id: id, doc: doc, items: map[string]*item{}}
	return nil
}

func (s *memStore) PutCollection(id string, doc []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if c, ok := s.colls[id]; ok {
		c.doc = doc
		return nil
	}
	s.colls[id] = &collection{id: id, doc: doc, items: map[string]*item{}}
	return nil
}

func (s *memStore) Collection(id string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.colls[id]
	if !ok {
		return nil, ErrNotFound
	}
	return c.doc, nil
}

func (s *memStore) Collections() [][]byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, 0, len(s.colls))
	for id := range s.colls {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([][]byte, len(ids))
	for i, id := range ids {
		out[i] = s.colls[id].doc
	}
	return out
}

func (s *memStore) DeleteCollection(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if _, ok := s.colls[id]; !ok {
		return ErrNotFound
	}
	delete(s.colls, id)
	return nil
}

func (s *memStore) CreateItem(collection, id string, doc []byte) error {
	it, err := newItem(collection, id, doc)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	c, ok := s.colls[collection]
	if !ok {
		return ErrNotFound
	}
	if _, ok := c.items[id]; ok {
		return ErrExists
	}
	c.add(it)
	return nil
}

func (s *memStore) PutItem(collection, id string, doc []byte) (bool, error) {
	it, err := newItem(collection, id, doc)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	c, ok := s.colls[collection]
	if !ok {
		return false, ErrNotFound
	}
	old, existed := c.items[id]
	if existed {
		c.kill(old)
	}
	c.add(it)
	c.reclaimDocs()
	return !existed, nil
}

func (s *memStore) Item(collection, id string) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.colls[collection]
	if !ok {
		return nil, ErrNotFound
	}
	it, ok := c.items[id]
	if !ok {
		return nil, ErrNotFound
	}
	return it.doc, nil
}

func (s *memStore) DeleteItem(collection, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	c, ok := s.colls[collection]
	if !ok {
		return ErrNotFound
	}
	it, ok := c.items[id]
	if !ok {
		return ErrNotFound
	}
	c.kill(it)
	delete(c.items, id)
	c.reclaimDocs()
	return nil
}

func (s *memStore) ItemCount(collection string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c, ok := s.colls[collection]; ok {
		return len(c.items)
	}
	return 0
}

// add and kill run under memStore.mu held for writing. add copies the
// document into the collection's arena and the id out of the caller's
// memory; the collection id is shared by all items.
func (c *collection) add(it *item) {
	it.coll, it.id, it.doc = c.id, strings.Clone(it.id), c.docs.copy(it.doc)
	c.items[it.id] = it
	c.pending = append(c.pending, it)
}

// kill marks it dead; the caller removes it from c.items (or replaces it)
// before the next add, which may reclaim the arena.
func (c *collection) kill(it *item) {
	it.flags |= flagDead
	c.dead++
	if c.docs.free(it.doc) {
		c.reclaim = true
	}
}

// reclaimDocs copies the live documents to new slabs when kill found the
// arena mostly dead. It runs under memStore.mu held for writing.
func (c *collection) reclaimDocs() {
	if c.reclaim {
		c.docs.reclaim(c.items)
		c.reclaim = false
	}
}

// index returns the collection's live items in default order and their
// scan entries. It runs under
// memStore.mu held for reading (or writing) and compacts the index when
// items were added or removed since the last call.
func (c *collection) index() ([]*item, []scanEntry) {
	c.idxMu.Lock()
	defer c.idxMu.Unlock()
	if len(c.pending) == 0 && c.dead == 0 {
		return c.sorted, c.ents
	}
	slices.SortFunc(c.pending, defaultCmp)
	merged := make([]*item, 0, len(c.sorted)+len(c.pending))
	a, b := c.sorted, c.pending
	for len(a) > 0 || len(b) > 0 {
		var next *item
		switch {
		case len(b) == 0 || (len(a) > 0 && defaultCmp(a[0], b[0]) <= 0):
			next, a = a[0], a[1:]
		default:
			next, b = b[0], b[1:]
		}
		if !next.dead() {
			merged = append(merged, next)
		}
	}
	c.sorted, c.ents, c.pending, c.dead = merged, entriesOf(merged), nil, 0
	return c.sorted, c.ents
}
