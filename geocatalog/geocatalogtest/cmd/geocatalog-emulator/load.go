package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"

	"os"

	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// loadBatch is how many items one ingestion run takes (the service's
// limit of a static catalog).
const loadBatch = 10000

// loadResult counts what a load wrote.
type loadResult struct {
	Collections int
	Items       int
	Failed      int
}

// source is what -load names: items by collection and the collection
// documents found.
type source struct {
	collections map[string]*stac.Collection
	items       map[string][]*stac.Item
	order       []string // collection ids in the order first seen
}

// readSource reads an NDJSON file (one item a line) or a folder holding a
// collection.json and items (*.json, *.ndjson, *.jsonl, in subfolders too).
// Items that name no collection go to defaultCollection, or to the
// folder's collection.
func readSource(p, defaultCollection string) (*source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("-load: %w", err)
	}
	src := &source{collections: map[string]*stac.Collection{}, items: map[string][]*stac.Item{}}
	if !fi.IsDir() {
		return src, src.readNDJSON(p, defaultCollection)
	}
	if b, err := os.ReadFile(filepath.Join(p, "collection.json")); err == nil {
		var c stac.Collection
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("-load %s: %w", filepath.Join(p, "collection.json"), err)
		}
		src.collections[c.ID] = &c
		src.add(c.ID, nil)
		defaultCollection = c.ID
	}
	err = filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || name == filepath.Join(p, "collection.json") {
			return err
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".ndjson", ".jsonl":
			return src.readNDJSON(name, defaultCollection)
		case ".json":
			b, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			it, err := stac.DecodeItem(b)
			if err != nil {
				return fmt.Errorf("-load %s: %w", name, err)
			}
			src.add(collectionOf(it, defaultCollection), it)
		}
		return nil
	})
	return src, err
}

// readNDJSON reads one item a line from name.
func (src *source) readNDJSON(name, defaultCollection string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("-load: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 8<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		it, err := stac.DecodeItem([]byte(line))
		if err != nil {
			return fmt.Errorf("-load %s:%d: %w", name, n, err)
		}
		src.add(collectionOf(it, defaultCollection), it)
	}
	return sc.Err()
}

func (src *source) add(collection string, it *stac.Item) {
	if _, ok := src.items[collection]; !ok {
		src.order = append(src.order, collection)
		src.items[collection] = nil
	}
	if it != nil {
		src.items[collection] = append(src.items[collection], it)
	}
}

func collectionOf(it *stac.Item, def string) string {
	if it.Collection != "" {
		return it.Collection
	}
	return def
}

// staticCatalog serves items as a static catalog over plain http on
// loopback (catalog.json and items/N.json), for an ingestion run to read.
func staticCatalog(items []*stac.Item) (string, func(), error) {
	links := make([]map[string]string, len(items))
	for i := range items {
		links[i] = map[string]string{"rel": "item", "href": "items/" + strconv.Itoa(i) + ".json"}
	}
	cat, err := json.Marshal(map[string]any{"type": "Catalog", "stac_version": stac.Version, "id": "emulator-load", "description": "geocatalog-emulator -load", "links": links})
	if err != nil {
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /catalog.json", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(cat) })
	mux.HandleFunc("GET /items/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".json"))
		if err != nil || n < 0 || n >= len(items) {
			http.NotFound(w, r)
			return
		}
		b, err := json.Marshal(items[n])
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_, _ = w.Write(b)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(l) }()
	return "http://" + l.Addr().String() + "/catalog.json", func() { _ = hs.Close() }, nil
}

// load writes src into the catalog of client: each collection (its
// collection.json, or one built from its items), then its items through
// static catalog ingestion runs that keep the items' asset hrefs as they
// are (keepOriginalAssets), so that a load needs no access to the assets.
func load(ctx context.Context, client *geocatalog.Client, src *source) (loadResult, error) {
	var res loadResult
	for _, id := range src.order {
		items := src.items[id]
		if id == "" {
			return res, errors.New("-load: items name no collection (set -collection)")
		}
		c := src.collections[id]
		if c == nil {
			c = gdp.CollectionFor(id, "Loaded by geocatalog-emulator", "proprietary", items)
		}
		if err := createCollection(ctx, client, c); err != nil {
			return res, err
		}
		res.Collections++
		for start := 0; start < len(items); start += loadBatch {
			chunk := items[start:min(start+loadBatch, len(items))]
			ok, failed, err := ingest(ctx, client, id, chunk)
			res.Items += ok
			res.Failed += failed
			if err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// ingest runs one static catalog ingestion of items into collection and
// returns the counts of items it stored and failed.
func ingest(ctx context.Context, client *geocatalog.Client, collection string, items []*stac.Item) (int, int, error) {
	u, stop, err := staticCatalog(items)
	if err != nil {
		return 0, 0, err
	}
	defer stop()
	ic := client.Ingestion()
	ing, err := ic.CreateIngestion(ctx, collection, geocatalog.Ingestion{
		ImportType: "StaticCatalog", DisplayName: "geocatalog-emulator -load", SourceCatalogURL: u, KeepOriginalAssets: true, SkipExistingItems: true,
	}, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("-load: ingestion into %s: %w", collection, err)
	}
	created, err := ic.CreateRun(ctx, collection, ing.ID, nil)
	run := created.IngestionRun
	for err == nil && !run.Operation.Status.IsTerminal() {
		select {
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		var got geocatalog.GetRunResponse
		got, err = ic.GetRun(ctx, collection, ing.ID, run.ID, nil)
		run = got.IngestionRun
	}
	if err != nil {
		return 0, 0, fmt.Errorf("-load: ingestion run into %s: %w", collection, err)
	}
	return int(run.Operation.TotalSuccessfulItems), int(run.Operation.TotalFailedItems), nil
}

func createCollection(ctx context.Context, client *geocatalog.Client, c *stac.Collection) error {
	p, err := client.STAC().BeginCreateCollection(ctx, c, nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil {
		return fmt.Errorf("-load: collection %s: %w", c.ID, err)
	}
	return nil
}
