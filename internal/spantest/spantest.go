// Package spantest reads the spans that OpenTelemetry's in-memory exporter
// (go.opentelemetry.io/otel/sdk/trace/tracetest) recorded, for the tracing
// tests of the flows: a span tree by id and name, attribute checks, and a
// check that no attribute, status or event leaks a secret. Tests only.
package spantest

import (
	"fmt"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Tree indexes finished spans by id and by name.
type Tree struct {
	Spans  tracetest.SpanStubs
	ByID   map[string]tracetest.SpanStub
	ByName map[string][]tracetest.SpanStub
}

// NewTree indexes ss.
func NewTree(ss tracetest.SpanStubs) *Tree {
	tr := &Tree{Spans: ss, ByID: map[string]tracetest.SpanStub{}, ByName: map[string][]tracetest.SpanStub{}}
	for _, s := range ss {
		tr.ByID[s.SpanContext.SpanID().String()] = s
		tr.ByName[s.Name] = append(tr.ByName[s.Name], s)
	}
	return tr
}

// One returns the only span named name.
func (tr *Tree) One(t *testing.T, name string) tracetest.SpanStub {
	t.Helper()
	if n := len(tr.ByName[name]); n != 1 {
		t.Fatalf("%d spans %q, want 1 (spans: %v)", n, name, tr.Names())
	}
	return tr.ByName[name][0]
}

// Names counts the spans by name.
func (tr *Tree) Names() map[string]int {
	m := map[string]int{}
	for n, l := range tr.ByName {
		m[n] = len(l)
	}
	return m
}

// Under reports whether s descends from ancestor.
func (tr *Tree) Under(s, ancestor tracetest.SpanStub) bool {
	for {
		p, ok := tr.ByID[s.Parent.SpanID().String()]
		if !s.Parent.IsValid() || !ok {
			return false
		}
		if p.SpanContext.SpanID() == ancestor.SpanContext.SpanID() {
			return true
		}
		s = p
	}
}

// Below counts the spans whose name starts with prefix below ancestor.
func (tr *Tree) Below(ancestor tracetest.SpanStub, prefix string) int {
	n := 0
	for _, s := range tr.Spans {
		if strings.HasPrefix(s.Name, prefix) && tr.Under(s, ancestor) {
			n++
		}
	}
	return n
}

// ParentIs checks that s's parent is the span parent.
func ParentIs(t *testing.T, s, parent tracetest.SpanStub) {
	t.Helper()
	if s.Parent.SpanID() != parent.SpanContext.SpanID() {
		t.Errorf("span %s: parent %s, want %s", s.Name, s.Parent.SpanID(), parent.Name)
	}
}

// Attr returns the attribute key of s.
func Attr(s tracetest.SpanStub, key string) (attribute.Value, bool) {
	return Find(s.Attributes, key)
}

// Find returns the attribute key of kvs (a span's or an event's).
func Find(kvs []attribute.KeyValue, key string) (attribute.Value, bool) {
	for _, kv := range kvs {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// WantAttr checks that s has the attribute key, printed as want.
func WantAttr(t *testing.T, s tracetest.SpanStub, key string, want any) {
	t.Helper()
	v, ok := Attr(s, key)
	if !ok {
		t.Errorf("span %s has no attribute %s", s.Name, key)
		return
	}
	if got := fmt.Sprint(v.AsInterface()); got != fmt.Sprint(want) {
		t.Errorf("span %s: %s = %s, want %v", s.Name, key, got, want)
	}
}

// NoSecrets checks every attribute, status and event of every span for
// bearer tokens, JWTs, SAS signatures and the given secret values.
func NoSecrets(t *testing.T, ss tracetest.SpanStubs, secrets ...string) {
	t.Helper()
	bad := append([]string{"sig=", "Bearer", "eyJ", "sv=20", "se=20"}, secrets...)
	check := func(where, v string) {
		for _, b := range bad {
			if b != "" && strings.Contains(v, b) {
				t.Errorf("%s leaks %q: %s", where, b, v)
			}
		}
	}
	for _, s := range ss {
		for _, kv := range s.Attributes {
			check(s.Name+" attribute "+string(kv.Key), kv.Value.Emit())
		}
		check(s.Name+" status", s.Status.Description)
		for _, e := range s.Events {
			for _, kv := range e.Attributes {
				check(s.Name+" event "+e.Name, kv.Value.Emit())
			}
		}
	}
}
