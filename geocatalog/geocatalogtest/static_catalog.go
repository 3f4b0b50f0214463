package geocatalogtest

import (
	"context"
	"net/url"
	"sync"
)

// crawl reads a static catalog from its root URL: catalogs and collections
// are followed through their child links, items through item links;
// relative hrefs resolve against the document that holds them.
func (c *Catalog) crawl(ctx context.Context, root string) ([]*url.URL, *apiError) {
	start, err := url.Parse(root)
	if err != nil || !start.IsAbs() {
		return nil, newAPIError("InvalidStacCatalog", "sourceCatalogUrl is not an absolute URL")
	}
	seen := map[string]bool{start.String(): true}
	queue := []*url.URL{start}
	var items []*url.URL
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		f, e := c.fetch(ctx, u.String(), nil)
		if e != nil {
			return nil, e
		}
		doc, err := decodeObject(f.data)
		if err != nil {
			return nil, newAPIError("InvalidStacCatalog", "%s is not a JSON object", redact(u.String()))
		}
		if str(doc, "type") == "Feature" {
			items = append(items, u)
			continue
		}
		links, _ := doc["links"].([]any)
		for _, l := range links {
			lm, _ := l.(map[string]any)
			rel, href := str(lm, "rel"), str(lm, "href")
			if (rel != "child" && rel != "item") || href == "" {
				continue
			}
			ref, err := url.Parse(href)
			if err != nil {
				return nil, newAPIError("InvalidStacCatalog", "link %q is not a URL", redact(href))
			}
			next := u.ResolveReference(ref)
			if seen[next.String()] {
				continue
			}
			seen[next.String()] = true
			if rel == "item" {
				items = append(items, next)
			} else {
				queue = append(queue, next)
			}
		}
		if len(items) > maxBulkItems {
			return nil, newAPIError("ImportFileValidationFailed", "the catalog holds more than %d items", maxBulkItems)
		}
	}
	return items, nil
}

// runStaticCatalog is the work of an ingestion run: crawl the catalog,
// then create its items into the collection, counting outcomes.
func (c *Catalog) runStaticCatalog(ctx context.Context, op *operation, def ingestionDefinition) *apiError {
	if _, err := c.store.Collection(def.collection); err != nil {
		return newAPIError("CollectionDoesNotExist", "collection %s does not exist", def.collection)
	}
	urls, e := c.crawl(ctx, def.SourceCatalogURL)
	if e != nil {
		return e
	}
	c.setCounts(op, func(n *itemCounts) { n.Total, n.Pending = len(urls), len(urls) })
	var (
		mu   sync.Mutex
		errs []*apiError
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 8)
	)
	for _, u := range urls {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			e := c.ingestStaticItem(ctx, u, def)
			c.setCounts(op, func(n *itemCounts) {
				n.Pending--
				if e != nil {
					n.Failed++
				} else {
					n.Succeeded++
				}
			})
			if e != nil {
				mu.Lock()
				if len(errs) < 100 {
					errs = append(errs, e)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return errorsInBatch(errs, len(urls))
	}
	return nil
}

// ingestStaticItem reads one item of a static catalog and writes it.
func (c *Catalog) ingestStaticItem(ctx context.Context, u *url.URL, def ingestionDefinition) *apiError {
	f, e := c.fetch(ctx, u.String(), nil)
	if e != nil {
		return e
	}
	m, err := decodeObject(f.data)
	if err != nil {
		return newAPIError("InvalidStacCatalog", "item %s is not a JSON object", redact(u.String()))
	}
	m["collection"] = def.collection
	if e := checkItem(m, def.collection, ""); e != nil {
		return newAPIError("StacValidationFailed", "%s", e.Message)
	}
	if def.SkipExistingItems {
		if _, err := c.store.Item(def.collection, str(m, "id")); err == nil {
			return nil
		}
	}
	return c.writeItem(ctx, def.collection, m, itemWrite{keepOriginal: def.KeepOriginalAssets, base: u})
}
