package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// TestDemoRunsOnTheEmbeddedEmulator runs -demo as a newcomer does: the
// program starts the emulator and Azurite itself.
func TestDemoRunsOnTheEmbeddedEmulator(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-demo", "-demo-cells", "6", "-q"}, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	checkDemoReport(t, out.Bytes())
}

// TestDemoOnGivenAzurite runs -demo with -staging-container on an Azurite
// the test started.
func TestDemoOnGivenAzurite(t *testing.T) {
	az := azurite.Start(t)
	var out, prog bytes.Buffer
	err := run(context.Background(), []string{"-demo", "-demo-cells", "6", "-staging-container", az.ServiceURL + "/staging"}, &out, &prog)
	if err != nil {
		t.Fatal(err)
	}
	// Not a terminal: plain lines; the final one counts every source.
	if !strings.Contains(prog.String(), "shard 0/1: 12 done") || strings.Contains(prog.String(), "\r") {
		t.Errorf("progress %q", prog.String())
	}
	checkDemoReport(t, out.Bytes())
}

func checkDemoReport(t *testing.T, out []byte) {
	t.Helper()
	var rep gsp.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.Done != 12 || rep.DerivedItems != 6 || rep.Failed != 0 || rep.OutputCollection != "change-masks" {
		t.Fatalf("report %+v", rep)
	}
}

func TestSettingsAreChecked(t *testing.T) {
	t.Setenv("GEOCATALOG_ENDPOINT", "")
	var out bytes.Buffer
	if err := run(context.Background(), nil, &out, &out); err == nil || !strings.Contains(err.Error(), "GEOCATALOG_ENDPOINT") {
		t.Fatalf("no catalog: %v", err)
	}
	if out.Len() != 0 {
		t.Fatalf("a failed run printed %q", out.String())
	}
	if err := run(context.Background(), []string{"-shard-index", "4", "-shard-count", "4"}, &out, &out); err == nil {
		t.Fatal("shard 4 of 4 accepted")
	}
}

// TestUsage checks -h prints the usage and is not an error, and that a bad
// flag is.
func TestUsage(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, &out, &out); err == nil || cli.ExitCode(err) != 0 {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"Usage: gsp-change-detection", "-demo", "-shard-index", "GEOCATALOG_ENDPOINT", "STAGING_CONTAINER_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(context.Background(), []string{"-nope"}, &out, &out); cli.ExitCode(err) != 2 {
		t.Fatalf("-nope: %v", err)
	}
}
