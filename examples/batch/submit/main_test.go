package main

import (
	"bytes"
	"errors"
	"flag"
	"testing"
)

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
	if _, err := parse([]string{"-h"}, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
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
