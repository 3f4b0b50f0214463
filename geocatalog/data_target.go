package geocatalog

import (
	"net/url"
	"strconv"
)

// dataTarget is what a tiler sub-client renders: an item, a collection
// mosaic or a registered search mosaic. It holds the operations the three
// share; only the path prefix (base) differs between them.
type dataTarget struct {
	d                        *DataClient
	kind                     targetKind
	collection, item, search string
}

type targetKind int

const (
	targetItem targetKind = iota
	targetCollection
	targetSearch
)

// op names an operation of the target in errors, e.g. "Data.Item.GetTile".
func (t *dataTarget) op(name string) string {
	return [...]string{"Data.Item.", "Data.Collection.", "Data.Search."}[t.kind] + name
}

// pathFunc extends the base path of a target into an operation's path; op
// names the operation in its errors.
type pathFunc func(op, base string) (string, error)

// call prepares a request of the target; path (nil: the base itself)
// extends the base path. Params that the target does not take (mosaic
// parameters on an item, a collection filter outside a collection mosaic)
// are refused when they are set.
func (t *dataTarget) call(name, method string, path pathFunc, body any, params ...queryParams) dataCall {
	op := t.op(name)
	for _, p := range params {
		if err := t.accepts(op, p); err != nil {
			return dataCall{err: err}
		}
	}
	b, err := t.base(op)
	if err == nil && path != nil {
		b, err = path(op, b)
	}
	return t.d.newCall(method, b, err, body, params...)
}

// accepts refuses a non-empty group of parameters the target does not take.
func (t *dataTarget) accepts(op string, p queryParams) error {
	var ok bool
	var param, reason string
	switch p.(type) {
	case *MosaicParams:
		ok, param, reason = t.kind != targetItem, "MosaicParams", "apply to collection and search mosaics only"
	case *CollectionFilter:
		ok, param, reason = t.kind == targetCollection, "CollectionFilter", "applies to collection mosaics only"
	default:
		return nil
	}
	if ok {
		return nil
	}
	q := url.Values{}
	p.encode(q)
	if len(q) == 0 {
		return nil
	}
	return invalid(op, "options."+param, reason)
}

// base returns the escaped path of the target for the client's version.
func (t *dataTarget) base(op string) (string, error) {
	if err := t.checkIDs(op); err != nil {
		return "", err
	}
	pre := t.d.preGA()
	switch t.kind {
	case targetItem:
		p := "/data/mosaic/collections/"
		if pre {
			p = "/data/collections/"
		}
		return p + url.PathEscape(t.collection) + "/items/" + url.PathEscape(t.item), nil
	case targetCollection:
		if pre {
			return "", t.d.notInVersion(op)
		}
		return "/data/mosaic/collections/" + url.PathEscape(t.collection), nil
	default:
		if pre {
			return "/data/mosaic/" + url.PathEscape(t.search), nil
		}
		return "/data/mosaic/searches/" + url.PathEscape(t.search), nil
	}
}

// checkIDs refuses an empty or malformed id of the target.
func (t *dataTarget) checkIDs(op string) error {
	if t.kind == targetSearch {
		return checkID(op, "searchID", t.search)
	}
	if err := checkID(op, "collectionID", t.collection); err != nil || t.kind != targetItem {
		return err
	}
	return checkID(op, "itemID", t.item)
}

// gaOnly refuses an operation of the GA layout under an earlier version.
func (t *dataTarget) gaOnly(op string) error {
	if t.d.preGA() {
		return t.d.notInVersion(op)
	}
	return nil
}

// sub returns the path function of {base}/{sub}; gaOnly refuses the
// earlier layout.
func (t *dataTarget) sub(sub string, gaOnly bool) pathFunc {
	return func(op, b string) (string, error) {
		if gaOnly {
			if err := t.gaOnly(op); err != nil {
				return "", err
			}
		}
		return b + "/" + sub, nil
	}
}

// tileSegments is /tiles[/{tms}]/{z}/{x}/{y}.
func tileSegments(op string, tile Tile) (string, error) {
	if tile.Z < 0 || tile.X < 0 || tile.Y < 0 || tile.Scale < 0 {
		return "", invalid(op, "tile", "negative z, x, y or scale")
	}
	p := "/tiles"
	if tile.TileMatrixSetID != "" {
		p += "/" + url.PathEscape(tile.TileMatrixSetID)
	}
	return p + "/" + strconv.Itoa(tile.Z) + "/" + strconv.Itoa(tile.X) + "/" + strconv.Itoa(tile.Y), nil
}
