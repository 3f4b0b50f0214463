package geocatalog

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

func testItem(id string) *stac.Item {
	it := stac.NewItem(id)
	it.Geometry = stac.Geometry(`{"type":"Point","coordinates":[1,2]}`)
	it.BBox = []float64{1, 2, 1, 2}
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	it.Properties.Datetime = &now
	return it
}

// lroServer answers the first request with initial (a 202 by default) and
// GET /inma/operations/op-1 with the successive operation bodies in polls
// (the last one repeats).
func lroServer(t *testing.T, initial func(w http.ResponseWriter), polls ...string) (*testServer, *atomic.Int32) {
	var n atomic.Int32
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/inma/operations/") {
			i := int(n.Add(1)) - 1
			if i >= len(polls) {
				i = len(polls) - 1
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(polls[i]))
			return
		}
		initial(w)
	})
	return ts, &n
}

func op(status string, extra string) string {
	s := `{"id":"op-1","status":"` + status + `","type":"AddItem","creationTime":"2025-01-01T00:00:00Z","collectionId":"c1","statusHistory":[{"status":"Pending","timestamp":"2025-01-01T00:00:00Z"}]`
	if extra != "" {
		s += "," + extra
	}
	return s + "}"
}

func accepted(headers map[string]string, body string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(body))
	}
}

func TestPollerStatuses(t *testing.T) {
	opLoc := map[string]string{"operation-location": "http://backend.internal/inma/operations/op-1?api-version=2026-04-15"}
	cases := []struct {
		name    string
		headers map[string]string
		polls   []string
		code    string // "" = success
	}{
		{"Succeeded via operation-location", opLoc, []string{op("Pending", ""), op("Running", ""), op("Succeeded", "")}, ""},
		{"Success", opLoc, []string{op("Success", "")}, ""},
		{"Suceeded (sic)", opLoc, []string{op("Suceeded", "")}, ""},
		{"Finished", opLoc, []string{op("Finished", "")}, ""},
		{"Completed lower case", opLoc, []string{op("completed", "")}, ""},
		{"Location fallback", map[string]string{"Location": "https://x/inma/operations/op-1"}, []string{op("SUCCEEDED", "")}, ""},
		{"body id fallback", nil, []string{op("Running", ""), op("Succeeded", "")}, ""},
		{"Failed with error", opLoc, []string{op("Failed", `"error":{"code":"ItemAlreadyExistsInCollection","message":"exists"}`)}, "ItemAlreadyExistsInCollection"},
		{"Failed with nested error", opLoc, []string{op("Failed", `"error":{"error":{"code":"PublicAccessRestricted","message":"no"}}`)}, "PublicAccessRestricted"},
		{"Failed with history code", opLoc, []string{`{"id":"op-1","status":"Failed","type":"AddItem","creationTime":"2025-01-01T00:00:00Z","statusHistory":[{"status":"Pending","timestamp":"2025-01-01T00:00:00Z"},{"status":"Failed","timestamp":"2025-01-01T00:00:01Z","errorCode":"InvalidAssetHref","errorMessage":"relative"}]}`}, "InvalidAssetHref"},
		{"Canceled", opLoc, []string{op("Canceled", "")}, "Canceled"},
		{"Cancelled", opLoc, []string{op("Cancelled", "")}, "Canceled"},
		{"partial failure", opLoc, []string{op("Succeeded", `"additionalInformation":{"TotalItems":"2","TotalFailedItems":"1"}`)}, "ErrorsInBatchOperation"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts, polls := lroServer(t, accepted(tc.headers, op("Pending", "")), tc.polls...)
			c := newTestClient(t, ts, 0)
			p, err := c.STAC().BeginCreateItem(context.Background(), "c1", testItem("i1"), nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.PollUntilDone(context.Background(), nil)
			if tc.code == "" {
				if err != nil {
					t.Fatalf("PollUntilDone: %v", err)
				}
				if res.Operation.ID != "op-1" || !res.Operation.Status.IsSucceeded() {
					t.Errorf("final operation %+v", res.Operation)
				}
			} else {
				var oe *OperationError
				if !errors.As(err, &oe) {
					t.Fatalf("got %v, want *OperationError", err)
				}
				if oe.Code != tc.code || oe.Operation == nil || oe.Operation.ID != "op-1" || !strings.Contains(err.Error(), "op-1") {
					t.Errorf("OperationError %+v: %v", oe, err)
				}
			}
			if int(polls.Load()) < len(tc.polls) {
				t.Errorf("polled %d times, want %d", polls.Load(), len(tc.polls))
			}
			for _, r := range ts.requests()[1:] {
				if r.Path != "/inma/operations/op-1" || !strings.Contains(r.RawQuery, "api-version=") {
					t.Errorf("poll %s?%s", r.Path, r.RawQuery)
				}
			}
		})
	}
}

func TestPollerSynchronousAnswers(t *testing.T) {
	col := `{"type":"Collection","id":"col1","stac_version":"1.0.0","description":"d","license":"l","extent":{"spatial":{"bbox":[[-180,-90,180,90]]},"temporal":{"interval":[[null,null]]}},"links":[]}`
	for _, status := range []int{200, 201, 204} {
		ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			if status == 204 {
				w.WriteHeader(204)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(col))
		})
		c := newTestClient(t, ts, 0)
		var coll stac.Collection
		if err := json.Unmarshal([]byte(col), &coll); err != nil {
			t.Fatal(err)
		}
		p, err := c.STAC().BeginReplaceCollection(context.Background(), "col1", &coll, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Done() {
			t.Errorf("%d: poller not done on a synchronous answer", status)
		}
		res, err := p.PollUntilDone(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if status != 204 && (res.Collection == nil || res.Collection.ID != "col1") {
			t.Errorf("%d: collection not returned: %+v", status, res)
		}
		if len(ts.requests()) != 1 {
			t.Errorf("%d: %d requests, want 1", status, len(ts.requests()))
		}
	}
}

func TestPollerResumeToken(t *testing.T) {
	ts, _ := lroServer(t, accepted(map[string]string{"operation-location": "https://x/inma/operations/op-1"}, op("Pending", "")), op("Running", ""), op("Running", ""), op("Succeeded", ""))
	c := newTestClient(t, ts, 0)
	ctx := context.Background()
	p, err := c.STAC().BeginCreateItem(ctx, "c1", testItem("i1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	tok, err := p.ResumeToken()
	if err != nil {
		t.Fatal(err)
	}
	// Another client of the same endpoint resumes it.
	c2 := newTestClient(t, ts, 0)
	p2, err := c2.STAC().BeginCreateItem(ctx, "", nil, &BeginCreateItemOptions{ResumeToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p2.PollUntilDone(ctx, nil)
	if err != nil || res.Operation.ID != "op-1" {
		t.Fatalf("resumed poller: %+v %v", res, err)
	}
	// A client of another endpoint refuses it.
	other := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { w.WriteHeader(500) })
	c3 := newTestClient(t, other, 0)
	_, err = c3.STAC().BeginCreateItem(ctx, "", nil, &BeginCreateItemOptions{ResumeToken: tok})
	var ue *UnsafeURLError
	if !errors.As(err, &ue) {
		t.Fatalf("resume on another endpoint: %v, want *UnsafeURLError", err)
	}
	// A forged token whose operation URL points elsewhere is refused too.
	forged := strings.Replace(tok, "/inma/operations/op-1", "/../../evil", 1)
	if _, err := c2.STAC().BeginCreateItem(ctx, "", nil, &BeginCreateItemOptions{ResumeToken: forged}); err == nil {
		t.Error("forged token accepted")
	}
	if len(other.requests()) != 0 {
		t.Error("the other endpoint was contacted")
	}
}

func TestPollFrequency(t *testing.T) {
	ts, polls := lroServer(t, accepted(map[string]string{"operation-location": "https://x/inma/operations/op-1"}, op("Pending", "")), op("Running", ""), op("Running", ""), op("Running", ""), op("Succeeded", ""))
	c := newTestClient(t, ts, 0, func(o *ClientOptions) { o.PollFrequency = 30 * time.Millisecond })
	p, err := c.STAC().BeginDeleteItem(context.Background(), "c1", "i1", nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	// nil options: runtime's default is 30 s; the client's PollFrequency
	// applies instead.
	if _, err := p.PollUntilDone(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if polls.Load() != 4 {
		t.Errorf("%d polls", polls.Load())
	}
	if d := time.Since(start); d < 90*time.Millisecond {
		t.Errorf("4 polls at 30 ms took %v", d)
	}
}

func TestBeginWaitOperation(t *testing.T) {
	ts, _ := lroServer(t, func(w http.ResponseWriter) { w.WriteHeader(500) }, op("Running", ""), op("Failed", `"error":{"code":"InvalidStacCatalog","message":"bad"}`))
	c := newTestClient(t, ts, 0)
	p, err := c.Ingestion().BeginWaitOperation(context.Background(), "op-1", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.PollUntilDone(context.Background(), &runtime.PollUntilDoneOptions{Frequency: time.Millisecond})
	var oe *OperationError
	if !errors.As(err, &oe) || oe.Code != "InvalidStacCatalog" {
		t.Fatalf("got %v", err)
	}
}
