package store

import (
	"errors"
	"testing"
)

func TestCollectionsCRUD(t *testing.T) {
	s := New()
	if err := s.CreateCollection("b", []byte(`{"id":"b"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateCollection("b", []byte(`{"id":"b"}`)); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate create: %v, want ErrExists", err)
	}
	if err := s.PutCollection("a", []byte(`{"id":"a"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCollection("b", []byte(`{"id":"b","v":2}`)); err != nil {
		t.Fatal(err)
	}
	doc, err := s.Collection("b")
	if err != nil || string(doc) != `{"id":"b","v":2}` {
		t.Fatalf("Collection(b) = %s, %v", doc, err)
	}
	all := s.Collections()
	if len(all) != 2 || string(all[0]) != `{"id":"a"}` {
		t.Fatalf("Collections() = %q", all)
	}
	if _, err := s.Collection("zz"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing collection: %v", err)
	}
	if err := s.DeleteCollection("zz"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete missing: %v", err)
	}
	if err := s.DeleteCollection("a"); err != nil {
		t.Fatal(err)
	}
	if len(s.Collections()) != 1 {
		t.Fatal("collection a still listed")
	}
}

func TestItemsCRUD(t *testing.T) {
	s := New()
	item := func(id, dt string) []byte {
		return []byte(`{"type":"Feature","id":"` + id + `","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"datetime":"` + dt + `"}}`)
	}
	if err := s.CreateItem("c", "i1", item("i1", "2020-01-01T00:00:00Z")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("item in missing collection: %v", err)
	}
	if err := s.CreateCollection("c", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateItem("c", "i1", item("i1", "2020-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateItem("c", "i1", item("i1", "2020-01-01T00:00:00Z")); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate item: %v", err)
	}
	if err := s.CreateItem("c", "bad", []byte(`[1,2]`)); err == nil {
		t.Fatal("a JSON array was stored as an item")
	}
	created, err := s.PutItem("c", "i1", item("i1", "2021-01-01T00:00:00Z"))
	if err != nil || created {
		t.Fatalf("replace: created=%v err=%v", created, err)
	}
	created, err = s.PutItem("c", "i2", item("i2", "2019-01-01T00:00:00Z"))
	if err != nil || !created {
		t.Fatalf("put new: created=%v err=%v", created, err)
	}
	doc, err := s.Item("c", "i1")
	if err != nil || string(doc) != string(item("i1", "2021-01-01T00:00:00Z")) {
		t.Fatalf("Item = %s, %v", doc, err)
	}
	if n := s.ItemCount("c"); n != 2 {
		t.Fatalf("ItemCount = %d", n)
	}
	// The replaced item is found under its new datetime only.
	p, err := s.Search(mustBody(t, `{"datetime":"2020-01-01T00:00:00Z"}`))
	if err != nil || p.Matched != 0 {
		t.Fatalf("old datetime still indexed: %+v %v", p, err)
	}
	p, err = s.Search(mustBody(t, `{}`))
	if err != nil || p.Matched != 2 || len(p.Items) != 2 {
		t.Fatalf("search all: %+v %v", p, err)
	}
	if err := s.DeleteItem("c", "i1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteItem("c", "i1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := s.Item("c", "i1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted item: %v", err)
	}
	p, _ = s.Search(mustBody(t, `{}`))
	if got := ids(t, p.Items); len(got) != 1 || got[0] != "i2" {
		t.Fatalf("after delete: %v", got)
	}
	if err := s.DeleteCollection("c"); err != nil {
		t.Fatal(err)
	}
	if s.ItemCount("c") != 0 {
		t.Fatal("items survive their collection")
	}
	if _, err := s.Item("c", "i2"); !errors.Is(err, ErrNotFound) {
		t.Fatal("item of deleted collection found")
	}
}
