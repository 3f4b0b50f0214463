package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestExampleDeliversTwice runs the example on the embedded emulator and
// Azurite: the first delivery creates the 12 items, the second writes
// nothing.
func TestExampleDeliversTwice(t *testing.T) {
	t.Setenv("GDP_CUSTOMER", "")
	var out, prog bytes.Buffer
	if err := run(context.Background(), &out, &prog); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		"collection created: true; created 12, replaced 0, unchanged 0, failed 0",
		"collection created: false; created 0, replaced 0, unchanged 12, failed 0",
		`"checksum": "d510`,
	} {
		if !strings.Contains(s, want) {
			t.Fatalf("output lacks %q:\n%s", want, s)
		}
	}
	// Not a terminal: plain lines, the last one of each delivery complete.
	for _, want := range []string{"delivery 1: 12/12 (100%)", "delivery 2: 12/12 (100%)"} {
		if !strings.Contains(prog.String(), want) {
			t.Errorf("progress lacks %q:\n%s", want, prog.String())
		}
	}
	if strings.Contains(prog.String(), "\r") {
		t.Errorf("progress redraws a line on a non-terminal: %q", prog.String())
	}
}
