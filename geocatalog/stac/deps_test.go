package stac_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreDependencies checks that a program importing only the client
// (geocatalog and geocatalog/stac) links azcore and what azcore needs,
// golang.org/x/sync, google/uuid and paulmach/orb, and nothing else: no
// BSON (orb/geojson), no Microsoft Graph or Kiota, no OpenTelemetry.
func TestCoreDependencies(t *testing.T) {
	const module = "github.com/geocatalog-partner/sdk-go"
	core := goListDeps(t, module+"/geocatalog", module+"/geocatalog/stac")
	azcore := map[string]bool{}
	for _, p := range goListDeps(t, "github.com/Azure/azure-sdk-for-go/sdk/azcore/...") {
		azcore[p] = true
	}
	allowed := []string{
		module + "/geocatalog", module + "/internal/",
		"golang.org/x/sync/", "github.com/google/uuid", "github.com/paulmach/orb",
	}
	forbidden := []string{"bson", "mongo", "kiota", "msgraph", "opentelemetry", "orb/geojson"}
	for _, p := range core {
		for _, f := range forbidden {
			if strings.Contains(p, f) {
				t.Errorf("the client depends on %s", p)
			}
		}
		if !strings.Contains(strings.Split(p, "/")[0], ".") || azcore[p] {
			continue // the standard library, or azcore and its needs
		}
		ok := false
		for _, a := range allowed {
			ok = ok || p == strings.TrimSuffix(a, "/") || strings.HasPrefix(p, a)
		}
		if !ok {
			t.Errorf("the client depends on %s, which is neither azcore's nor allowed", p)
		}
	}
	if len(core) == 0 {
		t.Fatal("go list -deps listed nothing")
	}
}

// goListDeps returns `go list -deps` of the patterns (non-test packages).
func goListDeps(t *testing.T, patterns ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-deps"}, patterns...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -deps %v: %v\n%s", patterns, err, ee.Stderr)
		}
		t.Fatalf("go list -deps %v: %v", patterns, err)
	}
	return strings.Fields(string(out))
}
