package store

import (
	"errors"
)

// Errors a Store returns. The HTTP layer maps them to the service's codes.
var (
	// ErrNotFound: the collection or item does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrExists: a create found the collection or item already there.
	ErrExists = errors.New("store: already exists")
)

// Store is the emulator's data layer. Documents are the JSON bytes as they
// are served (hrefs already rewritten); a Store keeps them verbatim and may
// index what search needs. Implementations are safe for concurrent use.
type Store interface {
	// CreateCollection stores a new collection document; ErrExists if the id is taken.
	CreateCollection(id string, doc []byte) error
	// PutCollection creates or replaces a collection document.
	PutCollection(id string, doc []byte) error
	// Collection returns a collection document or ErrNotFound.
	Collection(id string) ([]byte, error)
	// Collections returns every collection document, ordered by id.
	Collections() [][]byte
	// DeleteCollection removes a collection and all its items; ErrNotFound if missing.
	DeleteCollection(id string) error

	// CreateItem stores a new item in an existing collection: ErrNotFound if the
	// collection is missing, ErrExists if the item id is taken there.
	CreateItem(collection, id string, doc []byte) error
	// PutItem creates or replaces an item; created reports which.
	PutItem(collection, id string, doc []byte) (created bool, err error)
	// Item returns an item document or ErrNotFound.
	Item(collection, id string) ([]byte, error)
	// DeleteItem removes an item; ErrNotFound if missing.
	DeleteItem(collection, id string) error
	// ItemCount is the number of items in a collection (0 if it is missing).
	ItemCount(collection string) int

	// Search runs a parsed query. The page holds at most q.Limit documents,
	// with fields include/exclude applied, and a Next token when more match.
	// A page after a token costs about what the first page costs.
	Search(q *Query) (*Page, error)
}

// Page is one page of search results.
type Page struct {
	// Items are the matching documents of this page, each a JSON object.
	Items [][]byte
	// Matched is the number of documents matching the query, over all
	// pages, or -1 when not counted: a page after a token reports the count
	// of the first page only if nothing was written since.
	Matched int
	// Next is the opaque token of the next page, empty on the last one.
	Next string
}
