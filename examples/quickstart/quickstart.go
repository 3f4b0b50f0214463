package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// collectionID is the collection the quickstart writes to.
const collectionID = "quickstart-sample"

// summary is what a quickstart run did, for the final line and for tests.
type summary struct {
	Collections int
	Created     int
	Found       int
	AssetBytes  int
}

// quickstart runs the steps against client. assetBase is where the catalog
// reads the sample GeoTIFFs from; httpClient reads the managed-storage copy
// back (nil means http.DefaultClient).
func quickstart(ctx context.Context, out io.Writer, client *geocatalog.Client, assetBase string, httpClient *http.Client) (summary, error) {
	var sum summary
	stacClient := client.STAC()
	start := time.Now()

	landing, err := stacClient.GetLandingPage(ctx, nil)
	if err != nil {
		return sum, fmt.Errorf("landing page: %w", err)
	}
	fmt.Fprintf(out, "1. landing page: %q, %d conformance classes\n", landing.ID, len(landing.ConformsTo))

	if err := ensureCollection(ctx, stacClient); err != nil {
		return sum, err
	}
	for pager := stacClient.NewListCollectionsPager(nil); pager.More(); {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return sum, fmt.Errorf("list collections: %w", err)
		}
		sum.Collections += len(page.Collections)
	}
	fmt.Fprintf(out, "2. collection %q ready (%s in the catalog)\n", collectionID, cli.Count(sum.Collections, "collection"))

	items, err := missingItems(ctx, stacClient, sampleItems(assetBase, sampleItemCount))
	if err != nil {
		return sum, err
	}
	if len(items) == 0 {
		fmt.Fprintf(out, "3. all %d items already there from an earlier run\n", sampleItemCount)
	} else {
		poller, err := stacClient.BeginCreateItems(ctx, collectionID, items, nil)
		if err != nil {
			return sum, fmt.Errorf("create items: %w", err)
		}
		created, err := poller.PollUntilDone(ctx, nil)
		if err != nil {
			return sum, fmt.Errorf("create items: %w", err)
		}
		sum.Created = len(items)
		fmt.Fprintf(out, "3. created %d items in one ItemCollection (operation %s: %s)\n", len(items), created.Operation.ID, created.Operation.Status)
	}

	req := &stac.SearchRequest{
		Collections: []string{collectionID},
		BBox:        []float64{sampleWest, sampleSouth, sampleWest + 0.1, sampleSouth + 0.1},
		Datetime:    "2024-06-01T00:00:00Z/2024-06-30T23:59:59Z",
		Limit:       5,
	}
	var first *stac.Item
	for item, err := range stacClient.SearchItems(ctx, req, nil) {
		if err != nil {
			return sum, fmt.Errorf("search: %w", err)
		}
		if first == nil {
			first = item
		}
		sum.Found++
	}
	fmt.Fprintf(out, "4. search (bbox + June 2024, pages of 5) found %d items\n", sum.Found)
	if first == nil {
		return sum, fmt.Errorf("search found no item")
	}

	n, err := readAsset(ctx, client, first, httpClient)
	if err != nil {
		return sum, err
	}
	sum.AssetBytes = n
	fmt.Fprintf(out, "5. read %d bytes of %s/image from managed storage with a SAS token\n", n, first.ID)
	fmt.Fprintf(out, "   steps 1-5 in %s: %s, %s created, %d found, %d asset bytes read\n",
		time.Since(start).Round(time.Millisecond), cli.Count(sum.Collections, "collection"), cli.Count(sum.Created, "item"), sum.Found, sum.AssetBytes)
	return sum, nil
}

// ensureCollection creates the sample collection unless it exists.
func ensureCollection(ctx context.Context, stacClient *geocatalog.STACClient) error {
	_, err := stacClient.GetCollection(ctx, collectionID, nil)
	if err == nil {
		return nil
	}
	if !geocatalog.IsNotFound(err) {
		return fmt.Errorf("get collection: %w", err)
	}
	poller, err := stacClient.BeginCreateCollection(ctx, sampleCollection(), nil)
	if err != nil {
		return fmt.Errorf("create collection: %w", err)
	}
	if _, err := poller.PollUntilDone(ctx, nil); err != nil {
		return fmt.Errorf("create collection: %w", err)
	}
	return nil
}

// readAsset downloads the item's image asset from managed storage with the
// collection's SAS token and returns its size.
func readAsset(ctx context.Context, client *geocatalog.Client, item *stac.Item, httpClient *http.Client) (int, error) {
	asset := item.Asset("image")
	if asset == nil {
		return 0, fmt.Errorf("item %s has no image asset", item.ID)
	}
	token, err := client.SAS().GetToken(ctx, collectionID, nil)
	if err != nil {
		return 0, fmt.Errorf("sas token: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, token.AppendTo(asset.Href), nil)
	if err != nil {
		return 0, err
	}
	if httpClient == nil {
		httpClient = http.DefaultClient
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		// A *url.Error names the URL, which carries the SAS: keep only its cause.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}
		return 0, fmt.Errorf("read asset: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("read asset: status %s", resp.Status)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	return int(n), err
}

// missingItems returns the items that the collection does not hold yet, so
// that a second run creates nothing (POST never overwrites: it fails with
// ItemAlreadyExistsInCollection).
func missingItems(ctx context.Context, stacClient *geocatalog.STACClient, items []*stac.Item) ([]*stac.Item, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	have := map[string]bool{}
	req := &stac.SearchRequest{Collections: []string{collectionID}, IDs: ids, Limit: len(ids)}
	for item, err := range stacClient.SearchItems(ctx, req, nil) {
		if err != nil {
			return nil, fmt.Errorf("search existing items: %w", err)
		}
		have[item.ID] = true
	}
	var missing []*stac.Item
	for _, it := range items {
		if !have[it.ID] {
			missing = append(missing, it)
		}
	}
	return missing, nil
}
