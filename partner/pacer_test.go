package partner

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{"Retry-After": {"3"}}, 3 * time.Second},
		{http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond},
		{http.Header{"Retry-After-Ms": {"250"}}, 250 * time.Millisecond},
		{http.Header{"X-Ms-Retry-After-Ms": {"40"}, "Retry-After": {"9"}}, 40 * time.Millisecond},
		{http.Header{}, 7 * time.Second},
		{http.Header{"Retry-After": {"soon"}}, 7 * time.Second},
	}
	for _, c := range cases {
		if got := RetryAfter(c.h, 7*time.Second); got != c.want {
			t.Errorf("RetryAfter(%v) = %s, want %s", c.h, got, c.want)
		}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := RetryAfter(http.Header{"Retry-After": {future}}, 0); got < 59*time.Minute {
		t.Errorf("HTTP date Retry-After = %s", got)
	}
}

// TestPacerOrdersAndPauses checks the schedule the Pacer hands out (not
// timings): requests are spaced by the interval, and a pause moves the next
// start past its end.
func TestPacerOrdersAndPauses(t *testing.T) {
	p := NewPacer(1000) // 1 ms apart
	ctx := context.Background()
	for range 3 {
		if err := p.wait(ctx); err != nil {
			t.Fatal(err)
		}
	}
	p.mu.Lock()
	next := p.next
	p.mu.Unlock()
	p.PauseFor(time.Hour)
	ctx2, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if err := p.wait(ctx2); err == nil {
		t.Fatal("Wait returned during a pause")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.next.After(next.Add(59 * time.Minute)) {
		t.Fatalf("the next start %s is not after the pause", p.next)
	}
	var nilPacer *Pacer
	if err := nilPacer.wait(ctx); err != nil || nilPacer.Throttled() != 0 {
		t.Fatal("a nil Pacer must not pace")
	}
}
