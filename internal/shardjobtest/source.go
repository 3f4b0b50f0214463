package shardjobtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/scenetest"
)

// fillSource creates the source collection with n items, each with a
// "data" asset of size bytes (copied into managed storage).
func (e *Env) fillSource(t testing.TB, n, size int) {
	t.Helper()
	ctx := context.Background()
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte(strings.Repeat("x", size)))
	}))
	defer files.Close()
	coll := stac.NewCollection(SourceCollection, "source scenes", "CC-BY-4.0", stac.NewExtent([]float64{0, 0, 10, 10}, nil, nil))
	p, err := e.Admin.STAC().BeginCreateCollection(ctx, coll, nil)
	if err == nil {
		_, err = p.PollUntilDone(ctx, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	e.IDs = append(e.IDs, scenetest.Fill(ctx, t, e.Admin, SourceCollection, files.URL, n)...)
}
