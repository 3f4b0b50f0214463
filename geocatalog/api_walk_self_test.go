package geocatalog_test

import (
	"slices"
	"strings"
	"testing"
)

// TestAPIWalkSelfTest runs the walk of TestAPIWalk on two packages under
// testdata/apiwalk: good, with one method of every accepted shape (promoted
// ones included), where it must find nothing, and bad, which breaks each
// rule once, where it must find each break and nothing else. In both, Plan
// is a client type by name (as clientTypes names partner.Stager), and
// good.Plan.WriteFiles a local method (as localMethods lists
// gsp.ShardPlan.WriteFiles).
func TestAPIWalkSelfTest(t *testing.T) {
	const good, bad = "./geocatalog/testdata/apiwalk/good", "./geocatalog/testdata/apiwalk/bad"
	l := newAPILoader(t, "..", good, bad)
	rules := apiRules{
		client: clientRule(map[string][]string{"good": {"Plan"}, "bad": {"Plan"}}),
		local:  map[string]string{"good.Plan.WriteFiles": "writes local files"},
	}

	problems, checked := walkAPI(l.fset, l.check(t, good), rules)
	for _, p := range problems {
		t.Errorf("good: unexpected problem %s", p)
	}
	for _, m := range []string{"Client.Get", "OtherClient.Get", "Client.BeginRun", "Client.NewListPager", "Client.List", "Client.TileURL", "Client.Endpoint", "Client.Other",
		"Client.BaseURL", "Plan.Stage", "Plan.WriteFiles"} {
		if !slices.Contains(checked, m) {
			t.Errorf("good: the walk did not check %s (checked %v)", m, checked)
		}
	}

	// want holds one distinctive part of each problem the walk must report
	// in bad, in the order of the sorted report (by file position).
	want := []string{
		"exported alias ModelAlias = Model",
		"Client.Promoted (promoted from *shared): first parameter is not ctx context.Context",
		"Client.NoCtx: first parameter is not ctx context.Context",
		"Client.NoOptions: last parameter is context.Context, want options *NoOptionsOptions",
		"Client.Ignored: parameter *IgnoredOptions is named _ (ignored)",
		"Client.Bare: returns (*Model, error): *Model is not the package's BareResponse",
		"exported alias AliasedResponse = Model",
		"Client.Aliased: returns (AliasedResponse, error): AliasedResponse is an alias of Model",
		"Client.Map: MapOptions is not a struct type",
		"Client.Borrow: OtherOptions is not the package's BorrowOptions",
		"Client.NewCtxPager: a pager takes no ctx",
		"Client.NewSlicePager: returns ([]Model, error), want *runtime.Pager[SliceResponse]",
		"Client.BeginRun: returns (RunResponse, error), want (*runtime.Poller[RunResponse], error)",
		"Client.All: an iter.Seq2 adapter without the pager NewAllPager it adapts",
		"Client.TileURL: last parameter is int, want options *TileURLOptions",
		"GetOptions is shared by FirstClient.Get, SecondClient.Get",
		"Client.Handle: returns Handle, which does I/O (Fetch) but is not a client type the walk checks",
		"Client.Hidden: returns the unexported type hidden",
		"Client.Save: first parameter is not ctx context.Context",
		"Client.PageURL: returns (string), want (string, error)",
		"Client.LinkURL: a URL builder takes no ctx (it sends no request)",
		"Plan.Stage: last parameter is string, want options *StageOptions",
	}
	problems, _ = walkAPI(l.fset, l.check(t, bad), rules)
	if len(problems) != len(want) {
		t.Errorf("bad: %d problems, want %d:\n%s", len(problems), len(want), strings.Join(problems, "\n"))
	}
	for i, w := range want {
		if i >= len(problems) || !strings.Contains(problems[i], w) {
			t.Errorf("bad: problem %d: want one with %q, got:\n%s", i, w, strings.Join(problems, "\n"))
			break
		}
	}
}
