package progress

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a fake clock the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func ptr[T any](v T) *T { return &v }

// TestLogLines feeds 20 updates a second apart to a non-terminal writer
// with a 5 s interval: one line every 5 s, then the final line.
func TestLogLines(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := New(&out, &Options{Label: "delivery", Interval: 5 * time.Second, Now: c.now})
	for i := 1; i <= 20; i++ {
		c.add(time.Second)
		failed := 0
		if i >= 7 {
			failed = 1
		}
		p.Update(i, 40, failed)
	}
	c.add(time.Second)
	p.Update(40, 40, 1) // 1 s after the last line: not printed...
	p.Finish()          // ...but the final line is
	p.Update(41, 40, 1) // ignored after Finish
	want := []string{
		"delivery: 5/40 (12%), 1.0/s, ETA 35s",
		"delivery: 10/40 (25%), 1.0/s, ETA 30s, 1 failed",
		"delivery: 15/40 (37%), 1.0/s, ETA 25s, 1 failed",
		"delivery: 20/40 (50%), 1.0/s, ETA 20s, 1 failed",
		"delivery: 40/40 (100%), 1.9/s, 1 failed, in 21s",
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), strings.Join(want, "\n"))
	}
	if strings.Contains(out.String(), "\r") {
		t.Error("a carriage return in non-terminal output")
	}
}

// TestCompleteLineNotRepeated prints the final state once on a
// non-terminal when the last update already reached the total.
func TestCompleteLineNotRepeated(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := New(&out, &Options{Label: "job j", Interval: time.Second, Now: c.now})
	c.add(2 * time.Second)
	p.Update(2, 4, 0)
	c.add(2 * time.Second)
	p.Update(4, 4, 1)
	c.add(time.Second)
	p.Finish()
	want := "job j: 2/4 (50%), 1.0/s, ETA 2s\njob j: 4/4 (100%), 1.0/s, 1 failed, in 4s\n"
	if out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
}

// TestUnknownTotal prints counts and rate without a percentage or ETA.
func TestUnknownTotal(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := New(&out, &Options{Label: "shard 0/1", Interval: time.Second, Now: c.now})
	c.add(2 * time.Second)
	p.Update(4, -1, 2)
	p.Finish()
	want := "shard 0/1: 4 done, 2.0/s, 2 failed\nshard 0/1: 4 done, 2.0/s, 2 failed, in 2s\n"
	if out.String() != want {
		t.Fatalf("output %q, want %q", out.String(), want)
	}
}

// TestTerminalLine redraws one line in place, padded over a longer one,
// and ends it with a newline at Finish.
func TestTerminalLine(t *testing.T) {
	var out bytes.Buffer
	c := newClock()
	p := New(&out, &Options{Terminal: ptr(true), Now: c.now})
	c.add(time.Second)
	p.Update(1, 100, 1)
	c.add(50 * time.Millisecond)
	p.Update(2, 100, 1) // within 100 ms: not drawn
	c.add(time.Second)
	p.Update(10, 10, 0)
	p.Finish()
	got := out.String()
	lines := strings.Split(got, "\r")
	if len(lines) != 4 || lines[0] != "" {
		t.Fatalf("%d redraws in %q, want 3", len(lines)-1, got)
	}
	if !strings.HasPrefix(lines[1], "1/100 (1%), 1.0/s, ETA 1m39s, 1 failed") {
		t.Errorf("first draw %q", lines[1])
	}
	if len(lines[2]) < len(lines[1]) {
		t.Errorf("second draw %q does not cover the first %q", lines[2], lines[1])
	}
	if !strings.HasSuffix(got, "10/10 (100%), 4.9/s, in 2.1s\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("output %q does not end in one final line", got)
	}
}

// TestQuiet prints nothing with Quiet, a nil writer or a nil Printer.
func TestQuiet(t *testing.T) {
	var out bytes.Buffer
	p := New(&out, &Options{Quiet: true, Interval: time.Nanosecond})
	p.Update(1, 2, 0)
	p.Finish()
	var np *Printer
	np.Update(1, 2, 0)
	np.Finish()
	New(nil, nil).Update(1, 1, 0)
	if out.Len() != 0 {
		t.Fatalf("quiet output %q", out.String())
	}
	if New(&out, nil).terminal {
		t.Error("a bytes.Buffer taken for a terminal")
	}
}
