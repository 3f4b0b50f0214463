package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestDemoRunsOnTheEmbeddedEmulator(t *testing.T) {
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
	var rep gsp.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if rep.Done != 12 || rep.DerivedItems != 6 || rep.Failed != 0 || rep.OutputCollection != "change-masks" {
		t.Fatalf("report %+v", rep)
	}
}

func TestSettingsAreChecked(t *testing.T) {
	t.Setenv("GEOCATALOG_URL", "")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-demo"}, &out, &out); err == nil || !strings.Contains(err.Error(), "staging-container") {
		t.Fatalf("demo without staging: %v", err)
	}
	if err := run(context.Background(), nil, &out, &out); err == nil || !strings.Contains(err.Error(), "GEOCATALOG_URL") {
		t.Fatalf("no catalog: %v", err)
	}
	if err := run(context.Background(), []string{"-shard-index", "4", "-shard-count", "4"}, &out, &out); err == nil {
		t.Fatal("shard 4 of 4 accepted")
	}
}
