package geocatalogtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// maxAssetSize bounds one asset copied into managed storage (in memory).
const maxAssetSize = 1 << 30

// assetFetchTimeout bounds one asset fetch.
const assetFetchTimeout = 60 * time.Second

// fetched is a document read from an href.
type fetched struct {
	data        []byte
	contentType string
}

// fetch reads href for ingestion. Relative hrefs are resolved against base
// (nil: they are invalid). Hrefs on this catalog's managed storage are read
// directly; hrefs without a SAS under a registered SasToken ingestion
// source get that source's SAS. Failures carry the service's ingestion
// error codes; messages never include query strings.
func (c *Catalog) fetch(ctx context.Context, href string, base *url.URL) (*fetched, *apiError) {
	u, err := url.Parse(href)
	if err != nil {
		return nil, newAPIError("InvalidAssetHref", "asset href %q is not a URL", redact(href))
	}
	if !u.IsAbs() {
		if base == nil {
			return nil, newAPIError("InvalidAssetHref", "asset href %q is relative; use absolute URLs", redact(href))
		}
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, newAPIError("InvalidAssetHref", "asset href %q is not http or https", redact(u.String()))
	}
	shown := redact(u.String())
	if bc, p, ok := c.ownBlob(u); ok {
		obj := bc.get(p)
		if obj == nil {
			return nil, newAPIError("IngestionResourceUriNotFound", "resource %s not found", shown)
		}
		return &fetched{data: obj.data, contentType: obj.contentType}, nil
	}
	if u.Query().Get("sig") == "" {
		if sas, ok := c.sourceSAS(u); ok {
			u.RawQuery = sas
		}
	}
	select {
	case c.srv.fetchSem <- struct{}{}:
		defer func() { <-c.srv.fetchSem }()
	case <-ctx.Done():
		return nil, newAPIError("CanceledOperation", "the operation was canceled")
	}
	ctx, cancel := context.WithTimeout(ctx, assetFetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, newAPIError("InvalidAssetHref", "asset href %s: invalid request", shown)
	}
	resp, err := c.srv.assetClient.Do(req)
	if err != nil {
		var ne net.Error
		switch {
		case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()):
			return nil, newAPIError("IngestionResourceTimeout", "timed out reading %s", shown)
		case ctx.Err() != nil:
			return nil, newAPIError("CanceledOperation", "the operation was canceled")
		}
		return nil, newAPIError("IngestionResourceConnectionFailed", "cannot connect to %s", shown)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, newAPIError("IngestionResourceUriNotFound", "resource %s not found", shown)
	case resp.StatusCode == http.StatusForbidden:
		return nil, newAPIError("IngestionResourceForbidden", "access to %s is forbidden; register an ingestion source or add a SAS to the href", shown)
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, newAPIError("IngestionAuthenticationFailed", "authentication failed reading %s", shown)
	case resp.StatusCode != http.StatusOK:
		return nil, newAPIError("GenericHttpIngestionError", "reading %s answered HTTP %d", shown, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAssetSize+1))
	if err != nil {
		return nil, newAPIError("IngestionResourceConnectionFailed", "reading %s failed", shown)
	}
	if len(data) > maxAssetSize {
		return nil, newAPIError("AssetTransformationError", "asset %s is larger than the emulator's limit", shown)
	}
	if len(data) == 0 {
		return nil, newAPIError("EmptyAsset", "asset %s is empty", shown)
	}
	return &fetched{data: data, contentType: resp.Header.Get("Content-Type")}, nil
}

// copyAssets copies every asset of item into the collection's managed
// container and rewrites the hrefs to it. Relative hrefs resolve against
// base. Assets are fetched concurrently; the first failure fails the item.
func (c *Catalog) copyAssets(ctx context.Context, collection, itemID string, item map[string]any, base *url.URL) *apiError {
	assets, _ := item["assets"].(map[string]any)
	if len(assets) == 0 {
		return nil
	}
	bc := c.container(collection)
	prefix := itemBlobPrefix(itemID)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr *apiError
		hrefs    = make(map[string]string, len(assets))
	)
	for key, v := range assets {
		asset, ok := v.(map[string]any)
		if !ok {
			return newAPIError("StacValidationFailed", "asset %q is not an object", key)
		}
		href, _ := asset["href"].(string)
		if href == "" {
			return newAPIError("InvalidAssetHref", "asset %q has no href", key)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := c.fetch(ctx, href, base)
			if err == nil {
				ct, _ := asset["type"].(string)
				if ct == "" {
					ct = f.contentType
				}
				if ct == "" {
					ct = "application/octet-stream"
				}
				name := key + assetExt(href)
				bc.put(prefix+name, f.data, ct)
				mu.Lock()
				hrefs[key] = c.blobHref(bc, prefix+name)
				mu.Unlock()
				return
			}
			mu.Lock()
			if firstErr == nil {
				firstErr = err
				cancel()
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	for key, h := range hrefs {
		assets[key].(map[string]any)["href"] = h
	}
	return nil
}

// assetExt is the file extension of an href's path, if it looks like one.
func assetExt(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	ext := path.Ext(u.Path)
	if len(ext) < 2 || len(ext) > 10 || strings.ContainsAny(ext, " %") {
		return ""
	}
	return ext
}

// errorsInBatch combines the failures of an item collection.
func errorsInBatch(errs []*apiError, total int) *apiError {
	if len(errs) == 1 && total == 1 {
		return errs[0]
	}
	return &apiError{
		Code:    "ErrorsInBatchOperation",
		Message: fmt.Sprintf("%d of %d items failed", len(errs), total),
		Details: errs,
	}
}
