package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

func TestMain(m *testing.M) {
	code := m.Run()
	shardjobtest.Cleanup()
	os.Exit(code)
}

func TestParseNamesWhatIsMissing(t *testing.T) {
	t.Setenv("BATCH_ACCOUNT_URL", "")
	var out bytes.Buffer
	if _, err := parse([]string{"-container", "https://a.blob.core.windows.net/c"}, &out); err == nil {
		t.Fatal("no Batch endpoint accepted")
	}
	if _, err := parse([]string{"-batch-url", "https://b.uksouth.batch.azure.com"}, &out); err == nil {
		t.Fatal("no container accepted")
	}
	c, err := parse([]string{"-batch-url", "https://b.uksouth.batch.azure.com", "-terminate", "job1"}, &out)
	if err != nil || c.terminate != "job1" {
		t.Fatalf("terminate: %v %+v", err, c)
	}
	// A job spec that Submit would refuse is refused before any request.
	_, err = parse([]string{"-batch-url", "https://b.uksouth.batch.azure.com", "-container", "https://a.blob.core.windows.net/c", "-job-id", "j1"}, &out)
	var se *batch.SpecError
	if !errors.As(err, &se) || se.Field != "PoolID" {
		t.Fatalf("spec without a pool: %v", err)
	}
}

func TestUsageExitsZeroAndBadFlagsTwo(t *testing.T) {
	var out bytes.Buffer
	_, err := parse([]string{"-h"}, &out)
	if !errors.Is(err, flag.ErrHelp) || cli.ExitCode(err) != 0 {
		t.Fatalf("-h: %v (exit %d)", err, cli.ExitCode(err))
	}
	for _, want := range []string{"Usage: submit [flags]", "-task-command", "-q", "BATCH_ACCOUNT_URL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if _, err := parse([]string{"-shards", "many"}, &out); cli.ExitCode(err) != 2 {
		t.Fatalf("bad flag: %v (exit %d)", err, cli.ExitCode(err))
	}
}

func TestServiceURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://acct.blob.core.windows.net/jobs":            "https://acct.blob.core.windows.net/",
		"http://127.0.0.1:10000/devstoreaccount1/jobs?sig=x": "http://127.0.0.1:10000/devstoreaccount1/",
	} {
		if got, err := serviceURL(in); err != nil || got != want {
			t.Errorf("%s: %s, %v; want %s", in, got, err, want)
		}
	}
}
