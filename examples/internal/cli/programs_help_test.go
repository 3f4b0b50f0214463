package cli_test

import (
	"bytes"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryProgramAnswersHelp builds every program of the root module
// under examples/ and geocatalog/geocatalogtest/cmd (the onboarding
// example is its own module) and runs each built binary with -h, in an
// empty environment: it must print its usage, naming itself, and exit 0
// without reaching any service; an unknown flag must fail. It lists the
// programs with go list, so a new program is tested without a change here.
func TestEveryProgramAnswersHelp(t *testing.T) {
	list := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`,
		"../../...", "../../../geocatalog/geocatalogtest/cmd/...")
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	programs := strings.Fields(string(out))
	if len(programs) < 8 {
		t.Fatalf("go list found %d programs, want every example: %q", len(programs), programs)
	}
	bin := t.TempDir()
	build := exec.Command("go", append([]string{"build", "-o", bin + string(filepath.Separator)}, programs...)...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, p := range programs {
		name := path.Base(p)
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			cmd := exec.Command(filepath.Join(bin, name), "-h")
			cmd.Env = []string{}
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("-h: %v\n%s", err, out.String())
			}
			if !strings.Contains(out.String(), "Usage") || !strings.Contains(out.String(), name) {
				t.Errorf("-h printed no usage naming %s:\n%s", name, out.String())
			}
			cmd = exec.Command(filepath.Join(bin, name), "-no-such-flag")
			cmd.Env = []string{}
			if err := cmd.Run(); err == nil {
				t.Error("-no-such-flag: exit status 0")
			}
		})
	}
}
