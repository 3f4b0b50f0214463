package store

import (
	"fmt"
	"testing"
)

// A page after a token reports the first page's count while nothing was
// written, and -1 (not counted) after a write; the pages stay complete.
func TestPagingMatchedAfterToken(t *testing.T) {
	s := New()
	if err := s.CreateCollection("c", []byte(`{"id":"c"}`)); err != nil {
		t.Fatal(err)
	}
	add := func(i int) {
		doc := fmt.Sprintf(`{"type":"Feature","id":"i%03d","geometry":{"type":"Point","coordinates":[%d,0]},"properties":{"datetime":"2020-01-01T00:%02d:00Z","n":%d}}`, i, i%90, i%60, i)
		if err := s.CreateItem("c", fmt.Sprintf("i%03d", i), []byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 50 {
		add(i)
	}
	q := mustBody(t, `{"collections":["c"],"limit":20,"query":{"n":{"lt":45}}}`)
	p1, err := s.Search(q)
	if err != nil || p1.Matched != 45 || p1.Next == "" {
		t.Fatalf("first page: %v matched %d next %q", err, p1.Matched, p1.Next)
	}
	q.Token = p1.Next
	p2, err := s.Search(q)
	if err != nil || p2.Matched != 45 || len(p2.Items) != 20 {
		t.Fatalf("second page: %v matched %d, %d items", err, p2.Matched, len(p2.Items))
	}
	other := mustBody(t, `{"collections":["c"],"limit":20}`)
	other.Token = p1.Next
	if p, err := s.Search(other); err != nil || p.Matched != -1 {
		t.Fatalf("token of another query: %v matched %d, want -1", err, p.Matched)
	}
	add(99)
	q.Token = p2.Next
	p3, err := s.Search(q)
	if err != nil || p3.Matched != -1 || len(p3.Items) != 5 || p3.Next != "" {
		t.Fatalf("after a write: %v matched %d, %d items, next %q", err, p3.Matched, len(p3.Items), p3.Next)
	}
}

// Replacing items many times reclaims the document slabs and keeps every
// document intact.
func TestArenaReclaimKeepsDocuments(t *testing.T) {
	s := New()
	if err := s.CreateCollection("c", []byte(`{"id":"c"}`)); err != nil {
		t.Fatal(err)
	}
	pad := fmt.Sprintf("%0900d", 0)
	doc := func(i, v int) []byte {
		return []byte(fmt.Sprintf(`{"type":"Feature","id":"i%d","geometry":null,"properties":{"datetime":null,"v":%d,"pad":"%s"}}`, i, v, pad))
	}
	for v := range 60 {
		for i := range 200 {
			if _, err := s.PutItem("c", fmt.Sprintf("i%d", i), doc(i, v)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 200 {
		got, err := s.Item("c", fmt.Sprintf("i%d", i))
		if err != nil || string(got) != string(doc(i, 59)) {
			t.Fatalf("item %d: %v %.60s", i, err, got)
		}
	}
	if p, err := s.Search(mustBody(t, `{"query":{"v":{"eq":59}},"limit":1000}`)); err != nil || p.Matched != 200 {
		t.Fatalf("search after reclaim: %v matched %d", err, p.Matched)
	}
}
