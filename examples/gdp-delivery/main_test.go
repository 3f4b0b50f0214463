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
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
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
}
