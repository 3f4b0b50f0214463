package geocatalog

import (
	"context"
	"net/http"
	"testing"
)

// TestListCollectionsPagerFollowsNextLink pages a collection list whose
// first page names a next page on another host (rebased onto the client's
// endpoint), and whose second page links back to the first (a cycle the
// pager must not follow).
func TestListCollectionsPagerFollowsNextLink(t *testing.T) {
	var requests []string
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		requests = append(requests, r.URL.RequestURI())
		switch r.URL.Query().Get("token") {
		case "":
			if r.URL.Query().Get("sign") != "true" {
				t.Errorf("first page lost the sign option: %s", r.URL)
			}
			writeRaw(w, `{"collections":[{"type":"Collection","stac_version":"1.0.0","id":"a","description":"a","license":"other","extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[[null,null]]}},"links":[]}],"links":[{"rel":"next","href":"http://backend.internal/stac/collections?token=2"}]}`)
		case "2":
			writeRaw(w, `{"collections":[{"type":"Collection","stac_version":"1.0.0","id":"b","description":"b","license":"other","extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[[null,null]]}},"links":[]}],"links":[{"rel":"next","href":"https://x/stac/collections?token=2"}]}`)
		default:
			t.Errorf("unexpected request %s", r.URL)
		}
	})
	c := newTestClient(t, ts, 0)
	pager := c.STAC().NewListCollectionsPager(&ListCollectionsOptions{Sign: &SignOption{}})
	var ids []string
	for pager.More() {
		page, err := pager.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, col := range page.Collections {
			ids = append(ids, col.ID)
		}
	}
	if len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Errorf("collections %v, want [a b]", ids)
	}
	if len(requests) != 2 {
		t.Errorf("%d requests %v, want 2 (the cycle back to page 2 is not followed)", len(requests), requests)
	}
}
