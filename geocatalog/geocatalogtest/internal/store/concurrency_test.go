package store

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWritersAndReaders runs 32 writers (create, replace, delete)
// and 32 readers (search pages, item reads) at once; run it with -race.
func TestConcurrentWritersAndReaders(t *testing.T) {
	docs := loadNAIP(t)
	s := New()
	for _, c := range []string{"a", "b"} {
		if err := s.CreateCollection(c, []byte(`{"id":"`+c+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	const writers, readers, perWriter = 32, 32, 12
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			coll := []string{"a", "b"}[w%2]
			for i := range perWriter {
				d := docs[(w*perWriter+i)%len(docs)]
				id := fmt.Sprintf("w%d-%d", w, i)
				doc := []byte(strings.Replace(string(d.Raw), `"id":"`+d.ID+`"`, `"id":"`+id+`"`, 1))
				if err := s.CreateItem(coll, id, doc); err != nil {
					errs <- err
					return
				}
				if _, err := s.PutItem(coll, id, doc); err != nil {
					errs <- err
					return
				}
				if i%3 == 0 {
					if err := s.DeleteItem(coll, id); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	for r := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				body := `{"limit":17,"bbox":[-88.5,30,-85,31.5]}`
				if r%2 == 1 {
					body = `{"limit":17,"sortby":[{"field":"gsd","direction":"asc"}],"query":{"gsd":{"gte":0.3}}}`
				}
				q, err := ParseSearchBody([]byte(body))
				if err != nil {
					errs <- err
					return
				}
				seen := map[string]bool{}
				for range 50 {
					p, err := s.Search(q)
					if err != nil {
						errs <- err
						return
					}
					for _, id := range ids(t, p.Items) {
						if seen[id] {
							errs <- fmt.Errorf("reader %d: %s twice while paging", r, id)
							return
						}
						seen[id] = true
					}
					if p.Next == "" {
						break
					}
					q.Token = p.Next
				}
				if _, err := s.Item("a", fmt.Sprintf("w%d-%d", r, i)); err != nil && !errors.Is(err, ErrNotFound) {
					errs <- err
					return
				}
				_ = s.ItemCount("b")
				_ = s.Collections()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want := writers * (perWriter - (perWriter+2)/3)
	if got := s.ItemCount("a") + s.ItemCount("b"); got != want {
		t.Fatalf("%d items, want %d", got, want)
	}
	p, err := s.Search(mustBody(t, `{"limit":1}`))
	if err != nil || p.Matched != want {
		t.Fatalf("search matched %d (%v), want %d", p.Matched, err, want)
	}
	if got := searchAll(t, s, mustBody(t, `{"limit":100}`)); len(got) != want {
		t.Fatalf("paged %d items, want %d", len(got), want)
	}
}
