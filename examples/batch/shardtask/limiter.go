package main

import (
	"context"
	"io"
	"sync"
	"time"
)

// limiter paces the reads of a whole process to a fixed rate, as one
// node's network would: each read reserves its bytes on a shared clock.
type limiter struct {
	rate float64 // bytes per second; 0 means unlimited

	mu   sync.Mutex
	next time.Time
}

func newLimiter(bytesPerSecond float64) *limiter { return &limiter{rate: bytesPerSecond} }

// wait blocks until n more bytes fit the rate.
func (l *limiter) wait(ctx context.Context, n int) error {
	if l.rate <= 0 || n <= 0 {
		return nil
	}
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	l.next = l.next.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	until := l.next
	l.mu.Unlock()
	select {
	case <-time.After(time.Until(until)):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reader returns r with its reads paced by l.
func (l *limiter) reader(ctx context.Context, r io.Reader) io.Reader {
	return &limitedReader{ctx: ctx, r: r, l: l}
}

type limitedReader struct {
	ctx context.Context
	r   io.Reader
	l   *limiter
}

// chunk is the largest read paced at once.
const chunk = 32 << 10

func (lr *limitedReader) Read(p []byte) (int, error) {
	if lr.l.rate > 0 && len(p) > chunk {
		p = p[:chunk]
	}
	n, err := lr.r.Read(p)
	if werr := lr.l.wait(lr.ctx, n); werr != nil && err == nil {
		err = werr
	}
	return n, err
}
