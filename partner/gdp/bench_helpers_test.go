package gdp_test

import (
	"fmt"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// processCPU returns the CPU time (user and system) this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// count429 counts the 429 answers, all and those after the first second.
func count429(ex []geocatalogtest.Exchange, start time.Time) (late, all int) {
	for _, e := range ex {
		if e.Status == 429 {
			all++
			if e.Time.Sub(start) > time.Second {
				late++
			}
		}
	}
	return late, all
}

// timeline summarises when the requests arrived: the first and last after
// start, the requests per route and the longest gaps between two requests.
func timeline(ex []geocatalogtest.Exchange, start time.Time) string {
	if len(ex) == 0 {
		return "no requests"
	}
	ex = slices.Clone(ex)
	slices.SortFunc(ex, func(a, b geocatalogtest.Exchange) int { return a.Time.Compare(b.Time) })
	routes := map[string]int{}
	type gap struct {
		d    time.Duration
		at   time.Duration
		next string
	}
	var gaps []gap
	for i, e := range ex {
		routes[e.Route]++
		if i > 0 {
			gaps = append(gaps, gap{e.Time.Sub(ex[i-1].Time), ex[i-1].Time.Sub(start), e.Route})
		}
	}
	slices.SortFunc(gaps, func(a, b gap) int { return int(b.d - a.d) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d requests from +%s to +%s;", len(ex), ex[0].Time.Sub(start).Round(time.Millisecond), ex[len(ex)-1].Time.Sub(start).Round(time.Millisecond))
	names := make([]string, 0, len(routes))
	for r := range routes {
		names = append(names, r)
	}
	slices.Sort(names)
	for _, r := range names {
		fmt.Fprintf(&sb, " %q x%d", r, routes[r])
	}
	sb.WriteString("; longest gaps:")
	for _, g := range gaps[:min(5, len(gaps))] {
		fmt.Fprintf(&sb, " %s at +%s (then %s)", g.d.Round(time.Millisecond), g.at.Round(time.Millisecond), g.next)
	}
	return sb.String()
}
