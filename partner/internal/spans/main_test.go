package spans_test

import (
	"os"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
)

func TestMain(m *testing.M) {
	code := m.Run()
	azurite.StopShared()
	os.Exit(code)
}
