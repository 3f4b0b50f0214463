// Package progress shows the progress of a long flow (a delivery, a GSP
// shard, a Batch job) to a person: on a terminal, one line redrawn in
// place (done/total, rate, ETA, failures); otherwise (a log file, a CI
// job), a line every few seconds. It is fed from the flows' progress
// callbacks (gdp.DeliverOptions.Progress, gsp.Job.OnSource, ...) and is
// meant for programs: the libraries print nothing.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// DefaultInterval is the time between two lines when the output is not a
// terminal.
const DefaultInterval = 5 * time.Second

// redrawInterval bounds the redraws of the terminal line.
const redrawInterval = 100 * time.Millisecond

// Options configure a Printer. A nil *Options means the defaults.
type Options struct {
	// Label starts every line (for example "delivery" or "shard 2/8").
	Label string
	// Quiet prints nothing (the -q flag).
	Quiet bool
	// Interval is the time between two lines when the output is not a
	// terminal (default DefaultInterval).
	Interval time.Duration
	// Terminal overrides the detection of a terminal: nil means detect it
	// (the writer is an *os.File on a character device).
	Terminal *bool
	// Now is the clock (default time.Now), for tests.
	Now func() time.Time
}

// Printer prints the progress of one flow to a writer. Its methods are
// safe for concurrent use. The zero Printer and a nil *Printer print
// nothing.
type Printer struct {
	w        io.Writer
	label    string
	quiet    bool
	terminal bool
	interval time.Duration
	now      func() time.Time

	mu                  sync.Mutex
	start, last         time.Time
	done, total, failed int
	width               int // of the terminal line drawn last
	drawn               bool
	printed             [3]int // done, total, failed of the last line
	finished            bool
}

// New returns a Printer writing to w.
func New(w io.Writer, opts *Options) *Printer {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	term := isTerminal(w)
	if o.Terminal != nil {
		term = *o.Terminal
	}
	p := &Printer{w: w, label: o.Label, quiet: o.Quiet || w == nil, terminal: term, interval: o.Interval, now: o.Now}
	p.start = p.now()
	p.last = p.start
	return p
}

// isTerminal reports whether w is a terminal (a character device), without
// a dependency on a terminal library.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Update records that done of total units are finished (total < 0 when
// unknown), failed of them failed, and prints when it is time to: on a
// terminal at most every 100 ms, otherwise every Interval. Call Finish at
// the end for the final line.
func (p *Printer) Update(done, total, failed int) {
	if p == nil || p.quiet || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.done, p.total, p.failed = done, total, failed
	now := p.now()
	every := p.interval
	if p.terminal {
		every = redrawInterval
	}
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	p.print(now, false)
}

// Finish prints the final state (on a terminal, ends the line). Later
// updates are ignored.
func (p *Printer) Finish() {
	if p == nil || p.quiet || p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	p.print(p.now(), true)
}

// print writes the current state; the caller holds p.mu.
func (p *Printer) print(now time.Time, final bool) {
	line := p.line(now)
	if !p.terminal {
		state := [3]int{p.done, p.total, p.failed}
		if final && p.drawn && state == p.printed && p.complete() {
			return // the last line already was the final state, with its time
		}
		if final || p.done != 0 || p.drawn {
			fmt.Fprintln(p.w, line)
			p.drawn, p.printed = true, state
		}
		return
	}
	pad := ""
	if n := p.width - len(line); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.width = len(line)
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprint(p.w, "\r"+line+pad+end)
	p.drawn = true
}

// line formats the state: "label: 42/100 (42%), 12.3/s, ETA 5s, 1 failed".
func (p *Printer) line(now time.Time) string {
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label + ": ")
	}
	if p.total >= 0 {
		pct := 100
		if p.total > 0 {
			pct = p.done * 100 / p.total
		}
		fmt.Fprintf(&b, "%d/%d (%d%%)", p.done, p.total, pct)
	} else {
		fmt.Fprintf(&b, "%d done", p.done)
	}
	elapsed := now.Sub(p.start)
	if elapsed > 0 && p.done > 0 {
		rate := float64(p.done) / elapsed.Seconds()
		fmt.Fprintf(&b, ", %.1f/s", rate)
		if p.total > p.done {
			eta := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
			fmt.Fprintf(&b, ", ETA %s", roundETA(eta))
		}
	}
	if p.failed > 0 {
		fmt.Fprintf(&b, ", %d failed", p.failed)
	}
	if p.complete() || p.finished {
		fmt.Fprintf(&b, ", in %s", roundETA(elapsed))
	}
	return b.String()
}

// complete reports a known total reached.
func (p *Printer) complete() bool { return p.total >= 0 && p.done >= p.total }

// roundETA rounds d to what a person reads: seconds below ten minutes,
// minutes above.
func roundETA(d time.Duration) time.Duration {
	if d >= 10*time.Minute {
		return d.Round(time.Minute)
	}
	if d >= 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(100 * time.Millisecond)
}
