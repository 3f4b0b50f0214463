package shardjobtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
)

// taskPackage is the task program the Batch emulator runs.
const taskPackage = "github.com/geocatalog-partner/sdk-go/examples/batch/shardtask"

// build is the task program built once per test binary.
var build struct {
	once sync.Once
	dir  string
	err  error
}

// TaskBinary builds examples/batch/shardtask once per test binary and
// returns its path.
func TaskBinary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		if build.dir, build.err = os.MkdirTemp("", "shardtask-bin-*"); build.err != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", filepath.Join(build.dir, "shardtask"), taskPackage).CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build %s: %v\n%s", taskPackage, err, out)
		}
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return filepath.Join(build.dir, "shardtask")
}

// Cleanup stops the shared Azurite and removes the task binary; TestMain
// calls it after m.Run.
func Cleanup() {
	azurite.StopShared()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
}
