package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// TestUsage checks -h prints the usage, with the environment variables, and
// is not an error (it starts nothing), and that a bad flag is.
func TestUsage(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-h"}, &out)
	if err == nil || cli.ExitCode(err) != 0 {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"Usage: quickstart", "GEOCATALOG_ENDPOINT", "PARTNER_CONFIG", "REGISTRY", "QUICKSTART_ASSET_BASE_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "embedded:") {
		t.Error("-h started the embedded run")
	}
	if err := run(context.Background(), []string{"-nope"}, &out); cli.ExitCode(err) != 2 {
		t.Fatalf("-nope: %v", err)
	}
}
