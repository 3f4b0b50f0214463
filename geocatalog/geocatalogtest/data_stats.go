package geocatalogtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// bandStats computes rio-tiler's statistics of the valid values.
func bandStats(vals []float64, total int, bins int, hrange *[2]float64, percentiles []int, categorical bool, categories []float64) map[string]any {
	n := len(vals)
	out := map[string]any{
		"count": float64(n), "valid_pixels": float64(n), "masked_pixels": float64(total - n),
		"valid_percent": 0.0,
	}
	if total > 0 {
		out["valid_percent"] = math.Round(float64(n)/float64(total)*10000) / 100
	}
	if n == 0 {
		for _, k := range []string{"min", "max", "mean", "sum", "std", "median", "majority", "minority", "unique"} {
			out[k] = nil
		}
		out["histogram"] = [][]float64{{}, {}}
		return out
	}
	sorted := append([]float64(nil), vals...)
	sort.Float64s(sorted)
	sum := 0.0
	for _, v := range vals {
		sum += v
	}
	mean := sum / float64(n)
	ss := 0.0
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	counts := map[float64]int{}
	for _, v := range vals {
		counts[v]++
	}
	majority, minority := sorted[0], sorted[0]
	for v, c := range counts {
		if c > counts[majority] || (c == counts[majority] && v < majority) {
			majority = v
		}
		if c < counts[minority] || (c == counts[minority] && v < minority) {
			minority = v
		}
	}
	out["min"], out["max"] = sorted[0], sorted[n-1]
	out["mean"], out["sum"] = mean, sum
	out["std"] = math.Sqrt(ss / float64(n))
	out["median"] = percentile(sorted, 50)
	out["majority"], out["minority"] = majority, minority
	out["unique"] = float64(len(counts))
	for _, p := range percentiles {
		out["percentile_"+strconv.Itoa(p)] = percentile(sorted, float64(p))
	}
	if categorical {
		keys := categories
		if len(keys) == 0 {
			for v := range counts {
				keys = append(keys, v)
			}
			sort.Float64s(keys)
		}
		hc := make([]float64, len(keys))
		for i, k := range keys {
			hc[i] = float64(counts[k])
		}
		out["histogram"] = [][]float64{hc, keys}
		return out
	}
	lo, hi := sorted[0], sorted[n-1]
	if hrange != nil {
		lo, hi = hrange[0], hrange[1]
	}
	hc := make([]float64, bins)
	edges := make([]float64, bins+1)
	for i := range edges {
		edges[i] = lo + (hi-lo)*float64(i)/float64(bins)
	}
	for _, v := range vals {
		if v < lo || v > hi {
			continue
		}
		k := bins - 1
		if hi > lo {
			k = min(bins-1, int((v-lo)/(hi-lo)*float64(bins)))
		}
		hc[k]++
	}
	out["histogram"] = [][]float64{hc, edges}
	return out
}

// percentile is numpy's linear-interpolation percentile of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	pos := p / 100 * float64(len(sorted)-1)
	i := int(math.Floor(pos))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	f := pos - float64(i)
	return sorted[i] + (sorted[i+1]-sorted[i])*f
}

// statsOptions are the statistics query parameters.
type statsOptions struct {
	bins        int
	hrange      *[2]float64
	percentiles []int
	categorical bool
	categories  []float64
}

func (d *dataReq) statsOptions() (*statsOptions, bool) {
	o := &statsOptions{bins: atoiDefault(d.q.Get("histogram_bins"), 10), percentiles: []int{2, 98}}
	if o.bins < 1 || o.bins > 10000 {
		d.badRequest("invalid histogram_bins")
		return nil, false
	}
	if s := d.q.Get("histogram_range"); s != "" {
		lo, hi, ok := parseRange(s)
		if !ok || hi < lo {
			d.badRequest("invalid histogram_range %q", s)
			return nil, false
		}
		o.hrange = &[2]float64{lo, hi}
	}
	if ps := d.q["p"]; len(ps) > 0 {
		o.percentiles = nil
		for _, p := range ps {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 100 {
				d.badRequest("invalid percentile %q", p)
				return nil, false
			}
			o.percentiles = append(o.percentiles, n)
		}
	}
	o.categorical = d.q.Get("categorical") == "true"
	for _, c := range d.q["c"] {
		f, err := strconv.ParseFloat(c, 64)
		if err != nil {
			d.badRequest("invalid category %q", c)
			return nil, false
		}
		o.categories = append(o.categories, f)
	}
	return o, true
}

// bandValues collects each band's valid values over the band's native
// grid, restricted to pixels whose centre is inside the geometry (in
// WGS84) when one is given. A pixel counts as valid when every band is.
func bandValues(bands []band, nodata *float64, geom orb.Geometry) (vals [][]float64, total int) {
	vals = make([][]float64, len(bands))
	r := bands[0].r
	for j := 0; j < r.Height; j++ {
		for i := 0; i < r.Width; i++ {
			x, y := r.PixelToWorld(float64(i)+0.5, float64(j)+0.5)
			if geom != nil {
				lon, lat := reproject(x, y, r.EPSG, 4326)
				if !geometryContains(geom, orb.Point{lon, lat}) {
					continue
				}
			}
			total++
			row := make([]float64, len(bands))
			ok := true
			for b, bd := range bands {
				if row[b], ok = bd.sample(x, y, r.EPSG, nodata); !ok {
					break
				}
			}
			if ok {
				for b := range bands {
					vals[b] = append(vals[b], row[b])
				}
			}
		}
	}
	return vals, total
}

// statistics answers GET and POST …/statistics of an item: per band
// ("{asset}_b{n}"), over the whole item or inside the posted feature.
func (d *dataReq) statistics(post bool) {
	var geom orb.Geometry
	var feature map[string]json.RawMessage
	if post {
		body, ok := readBody(d.w, d.r)
		if !ok {
			return
		}
		_ = json.Unmarshal(body, &feature)
		d.r.Body = nopBody(body)
		if geom, ok = d.readFeatureGeometry(); !ok {
			return
		}
	}
	opts, ok := d.statsOptions()
	if !ok {
		return
	}
	sel, ok := d.parseSelection(true)
	if !ok {
		return
	}
	it, ok := d.loadItem()
	if !ok {
		return
	}
	bands, err := d.bands(it, sel)
	if err != nil {
		d.badRequest("%v", err)
		return
	}
	vals, total := bandValues(bands, sel.nodata, geom)
	stats := map[string]any{}
	for b, bd := range bands {
		stats[bd.name] = bandStats(vals[b], total, opts.bins, opts.hrange, opts.percentiles, opts.categorical, opts.categories)
	}
	if !post {
		writeJSON(d.w, http.StatusOK, stats)
		return
	}
	props := map[string]any{}
	if raw, ok := feature["properties"]; ok {
		_ = json.Unmarshal(raw, &props)
	}
	if props == nil {
		props = map[string]any{}
	}
	props["statistics"] = stats
	out := map[string]any{"type": "Feature", "geometry": feature["geometry"], "properties": props}
	if feature["geometry"] == nil { // a bare geometry was posted
		out["geometry"] = json.RawMessage(mustJSON(feature))
	}
	writeJSONType(d.w, http.StatusOK, "application/geo+json", out)
}

// assetStatistics answers …/asset_statistics: per asset, per band ("b{n}").
func (d *dataReq) assetStatistics() {
	opts, ok := d.statsOptions()
	if !ok {
		return
	}
	sel, ok := d.parseSelection(true)
	if !ok {
		return
	}
	it, ok := d.loadItem()
	if !ok {
		return
	}
	out := map[string]any{}
	for _, a := range sel.assets {
		one := *sel
		one.assets = []string{a}
		bands, err := d.bands(it, &one)
		if err != nil {
			d.badRequest("%v", err)
			return
		}
		vals, total := bandValues(bands, sel.nodata, nil)
		per := map[string]any{}
		for b, bd := range bands {
			name := strings.TrimPrefix(bd.name, a+"_")
			if sel.assetAsBand {
				name = fmt.Sprintf("b%d", bd.idx+1)
			}
			per[name] = bandStats(vals[b], total, opts.bins, opts.hrange, opts.percentiles, opts.categorical, opts.categories)
		}
		out[a] = per
	}
	writeJSON(d.w, http.StatusOK, out)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
