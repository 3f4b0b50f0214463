package partner

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestPacerPriorityGoesFirst checks the order in which waiting requests get
// their slots: a priority request (a confirmation lookup) that arrives after
// several others goes first; every request gets a slot.
func TestPacerPriorityGoesFirst(t *testing.T) {
	p := NewPacer(20) // 50 ms apart
	ctx := context.Background()
	if err := p.wait(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	wait := func(name string, ctx context.Context) {
		defer wg.Done()
		if err := p.wait(ctx); err != nil {
			t.Error(err)
		}
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
	}
	wg.Add(4)
	for _, name := range []string{"a", "b", "c"} {
		go wait(name, ctx)
	}
	time.Sleep(10 * time.Millisecond) // the three wait for the next slot
	go wait("lookup", withPacerPriority(ctx))
	wg.Wait()
	if len(order) != 4 || order[0] != "lookup" {
		t.Fatalf("order %v, want the lookup first", order)
	}
}

// TestPacerKeepsSchedule checks that requests taking their slots late (the
// timer woke late) keep the schedule instead of drifting, and that a slot
// nobody took is not saved up.
func TestPacerKeepsSchedule(t *testing.T) {
	p := NewPacer(100) // 10 ms apart
	ctx := context.Background()
	p.wait(ctx)
	p.mu.Lock()
	first := p.next
	p.mu.Unlock()
	time.Sleep(time.Until(first.Add(2 * time.Millisecond))) // 2 ms late
	p.wait(ctx)
	p.mu.Lock()
	if p.next != first.Add(p.interval) {
		t.Errorf("a slot taken 2 ms late moved the schedule: next %s, want %s", p.next.Sub(first), p.interval)
	}
	p.mu.Unlock()
	time.Sleep(50 * time.Millisecond) // idle: no credit
	before := time.Now()
	p.wait(ctx)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.next.Before(before.Add(p.interval)) {
		t.Errorf("an idle Pacer saved up slots: next %s after the request", p.next.Sub(before))
	}
}
