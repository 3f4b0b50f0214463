package main

import (
	"context"
	"strings"
	"testing"
)

// TestEmulatorHelp checks that -h and -help print the usage, with every
// flag, and exit 0 without starting anything.
func TestEmulatorHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help"} {
		var stdout, stderr strings.Builder
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // nothing may start
		if code := run(ctx, []string{arg}, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d, want 0; stderr:\n%s", arg, code, stderr.String())
		}
		for _, want := range []string{"Usage: geocatalog-emulator", "-catalogs", "-load", "-faults", "-ca-file"} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("%s: usage lacks %q:\n%s", arg, want, stderr.String())
			}
		}
		if stdout.Len() != 0 {
			t.Errorf("%s: printed %q on stdout, want nothing (no KEY=VALUE lines)", arg, stdout.String())
		}
	}
}
