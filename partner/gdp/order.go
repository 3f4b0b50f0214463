package gdp

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// Order is what a partner delivers: a collection and its items.
type Order struct {
	// Collection is the target collection. It is created when missing; an
	// existing collection is left as it is.
	Collection *stac.Collection
	// Queryables, when set, are created with a new collection so that the
	// items are searchable by these properties at once.
	Queryables []geocatalog.Queryable
	// RenderOptions, when set, are created with a new collection so that the
	// items can be viewed at once.
	RenderOptions []geocatalog.RenderOption
	// Items are the order's items; see ItemSlice, ItemSeq, NDJSONFile and
	// Directory. Asset hrefs are local files (staged by the delivery) or
	// URLs the catalog can read.
	Items Items
}

// Items is a source of an order's items. It can be read more than once
// (DeliverMany reads it once per customer).
type Items interface {
	// All returns the items; an element with an error is an item that could
	// not be read (it fails alone).
	All() iter.Seq2[*stac.Item, error]
	// Count returns the number of items, or -1 when unknown without reading.
	Count() int
	// BaseDir resolves relative local asset hrefs.
	BaseDir() string
}

// ItemSlice is an order's items held in memory. Relative local hrefs
// resolve against the working directory.
func ItemSlice(items []*stac.Item) Items { return sliceItems(items) }

type sliceItems []*stac.Item

func (s sliceItems) All() iter.Seq2[*stac.Item, error] {
	return func(yield func(*stac.Item, error) bool) {
		for _, it := range s {
			if !yield(it, nil) {
				return
			}
		}
	}
}
func (s sliceItems) Count() int      { return len(s) }
func (s sliceItems) BaseDir() string { return "" }

// ItemSeq is an order's items from an iterator; baseDir resolves relative
// local hrefs. The iterator must be readable again for DeliverMany.
func ItemSeq(seq iter.Seq2[*stac.Item, error], baseDir string) Items {
	return seqItems{seq, baseDir}
}

type seqItems struct {
	seq iter.Seq2[*stac.Item, error]
	dir string
}

func (s seqItems) All() iter.Seq2[*stac.Item, error] { return s.seq }
func (s seqItems) Count() int                        { return -1 }
func (s seqItems) BaseDir() string                   { return s.dir }

// NDJSONFile is an order's items from a file of one JSON item per line.
// Relative local hrefs resolve against the file's directory. A line that
// does not decode fails alone (its error names the line).
func NDJSONFile(path string) Items { return ndjsonItems(path) }

type ndjsonItems string

func (n ndjsonItems) BaseDir() string { return filepath.Dir(string(n)) }

func (n ndjsonItems) Count() int {
	b, err := os.ReadFile(string(n))
	if err != nil {
		return -1
	}
	c := 0
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			c++
		}
	}
	return c
}

func (n ndjsonItems) All() iter.Seq2[*stac.Item, error] {
	return func(yield func(*stac.Item, error) bool) {
		f, err := os.Open(string(n))
		if err != nil {
			yield(nil, fmt.Errorf("gdp: reading order items: %w", err))
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 2<<20)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			var it stac.Item
			if err := it.UnmarshalJSON(b); err != nil {
				if !yield(nil, fmt.Errorf("gdp: %s line %d: %w", filepath.Base(string(n)), line, err)) {
					return
				}
				continue
			}
			if !yield(&it, nil) {
				return
			}
		}
		if err := sc.Err(); err != nil {
			yield(nil, fmt.Errorf("gdp: %s after line %d: %w", filepath.Base(string(n)), line, err))
		}
	}
}

// Directory is an order's items from the *.json files under dir (one item
// per file, in lexical order of their paths). Relative local hrefs resolve
// against the directory of each item's file.
func Directory(dir string) Items { return dirItems(dir) }

type dirItems string

func (d dirItems) BaseDir() string { return string(d) }

func (d dirItems) files() ([]string, error) {
	var out []string
	err := filepath.WalkDir(string(d), func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && strings.HasSuffix(strings.ToLower(p), ".json") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func (d dirItems) Count() int {
	f, err := d.files()
	if err != nil {
		return -1
	}
	return len(f)
}

func (d dirItems) All() iter.Seq2[*stac.Item, error] {
	return func(yield func(*stac.Item, error) bool) {
		files, err := d.files()
		if err != nil {
			yield(nil, fmt.Errorf("gdp: listing order items: %w", err))
			return
		}
		for _, p := range files {
			b, err := os.ReadFile(p)
			var it stac.Item
			if err == nil {
				err = it.UnmarshalJSON(b)
			}
			if err != nil {
				if !yield(nil, fmt.Errorf("gdp: %s: %w", p, err)) {
					return
				}
				continue
			}
			// Make relative hrefs relative to the base directory.
			rel, _ := filepath.Rel(string(d), filepath.Dir(p))
			if rel != "." && rel != "" {
				for _, a := range it.Assets {
					if a != nil && isRelativePath(a.Href) {
						a.Href = filepath.ToSlash(filepath.Join(rel, a.Href))
					}
				}
			}
			if !yield(&it, nil) {
				return
			}
		}
	}
}

func isRelativePath(href string) bool {
	return href != "" && !strings.Contains(href, "://") && !filepath.IsAbs(href) && !strings.HasPrefix(href, "/")
}
