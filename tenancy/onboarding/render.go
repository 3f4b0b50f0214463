package onboarding

import (
	"fmt"
	"strings"
)

// String renders the report as text: one line per check, then the actions.
// It holds no token or secret.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Onboarding report for %s (tenant %s)\n", r.Customer, r.TenantID)
	fmt.Fprintf(&b, "  app:               %s\n", r.AppID)
	fmt.Fprintf(&b, "  catalog:           %s\n", r.Endpoint)
	if r.ConsentURL != "" {
		fmt.Fprintf(&b, "  admin consent URL: %s\n", r.ConsentURL)
	}
	sp := r.ServicePrincipal
	spLine := mark(sp.Found && sp.Enabled)
	switch {
	case !sp.Found && !r.has(CheckServicePrincipal):
		spLine = "unknown (no token: see below)"
	case !sp.Found:
		spLine += ", not found (no admin consent)"
	case !sp.Enabled:
		spLine += ", found, disabled"
	default:
		spLine += ", found, enabled"
	}
	if sp.DisplayName != "" {
		spLine += ", " + quote(sp.DisplayName)
	}
	if sp.ObjectID != "" {
		spLine += ", object ID " + sp.ObjectID
	}
	fmt.Fprintf(&b, "  service principal: %s\n", spLine)
	fmt.Fprintf(&b, "  token:             %s\n", mark(r.Token.OK))
	if !r.CatalogChecked {
		fmt.Fprintf(&b, "  catalog checks:    not run (no token)\n")
	} else {
		fmt.Fprintf(&b, "  reachable:         %s\n", mark(r.CatalogReachable))
		fmt.Fprintf(&b, "  can read:          %s\n", mark(r.CanRead))
		fmt.Fprintf(&b, "  can write:         %s\n", mark(r.CanWrite))
	}
	if r.WriteProbe != "" {
		fmt.Fprintf(&b, "  write probe:       %s\n", r.WriteProbe)
	}
	if r.CanRead {
		cols := "none"
		if len(r.Collections) > 0 {
			cols = strings.Join(r.Collections, ", ")
		}
		fmt.Fprintf(&b, "  collections:       %s\n", cols)
	}
	if r.OK() {
		b.WriteString("  Ready: nothing to do.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "  To do (%d):\n", len(r.Problems))
	for i, p := range r.Problems {
		fmt.Fprintf(&b, "  %d. [%s] %s\n", i+1, p.Check, p.Action)
		if p.Err != nil {
			fmt.Fprintf(&b, "     (%s)\n", oneLine(p.Err.Error()))
		}
	}
	return b.String()
}

func mark(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
}

// oneLine folds an error text (azcore's are multi-line) into one line.
func oneLine(s string) string {
	f := strings.Fields(s)
	out := strings.Join(f, " ")
	if len(out) > 300 {
		out = out[:300] + "…"
	}
	return out
}

// has reports whether a check failed.
func (r *Report) has(c Check) bool {
	for _, p := range r.Problems {
		if p.Check == c {
			return true
		}
	}
	return false
}
