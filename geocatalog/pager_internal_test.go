package geocatalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

func feature(id string) string {
	return `{"type":"Feature","stac_version":"1.0.0","id":"` + id + `","geometry":null,"properties":{"datetime":null},"links":[],"assets":{}}`
}

func page(ids []string, next string) string {
	feats := make([]string, len(ids))
	for i, id := range ids {
		feats[i] = feature(id)
	}
	links := `[]`
	if next != "" {
		links = `[` + next + `]`
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `],"links":` + links + `}`
}

func TestSearchPagerNextLinks(t *testing.T) {
	t.Run("POST next link with merge, http and backend host", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
			var b map[string]any
			_ = json.Unmarshal(body, &b)
			switch b["token"] {
			case nil:
				writeRaw(w, page([]string{"a", "b"}, `{"rel":"next","href":"http://backend.internal:8000/stac/search","method":"POST","body":{"token":"t2"},"merge":true}`))
			case "t2":
				if b["limit"] != 2.0 || b["collections"] == nil {
					t.Errorf("merge lost the original body: %s", body)
				}
				writeRaw(w, page([]string{"c"}, `{"rel":"next","href":"https://x/stac/search","method":"POST","body":{"token":"t3","limit":2}}`))
			case "t3":
				if b["collections"] != nil {
					t.Errorf("merge:false kept the original body: %s", body)
				}
				writeRaw(w, page(nil, `{"rel":"next","href":"https://x/stac/search?token=t4"}`))
			default:
				t.Errorf("unexpected request %s", body)
			}
		})
		c := newTestClient(t, ts, 0)
		var ids []string
		for it, err := range c.STAC().SearchItems(context.Background(), &stac.SearchRequest{Collections: []string{"col"}, Limit: 2}, nil) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, it.ID)
		}
		if strings.Join(ids, ",") != "a,b,c" {
			t.Errorf("ids %v", ids)
		}
		reqs := ts.requests()
		if len(reqs) != 3 {
			t.Fatalf("%d requests, want 3 (the empty page stops paging)", len(reqs))
		}
		for _, r := range reqs {
			if r.Method != http.MethodPost || r.Path != "/stac/search" || !strings.Contains(r.RawQuery, "api-version=") {
				t.Errorf("request %s %s?%s", r.Method, r.Path, r.RawQuery)
			}
		}
	})
	t.Run("GET next link and cycle", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
			switch r.URL.Query().Get("token") {
			case "":
				writeRaw(w, page([]string{"a"}, `{"rel":"next","href":"https://cat.example/stac/search?token=t1"}`))
			case "t1":
				writeRaw(w, page([]string{"b"}, `{"rel":"next","href":"https://cat.example/stac/search?token=t2"}`))
			default:
				// Points back to t1: a cycle.
				writeRaw(w, page([]string{"c"}, `{"rel":"next","href":"https://cat.example/stac/search?token=t1"}`))
			}
		})
		c := newTestClient(t, ts, 0)
		p := c.STAC().NewSearchPager(nil, nil)
		var ids []string
		for p.More() {
			pg, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range pg.Features {
				ids = append(ids, it.ID)
			}
		}
		if strings.Join(ids, ",") != "a,b,c" || len(ts.requests()) != 3 {
			t.Errorf("ids %v after %d requests", ids, len(ts.requests()))
		}
		if reqs := ts.requests(); reqs[1].Method != http.MethodGet {
			t.Errorf("GET link followed with %s", reqs[1].Method)
		}
	})
	t.Run("link outside the API is refused", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
			writeRaw(w, page([]string{"a"}, `{"rel":"next","href":"https://evil.example/collect?x=1"}`))
		})
		c := newTestClient(t, ts, 0)
		n := 0
		var last error
		for _, err := range c.STAC().ListItems(context.Background(), "col", nil) {
			if err != nil {
				last = err
				break
			}
			n++
		}
		var ue *UnsafeURLError
		if n != 1 || !errors.As(last, &ue) {
			t.Errorf("n=%d err=%v", n, last)
		}
		if len(ts.requests()) != 1 {
			t.Errorf("%d requests", len(ts.requests()))
		}
	})
	t.Run("204 is an empty page", func(t *testing.T) {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) { w.WriteHeader(204) })
		c := newTestClient(t, ts, 0)
		for _, err := range c.STAC().SearchItems(context.Background(), nil, nil) {
			t.Fatalf("yielded from a 204: %v", err)
		}
	})
	t.Run("MaxItems truncates", func(t *testing.T) {
		calls := 0
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
			calls++
			writeRaw(w, page([]string{fmt.Sprint(calls, "a"), fmt.Sprint(calls, "b"), fmt.Sprint(calls, "c")}, fmt.Sprintf(`{"rel":"next","href":"/stac/search?token=%d","method":"POST"}`, calls)))
		})
		c := newTestClient(t, ts, 0)
		n := 0
		for _, err := range c.STAC().SearchItems(context.Background(), &stac.SearchRequest{Limit: 3}, &SearchOptions{MaxItems: 5}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 5 || calls != 2 {
			t.Errorf("%d items in %d calls", n, calls)
		}
	})
}

func writeRaw(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "application/geo+json")
	_, _ = w.Write([]byte(s))
}
