package azurite

import (
	"os"
	"sync"
	"testing"
)

var shared struct {
	once sync.Once
	inst *Instance
	dir  string
	err  error
}

// Shared returns one Azurite for the whole test binary, started on first
// use, so that the tests of a package do not pay its start-up each. The
// package's TestMain must call StopShared after m.Run. Tests sharing it
// use their own containers.
func Shared(t testing.TB) *Instance {
	t.Helper()
	shared.once.Do(func() {
		bin, err := Binary()
		if err != nil {
			shared.err = err
			return
		}
		dir, err := os.MkdirTemp("", "azurite-shared-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dir = dir
		for attempt := 0; attempt < 3; attempt++ {
			var inst *Instance
			inst, err = startIn(nil, bin, dir)
			if err == nil {
				shared.inst = inst
				return
			}
		}
		shared.err = err
	})
	if shared.err != nil {
		t.Fatalf("azurite: %v", shared.err)
	}
	return shared.inst
}

// StopShared stops the Azurite started by Shared, if any, and removes its
// data.
func StopShared() {
	if shared.inst != nil {
		shared.inst.t = nil
		shared.inst.Stop()
	}
	if shared.dir != "" {
		_ = os.RemoveAll(shared.dir)
	}
}

// Run starts Azurite outside tests (examples, tools) with its data in dir,
// finding or installing the binary as Start does. The caller calls Stop.
func Run(dir string) (*Instance, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	return startIn(nil, bin, dir)
}
