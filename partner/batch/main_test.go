package batch_test

import (
	"os"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/shardjobtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	shardjobtest.Cleanup()
	os.Exit(code)
}
