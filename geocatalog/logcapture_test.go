package geocatalog_test

import (
	"strings"
	"sync"
	"testing"

	azlog "github.com/Azure/azure-sdk-for-go/sdk/azcore/log"
)

// captureLogs turns every azcore log event on for the rest of the test and
// returns a function giving what was logged so far, one "event: message"
// line each.
func captureLogs(t *testing.T) func() string {
	t.Helper()
	var mu sync.Mutex
	var lines []string
	azlog.SetListener(func(ev azlog.Event, msg string) {
		mu.Lock()
		lines = append(lines, string(ev)+": "+msg)
		mu.Unlock()
	})
	t.Cleanup(func() { azlog.SetListener(nil) })
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(lines, "\n")
	}
}
