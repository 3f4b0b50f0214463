package gsp

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// RelDerivedFrom is the relation of the links from a derived item to its
// sources.
const RelDerivedFrom = "derived_from"

// ProcessingExtension is the STAC processing extension whose fields Run
// writes on derived items.
const ProcessingExtension = "https://stac-extensions.github.io/processing/v1.2.0/schema.json"

// Processing describes how derived items were made; Run writes it on every
// derived item (fields of the STAC processing extension).
type Processing struct {
	// Software maps the names of the programs that made the items to their
	// versions ("processing:software").
	Software map[string]string
	// Lineage says in a sentence how the items were made
	// ("processing:lineage").
	Lineage string
	// Level is the processing level ("processing:level"), e.g. "L3".
	Level string
	// Facility names the processing facility ("processing:facility").
	Facility string
}

// itemHref returns the STAC API URL of an item: its self link, else one
// built from the catalog endpoint.
func itemHref(endpoint string, it *stac.Item) string {
	if l := it.SelfLink(); l != nil && l.Href != "" {
		if u, err := url.Parse(l.Href); err == nil {
			u.RawQuery = "" // no signatures or api-version in provenance
			return u.String()
		}
	}
	return strings.TrimRight(endpoint, "/") + "/stac/collections/" + url.PathEscape(it.Collection) + "/items/" + url.PathEscape(it.ID)
}

// finishDerived returns a copy of d.Item ready to write: the output
// collection, derived_from links to src and d.Sources, and the processing
// fields.
func finishDerived(endpoint, collection string, src *stac.Item, d *Derived, p Processing) (*stac.Item, error) {
	if d == nil || d.Item == nil {
		return nil, errors.New("the processor returned a nil derived item")
	}
	if d.Item.ID == "" {
		return nil, errors.New("the processor returned a derived item without an id")
	}
	it := d.Item.Clone()
	it.Collection = collection
	if it.Type == "" {
		it.Type = "Feature"
	}
	if it.StacVersion == "" {
		it.StacVersion = stac.Version
	}
	sources := append([]*stac.Item{src}, d.Sources...)
	have := map[string]bool{}
	for _, l := range it.Links {
		if l.Rel == RelDerivedFrom {
			have[l.Href] = true
		}
	}
	for _, s := range sources {
		if s == nil {
			continue
		}
		href := itemHref(endpoint, s)
		if have[href] {
			continue
		}
		have[href] = true
		it.Links = append(it.Links, stac.Link{Rel: RelDerivedFrom, Href: href, Type: "application/geo+json"})
	}
	set := func(name string, v any) error {
		if err := it.Properties.Set(name, v); err != nil {
			return fmt.Errorf("setting %s: %w", name, err)
		}
		return nil
	}
	var errs []error
	if len(p.Software) > 0 {
		errs = append(errs, set("processing:software", p.Software))
	}
	if p.Lineage != "" {
		errs = append(errs, set("processing:lineage", p.Lineage))
	}
	if p.Level != "" {
		errs = append(errs, set("processing:level", p.Level))
	}
	if p.Facility != "" {
		errs = append(errs, set("processing:facility", p.Facility))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if (len(p.Software) > 0 || p.Lineage != "" || p.Level != "" || p.Facility != "") && !slices.Contains(it.StacExtensions, ProcessingExtension) {
		it.StacExtensions = append(it.StacExtensions, ProcessingExtension)
	}
	return it, nil
}

// DerivedFrom returns the hrefs of the derived_from links of an item.
func DerivedFrom(it *stac.Item) []string {
	var out []string
	for _, l := range it.LinksByRel(RelDerivedFrom) {
		out = append(out, l.Href)
	}
	return out
}
