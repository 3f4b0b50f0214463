package gdp_test

import (
	"os"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	code := m.Run()
	azurite.StopShared()
	os.Exit(code)
}
