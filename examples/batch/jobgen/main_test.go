package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

// TestUsage checks -h prints the usage and writes nothing, and that a run
// writes the files it lists.
func TestUsage(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	err := run([]string{"-h", "-out", dir}, &out)
	if err == nil || cli.ExitCode(err) != 0 {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"Usage: jobgen", "-shards", "-out"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, out.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("-h wrote %d files", len(entries))
	}
	out.Reset()
	if err := run([]string{"-out", dir, "-shards", "2"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), filepath.Join(dir, "gsp-tasks-001.json")) {
		t.Errorf("output %q lacks the tasks file", out.String())
	}
}
