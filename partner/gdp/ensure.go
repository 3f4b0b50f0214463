package gdp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// ensureCollection makes sure the order's collection exists. It returns
// whether it created the collection.
//
// GeoCatalog has no API that tells a principal its role, so write access is
// proven by a write, before any item is sent:
//   - a missing collection is created: a Reader gets 403 on the create;
//   - for an existing collection, probeWrite runs just before the
//     delivery's first change (not at all when every item is already
//     delivered): it sends a JSON merge patch "{}" to an item id that does
//     not exist (a fresh "partner-write-probe-<uuid>"). An Administrator's
//     request is accepted (its operation then ends with NoRecordsToPatch:
//     nothing changes), a Reader's is refused with 403. The probe changes
//     no data and costs one request.
//
// A refusal is a *partner.AccessDeniedError.
func ensureCollection(ctx context.Context, client *geocatalog.Client, order *Order, pacer *partner.Pacer) (bool, error) {
	sc := client.STAC()
	id := order.Collection.ID
	denied := func(op string, err error) error {
		if geocatalog.IsForbidden(err) || geocatalog.IsUnauthorized(err) {
			status := 403
			if geocatalog.IsUnauthorized(err) {
				status = 401
			}
			return &partner.AccessDeniedError{Endpoint: client.Endpoint(), StatusCode: status, Op: op, Err: err}
		}
		return fmt.Errorf("gdp: %s %s: %w", op, id, err)
	}
	if err := pacer.Pace(ctx); err != nil {
		return false, err
	}
	_, err := sc.GetCollection(ctx, id, nil)
	switch {
	case err == nil:
		return false, nil
	case !geocatalog.IsNotFound(err):
		return false, denied("read collection", err)
	}
	if err := pacer.Pace(ctx); err != nil {
		return false, err
	}
	p, err := sc.BeginCreateCollection(ctx, order.Collection, nil)
	created := true
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if geocatalog.IsConflict(err) {
		created, err = false, nil // created meanwhile by someone else
	}
	if err != nil {
		return false, denied("create collection", err)
	}
	if !created {
		return false, nil
	}
	if len(order.Queryables) > 0 {
		if err := pacer.Pace(ctx); err != nil {
			return true, err
		}
		if _, err := sc.CreateQueryables(ctx, id, order.Queryables, nil); err != nil {
			return true, denied("create queryables of", err)
		}
	}
	for _, ro := range order.RenderOptions {
		if err := pacer.Pace(ctx); err != nil {
			return true, err
		}
		if _, err := sc.CreateRenderOption(ctx, id, ro, nil); err != nil && !geocatalog.IsConflict(err) {
			return true, denied("create render option of", err)
		}
	}
	return true, nil
}

// probeWrite proves that the partner may write into an existing collection
// (see ensureCollection) without changing anything.
func probeWrite(ctx context.Context, client *geocatalog.Client, collectionID string, pacer *partner.Pacer) error {
	if err := pacer.Pace(ctx); err != nil {
		return err
	}
	probe := "partner-write-probe-" + uuid.NewString()
	_, err := client.STAC().BeginUpdateItem(ctx, collectionID, probe, map[string]any{}, nil)
	if err == nil || geocatalog.IsNotFound(err) {
		return nil
	}
	if geocatalog.IsForbidden(err) || geocatalog.IsUnauthorized(err) {
		status := 403
		if geocatalog.IsUnauthorized(err) {
			status = 401
		}
		return &partner.AccessDeniedError{Endpoint: client.Endpoint(), StatusCode: status, Op: "write into collection " + collectionID, Err: err}
	}
	return fmt.Errorf("gdp: write probe in collection %s: %w", collectionID, err)
}

// CollectionFor builds a collection for items: the extent covers their
// bounding boxes and datetimes, summaries list the values of the given
// properties, and item_assets describe the assets they share (without
// hrefs). id, description and license are the caller's.
func CollectionFor(id, description, license string, items []*stac.Item, summarize ...string) *stac.Collection {
	var bbox []float64
	var start, end *time.Time
	values := map[string]map[string]bool{}
	itemAssets := map[string]*stac.Asset{}
	for _, it := range items {
		if len(it.BBox) >= 4 {
			n := len(it.BBox) / 2
			if bbox == nil {
				bbox = []float64{it.BBox[0], it.BBox[1], it.BBox[n], it.BBox[n+1]}
			} else {
				bbox[0], bbox[1] = min(bbox[0], it.BBox[0]), min(bbox[1], it.BBox[1])
				bbox[2], bbox[3] = max(bbox[2], it.BBox[n]), max(bbox[3], it.BBox[n+1])
			}
		}
		for _, t := range []*time.Time{it.Properties.Datetime, it.Properties.StartDatetime, it.Properties.EndDatetime} {
			if t == nil {
				continue
			}
			if start == nil || t.Before(*start) {
				start = t
			}
			if end == nil || t.After(*end) {
				end = t
			}
		}
		for _, name := range summarize {
			if raw, ok := it.Properties.Get(name); ok {
				if values[name] == nil {
					values[name] = map[string]bool{}
				}
				values[name][string(raw)] = true
			}
		}
		for k, a := range it.Assets {
			if a == nil {
				continue
			}
			if _, ok := itemAssets[k]; !ok {
				c := a.Clone()
				c.Href = ""
				delete(c.Extra, "file:checksum")
				delete(c.Extra, "file:size")
				itemAssets[k] = c
			}
		}
	}
	if bbox == nil {
		bbox = []float64{-180, -90, 180, 90}
	}
	col := stac.NewCollection(id, description, license, stac.NewExtent(bbox, start, end))
	if len(values) > 0 {
		col.Summaries = summaries(values)
	}
	if len(itemAssets) > 0 {
		col.ItemAssets = itemAssets
	}
	return col
}

var errNoCollection = errors.New("gdp: the order has no collection")

// summaries turns the distinct raw values of each property into a list.
func summaries(values map[string]map[string]bool) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(values))
	for name, set := range values {
		list := make([]string, 0, len(set))
		for v := range set {
			list = append(list, v)
		}
		sort.Strings(list)
		raws := make([]json.RawMessage, len(list))
		for i, v := range list {
			raws[i] = json.RawMessage(v)
		}
		b, _ := json.Marshal(raws)
		out[name] = b
	}
	return out
}
