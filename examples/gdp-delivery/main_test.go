package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// TestExampleDeliversTwice runs the example on the embedded emulator and
// Azurite: the first delivery creates the 12 items, the second writes
// nothing; -manifest adds the staging manifest.
func TestExampleDeliversTwice(t *testing.T) {
	t.Setenv("CUSTOMER", "")
	var out, prog bytes.Buffer
	if err := run(context.Background(), []string{"-manifest"}, &out, &prog); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	s := out.String()
	for _, want := range []string{
		"order: 12 items",
		"collection created: true; created 12, replaced 0, unchanged 0, failed 0",
		"collection created: false; created 0, replaced 0, unchanged 12, failed 0",
		"staged 12 assets",
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

// TestUsage checks -h prints the usage (flags and environment) and is not an
// error, and that a bad flag is.
func TestUsage(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &out, &out); cli.ExitCode(err) != 0 || err == nil {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"Usage: gdp-delivery", "-manifest", "STAGING_CONTAINER_URL", "CUSTOMER"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(context.Background(), []string{"-nope"}, &out, &out); cli.ExitCode(err) != 2 {
		t.Fatal("-nope accepted")
	}
}
