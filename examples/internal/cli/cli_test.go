package cli

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestUsageAndExitCodes(t *testing.T) {
	p := Program{Name: "demo", About: "Does a thing.", Env: []Var{{"DEMO_URL", "where"}, {"LONGER_NAME", "what"}}}
	var out bytes.Buffer
	fs := p.FlagSet(&out)
	n := fs.Int("n", 3, "how many")
	err := Parse(fs, []string{"-h"})
	if !errors.Is(err, flag.ErrHelp) || ExitCode(err) != 0 {
		t.Fatalf("-h: %v (exit %d)", err, ExitCode(err))
	}
	for _, want := range []string{"Usage: demo [flags]\n\nDoes a thing.\n", "\nFlags:\n  -n int\n", "how many (default 3)",
		"\nEnvironment:\n  DEMO_URL     where\n  LONGER_NAME  what\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	for _, bad := range [][]string{{"-x"}, {"-n", "many"}, {"extra"}} {
		out.Reset()
		err := Parse(p.FlagSet(&out), bad)
		if ExitCode(err) != 2 || out.Len() == 0 {
			t.Errorf("%q: %v (exit %d), output %q", bad, err, ExitCode(err), out.String())
		}
	}
	if err := Parse(fs, []string{"-n", "5"}); err != nil || *n != 5 || ExitCode(err) != 0 {
		t.Errorf("-n 5: %v, n=%d", err, *n)
	}
	if ExitCode(errors.New("boom")) != 1 {
		t.Error("an error does not exit 1")
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 items", 1: "1 item", 2: "2 items"} {
		if got := Count(n, "item"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
