package geocatalog

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestSASTokenRefreshMargin: a cached token is reused until 5 minutes
// before msft:expiry, then fetched again.
func TestSASTokenRefreshMargin(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	expiry := now.Add(time.Hour)
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, 200, map[string]any{"msft:expiry": expiry.Format(time.RFC3339), "token": "?sv=1&sig=abc"})
	})
	c := newTestClient(t, ts, 0)
	clock := now
	c.SAS().now = func() time.Time { return clock }
	ctx := context.Background()
	tok, err := c.SAS().GetToken(ctx, "col", &GetTokenOptions{Duration: 90 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Token != "sv=1&sig=abc" || !tok.Expiry.Equal(expiry) {
		t.Errorf("token %+v", tok)
	}
	if got := tok.AppendTo("https://a.blob.core.windows.net/c/x.tif"); got != "https://a.blob.core.windows.net/c/x.tif?sv=1&sig=abc" {
		t.Errorf("AppendTo %s", got)
	}
	if got := tok.AppendTo("https://a/x.tif?a=1#f"); got != "https://a/x.tif?a=1&sv=1&sig=abc#f" {
		t.Errorf("AppendTo %s", got)
	}
	if q := ts.requests()[0].RawQuery; q != "api-version=2026-04-15&duration=2" {
		t.Errorf("query %q: 90 s should be sent as 2 minutes", q)
	}
	clock = expiry.Add(-6 * time.Minute)
	if _, err := c.SAS().GetToken(ctx, "col", &GetTokenOptions{Duration: 90 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if n := len(ts.requests()); n != 1 {
		t.Errorf("%d requests 6 minutes before expiry, want 1 (cached)", n)
	}
	clock = expiry.Add(-4 * time.Minute)
	if _, err := c.SAS().GetToken(ctx, "col", &GetTokenOptions{Duration: 90 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if n := len(ts.requests()); n != 2 {
		t.Errorf("%d requests 4 minutes before expiry, want 2 (refreshed)", n)
	}
}

func TestDurationUnits(t *testing.T) {
	if got := sasDurationMinutes(90 * time.Second); got != 2 {
		t.Errorf("sas 90s = %d min", got)
	}
	if got := stacSignDuration(DefaultAPIVersion, 90*time.Second); got != 2 {
		t.Errorf("GA sign 90s = %d, want 2 minutes", got)
	}
	if got := stacSignDuration(APIVersion2025Preview, 90*time.Second); got != 90 {
		t.Errorf("preview sign 90s = %d, want 90 seconds", got)
	}
	if got := stacSignDuration(DefaultAPIVersion, 0); got != 0 {
		t.Errorf("zero duration = %d", got)
	}
}
