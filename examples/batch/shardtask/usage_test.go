package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestShardtaskHelp builds the program and runs it with -h: it prints its
// usage, with its flags, and exits 0 without reading the environment (the
// test gives it none) or reaching any catalog; a bad flag fails.
func TestShardtaskHelp(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "shardtask")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-h")
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("-h: %v\n%s", err, out)
	}
	for _, want := range []string{"shardtask", "-source", "-output", "-journal-mount", "-concurrency"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("usage lacks %q:\n%s", want, out)
		}
	}
	cmd = exec.Command(bin, "-nope")
	cmd.Env = []string{"PATH=/usr/bin:/bin"}
	if err := cmd.Run(); err == nil {
		t.Error("-nope: exit status 0")
	}
}
