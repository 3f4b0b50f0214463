package stac

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Limits enforced by GeoCatalog on item writes.
const (
	// MaxItemIDLength is the longest item id GeoCatalog accepts.
	MaxItemIDLength = 64
	// MinCollectionIDLength and MaxCollectionIDLength bound collection ids.
	MinCollectionIDLength = 3
	MaxCollectionIDLength = 32
	// MaxAssets is the largest number of assets of one item (TotalAssetsExceeded).
	MaxAssets = 100
	// MaxItemBytes is the largest encoded item (ItemSizeExceeded): 1 MiB.
	MaxItemBytes = 1 << 20
)

// Problem is one reason a document is invalid.
type Problem struct {
	// Field is the JSON path of the member at fault, for example "id",
	// "properties.datetime", "assets.image.href" or "geometry.coordinates[0]".
	// It is "" for the document as a whole.
	Field string
	// Reason says what is wrong, in plain words.
	Reason string
}

// String formats the problem as "field: reason".
func (p Problem) String() string {
	if p.Field == "" {
		return p.Reason
	}
	return p.Field + ": " + p.Reason
}

// ValidationError lists every problem found in a document. Use errors.As to
// get it from the error returned by the Validate functions.
type ValidationError struct {
	// Kind is "item", "collection", "item id" or "collection id".
	Kind string
	// ID is the id of the document (may be empty or invalid).
	ID string
	// Problems lists every problem, in a fixed order.
	Problems []Problem
}

// Error lists the problems on one line.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("stac: invalid ")
	b.WriteString(e.Kind)
	if e.ID != "" {
		fmt.Fprintf(&b, " %q", e.ID)
	}
	if len(e.Problems) == 1 {
		b.WriteString(": ")
	} else {
		fmt.Fprintf(&b, " (%d problems): ", len(e.Problems))
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Has reports whether a problem was found at field.
func (e *ValidationError) Has(field string) bool { return e.Problem(field) != nil }

// Problem returns the first problem at field, or nil.
func (e *ValidationError) Problem(field string) *Problem {
	for i := range e.Problems {
		if e.Problems[i].Field == field {
			return &e.Problems[i]
		}
	}
	return nil
}

// problems collects problems while a document is checked.
type problems struct {
	list []Problem
}

func (ps *problems) add(field, format string, args ...any) {
	ps.list = append(ps.list, Problem{Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (ps *problems) err(kind, id string) error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ValidationError{Kind: kind, ID: id, Problems: ps.list}
}

// ValidateItemID checks the GeoCatalog item id rules: 1 to 64 characters,
// each a letter, a digit, '-', '_' or '.'.
func ValidateItemID(id string) error {
	var ps problems
	checkItemID(&ps, "id", id)
	return ps.err("item id", id)
}

// ValidateCollectionID checks the GeoCatalog collection id rules: 3 to 32
// characters, each a letter, a digit, '-' or '_'.
func ValidateCollectionID(id string) error {
	var ps problems
	checkCollectionID(&ps, "id", id)
	return ps.err("collection id", id)
}

func checkItemID(ps *problems, field, id string) {
	switch {
	case id == "":
		ps.add(field, "required")
	case len(id) > MaxItemIDLength:
		ps.add(field, "is %d characters long; at most %d are allowed", len(id), MaxItemIDLength)
	}
	if c, ok := badIDChar(id, true); ok {
		ps.add(field, "contains %q; only letters, digits, '-', '_' and '.' are allowed", c)
	}
}

func checkCollectionID(ps *problems, field, id string) {
	switch {
	case id == "":
		ps.add(field, "required")
	case len(id) < MinCollectionIDLength || len(id) > MaxCollectionIDLength:
		ps.add(field, "is %d characters long; %d to %d are allowed", len(id), MinCollectionIDLength, MaxCollectionIDLength)
	}
	if c, ok := badIDChar(id, false); ok {
		ps.add(field, "contains %q; only letters, digits, '-' and '_' are allowed", c)
	}
}

// badIDChar returns the first character of id that ids may not contain.
func badIDChar(id string, allowDot bool) (rune, bool) {
	for _, c := range id {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		case c == '.' && allowDot:
		default:
			return c, true
		}
	}
	return 0, false
}

// ValidateOptions relaxes [ValidateItemWith].
type ValidateOptions struct {
	// AllowRelativeHrefs accepts relative asset hrefs, as static catalogs
	// (read by an ingestion) use them. GeoCatalog refuses them on item writes
	// (InvalidAssetHref), so ValidateItem does not allow them.
	AllowRelativeHrefs bool
}

// ValidateItem checks item before it is written to a GeoCatalog and returns a
// *ValidationError listing every problem, or nil. The rules:
//   - "type" is "Feature"; the id follows [ValidateItemID];
//   - the geometry is valid GeoJSON (known type, well-formed coordinates,
//     closed polygon rings of at least 4 positions, longitudes in [-180, 180],
//     latitudes in [-90, 90]) or null;
//   - the bbox has 4 or 6 numbers in range, south <= north (west > east is an
//     antimeridian crossing), and contains the geometry's envelope, with a
//     tolerance of 5% of the bbox size (live catalogs serve such items); a
//     bbox is required with a non-null geometry;
//   - properties.datetime is a timestamp, or null with start_datetime and
//     end_datetime; start_datetime <= end_datetime;
//   - links have an href and a rel; asset hrefs are absolute URLs; at most
//     100 assets; the encoded item is at most 1 MiB.
//
// It accepts items that fail the STAC JSON schema in ways live catalogs
// tolerate, such as a null geometry with a bbox.
func ValidateItem(item *Item) error {
	return ValidateItemWith(item, nil)
}

// ValidateItemWith is [ValidateItem] with options; nil options are the
// defaults of ValidateItem.
func ValidateItemWith(item *Item, opts *ValidateOptions) error {
	if opts == nil {
		opts = &ValidateOptions{}
	}
	if item == nil {
		return &ValidationError{Kind: "item", Problems: []Problem{{Reason: "item is nil"}}}
	}
	var ps problems
	it := item
	if it.Type != "Feature" {
		if _, ok := it.Extra["type"]; ok || it.Type != "" {
			ps.add("type", "must be \"Feature\"")
		} else {
			ps.add("type", "required (\"Feature\")")
		}
	}
	if _, ok := it.Extra["id"]; ok && it.ID == "" {
		ps.add("id", "must be a string")
	} else {
		checkItemID(&ps, "id", it.ID)
	}
	if _, ok := it.Extra["collection"]; ok && it.Collection == "" {
		ps.add("collection", "must be a non-empty string when present")
	}
	if _, ok := it.Extra["stac_extensions"]; ok {
		ps.add("stac_extensions", "must be an array of strings")
	}

	env, geomOK := checkGeometry(&ps, "geometry", it.Geometry, it.missing&missingGeometry != 0)
	if _, ok := it.Extra["bbox"]; ok && it.BBox == nil {
		ps.add("bbox", "must be an array of 4 or 6 numbers")
	} else if it.BBox != nil {
		if b, ok := checkBBox(&ps, "bbox", it.BBox); ok && geomOK && env.set {
			checkBBoxContains(&ps, "bbox", b, env)
		}
	} else if !it.Geometry.IsNull() {
		ps.add("bbox", "required when the geometry is not null")
	}

	if _, ok := it.Extra["properties"]; ok || it.missing&missingProperties != 0 {
		ps.add("properties", "required (an object)")
	} else {
		checkItemDatetimes(&ps, &it.Properties)
	}

	if _, ok := it.Extra["links"]; ok {
		ps.add("links", "must be an array of link objects")
	}
	checkLinks(&ps, "links", it.Links)

	if _, ok := it.Extra["assets"]; ok {
		ps.add("assets", "must be an object of asset objects")
	}
	if len(it.Assets) > MaxAssets {
		ps.add("assets", "has %d assets; at most %d are allowed", len(it.Assets), MaxAssets)
	}
	checkAssets(&ps, "assets", it.Assets, !opts.AllowRelativeHrefs)

	if b, err := it.appendJSON(nil); err != nil {
		ps.add("", "cannot be encoded as JSON: %v", err)
	} else if len(b) > MaxItemBytes {
		ps.add("", "encoded item is %d bytes; at most %d (1 MiB) are allowed", len(b), MaxItemBytes)
	}
	return ps.err("item", it.ID)
}

func checkItemDatetimes(ps *problems, p *Properties) {
	checkRawTime := func(name string) {
		if raw, ok := p.Extra[name]; ok && !isNull(raw) {
			if _, isStr := decodeString(raw); isStr {
				ps.add("properties."+name, "is not an RFC 3339 timestamp")
			} else {
				ps.add("properties."+name, "must be an RFC 3339 timestamp string")
			}
		}
	}
	checkRawTime(PropDatetime)
	checkRawTime(PropStartDatetime)
	checkRawTime(PropEndDatetime)
	if p.Datetime == nil {
		raw, present := p.Extra[PropDatetime]
		switch {
		case !present:
			ps.add("properties.datetime", "required: a timestamp, or null with start_datetime and end_datetime")
		case isNull(raw):
			if p.StartDatetime == nil {
				ps.add("properties.start_datetime", "required when datetime is null")
			}
			if p.EndDatetime == nil {
				ps.add("properties.end_datetime", "required when datetime is null")
			}
		}
	}
	if p.StartDatetime != nil && p.EndDatetime != nil && p.StartDatetime.After(*p.EndDatetime) {
		ps.add("properties.start_datetime", "is after end_datetime")
	}
}

func checkLinks(ps *problems, field string, links []Link) {
	for i, l := range links {
		f := fmt.Sprintf("%s[%d]", field, i)
		if l.Href == "" {
			ps.add(f+".href", "required")
		}
		if l.Rel == "" {
			ps.add(f+".rel", "required")
		}
	}
}

func checkAssets(ps *problems, field string, assets map[string]*Asset, absolute bool) {
	for _, key := range sortedAssetKeys(assets) {
		a := assets[key]
		f := field + "." + key
		if a == nil {
			ps.add(f, "must be an asset object, not null")
			continue
		}
		if a.Href == "" {
			if _, ok := a.Extra["href"]; ok {
				ps.add(f+".href", "must be a non-empty string")
			} else {
				ps.add(f+".href", "required")
			}
			continue
		}
		if reason := checkHref(a.Href, absolute); reason != "" {
			ps.add(f+".href", "%s", reason)
		}
	}
}

// checkHref returns why href is not acceptable as an asset href, or "".
func checkHref(href string, absolute bool) string {
	u, err := url.Parse(href)
	if err != nil {
		return "is not a valid URL"
	}
	if !absolute {
		return ""
	}
	if u.Scheme == "" {
		return fmt.Sprintf("must be an absolute URL (http, https, abfs, s3, ...), not the relative reference %q", redactHref(href))
	}
	if u.Host == "" {
		// file:///..., C:\... and https:///x: nothing a catalog can fetch.
		return fmt.Sprintf("must be an absolute URL with a host (scheme %q has none)", u.Scheme)
	}
	return ""
}

// redactHref shortens href for error text and drops its query, which may
// hold a SAS signature.
func redactHref(href string) string {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i] + "?..."
	}
	if len(href) > 80 {
		href = href[:80] + "..."
	}
	return href
}

// ValidateCollection checks collection before it is written to a GeoCatalog
// and returns a *ValidationError listing every problem, or nil. The rules:
// the id follows [ValidateCollectionID]; "type", when present, is
// "Collection"; description
// and license are present; the extent has at least one valid bbox and one
// interval whose start is not after its end; links have an href and a rel;
// providers have a name; asset hrefs are absolute URLs.
func ValidateCollection(c *Collection) error {
	if c == nil {
		return &ValidationError{Kind: "collection", Problems: []Problem{{Reason: "collection is nil"}}}
	}
	var ps problems
	// GeoCatalog defaults a missing type to "Collection" (older STAC too).
	if _, ok := c.Extra["type"]; c.Type != "Collection" && (c.Type != "" || ok) {
		ps.add("type", "must be \"Collection\"")
	}
	if _, ok := c.Extra["id"]; ok && c.ID == "" {
		ps.add("id", "must be a string")
	} else {
		checkCollectionID(&ps, "id", c.ID)
	}
	if c.Description == "" {
		ps.add("description", "required (a non-empty string)")
	}
	if c.License == "" {
		ps.add("license", "required (an SPDX identifier, \"various\" or \"proprietary\")")
	}
	for _, name := range []string{"stac_extensions", "keywords", "providers", "summaries", "assets", "item_assets"} {
		if _, ok := c.Extra[name]; ok {
			ps.add(name, "has the wrong JSON type")
		}
	}
	checkExtent(&ps, c)
	if _, ok := c.Extra["links"]; ok {
		ps.add("links", "must be an array of link objects")
	}
	checkLinks(&ps, "links", c.Links)
	for i, p := range c.Providers {
		if p.Name == "" {
			ps.add(fmt.Sprintf("providers[%d].name", i), "required")
		}
	}
	checkAssets(&ps, "assets", c.Assets, true)
	return ps.err("collection", c.ID)
}

func checkExtent(ps *problems, c *Collection) {
	if _, ok := c.Extra["extent"]; ok || c.noExtent {
		ps.add("extent", "required (an object with spatial and temporal)")
		return
	}
	e := &c.Extent
	switch {
	case e.noSpatial && e.Spatial.isZero():
		ps.add("extent.spatial", "required")
	case e.Spatial.BBox == nil:
		ps.add("extent.spatial.bbox", "required (an array of bounding boxes)")
	case len(e.Spatial.BBox) == 0:
		ps.add("extent.spatial.bbox", "must hold at least one bounding box")
	default:
		for i, b := range e.Spatial.BBox {
			checkBBox(ps, fmt.Sprintf("extent.spatial.bbox[%d]", i), b)
		}
	}
	switch {
	case e.noTemporal && e.Temporal.isZero():
		ps.add("extent.temporal", "required")
	case e.Temporal.Interval == nil:
		if _, ok := e.Temporal.Extra["interval"]; ok {
			ps.add("extent.temporal.interval", "must be an array of [start, end] pairs of RFC 3339 timestamps or null")
		} else {
			ps.add("extent.temporal.interval", "required (an array of intervals)")
		}
	case len(e.Temporal.Interval) == 0:
		ps.add("extent.temporal.interval", "must hold at least one interval")
	default:
		for i, iv := range e.Temporal.Interval {
			if iv[0] != nil && iv[1] != nil && iv[0].After(*iv[1]) {
				ps.add(fmt.Sprintf("extent.temporal.interval[%d]", i), "starts after it ends")
			}
		}
	}
}

// rawGeometry is the shape of a GeoJSON geometry object.
type rawGeometry struct {
	Type        string            `json:"type"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}
