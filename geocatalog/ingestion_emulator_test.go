package geocatalog_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// staticCatalog serves catalog.json with n items over plain http.
func staticCatalog(t *testing.T, n int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/catalog.json" {
			links := []map[string]string{{"rel": "root", "href": "./catalog.json"}}
			for i := range n {
				links = append(links, map[string]string{"rel": "item", "href": fmt.Sprintf("./items/s%d.json", i)})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"type": "Catalog", "id": "static", "stac_version": "1.0.0", "description": "d", "links": links})
			return
		}
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/items/s%d.json", &i); err != nil {
			http.NotFound(w, r)
			return
		}
		it := newItem(fmt.Sprintf("s%d", i), "", float64(i), 1, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil)
		it.Collection = ""
		_ = json.NewEncoder(w).Encode(it)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestIngestionLifecycle(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	in := client.Ingestion()
	await(client.STAC().BeginCreateCollection(ctx, testCollection("bulk"), nil)).done(t)

	// Sources: SasToken created with a generated UUID, BlobManagedIdentity
	// from the listed identities.
	src, err := in.CreateSource(ctx, geocatalog.IngestionSource{
		Kind:           geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://partner.blob.core.windows.net/deliveries", SASToken: "sv=2024-01-01&sr=c&sp=rl&se=2099-01-01&sig=SECRETSIG"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.ID) != 36 || src.Kind != geocatalog.IngestionSourceKindSASToken || src.ConnectionInfo.SASToken != "" {
		t.Errorf("created source %+v", src)
	}
	if _, err := in.CreateSource(ctx, geocatalog.IngestionSource{
		Kind:           geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://partner.blob.core.windows.net/deliveries", SASToken: "sv=1&sig=OTHERSECRET"},
	}, nil); !geocatalog.IsConflict(err) || strings.Contains(fmt.Sprint(err), "OTHERSECRET") {
		t.Errorf("duplicate container: %v", err)
	}
	rotated, err := in.ReplaceSource(ctx, src.ID, geocatalog.IngestionSource{
		Kind:           geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://partner.blob.core.windows.net/deliveries", SASToken: "sv=2024-01-01&sr=c&sp=rl&se=2099-06-01&sig=NEWSIG"},
	}, nil)
	if err != nil || rotated.ID != src.ID {
		t.Fatalf("rotate: %+v %v", rotated, err)
	}
	var mis []geocatalog.ManagedIdentity
	for p := in.NewListManagedIdentitiesPager(nil); p.More(); {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		mis = append(mis, pg.Value...)
	}
	if len(mis) == 0 {
		t.Fatal("no managed identities")
	}
	mi, err := in.CreateSource(ctx, geocatalog.IngestionSource{
		Kind:           geocatalog.IngestionSourceKindBlobManagedIdentity,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://customer.blob.core.windows.net/data", ObjectID: mis[0].ObjectID},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := in.GetSource(ctx, mi.ID, nil)
	if err != nil || got.Kind != geocatalog.IngestionSourceKindBlobManagedIdentity || got.ConnectionInfo.ObjectID != mis[0].ObjectID {
		t.Errorf("GetSource %+v %v", got, err)
	}
	seen := map[string]bool{}
	for p := in.NewListSourcesPager(&geocatalog.ListSourcesOptions{PageOptions: geocatalog.PageOptions{Top: 1}}); p.More(); {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range pg.Value {
			seen[s.ID] = true
		}
	}
	if !seen[src.ID] || !seen[mi.ID] || len(seen) != 2 {
		t.Errorf("listed sources %v", seen)
	}
	if _, err := in.DeleteSource(ctx, mi.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := in.GetSource(ctx, mi.ID, nil); !geocatalog.IsNotFound(err) {
		t.Errorf("deleted source: %v", err)
	}

	// Ingestion of a static catalog, a run, its operation.
	cat := staticCatalog(t, 5)
	ing, err := in.CreateIngestion(ctx, "bulk", geocatalog.Ingestion{DisplayName: "first", SourceCatalogURL: cat.URL + "/catalog.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ing.ID == "" || ing.ImportType != geocatalog.ImportTypeStaticCatalog {
		t.Errorf("ingestion %+v", ing)
	}
	name, skip := "renamed", true
	upd, err := in.UpdateIngestion(ctx, "bulk", ing.ID, geocatalog.IngestionUpdate{DisplayName: &name, SkipExistingItems: &skip}, nil)
	if err != nil || upd.DisplayName != "renamed" || !upd.SkipExistingItems || upd.SourceCatalogURL != ing.SourceCatalogURL {
		t.Errorf("update %+v %v", upd, err)
	}
	run, err := in.CreateRun(ctx, "bulk", ing.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, err := in.BeginWaitOperation(ctx, run.Operation.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := w.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.Operation.Counter("TotalSuccessfulItems"); res.Operation.ID != run.Operation.ID || n != 5 {
		t.Logf("final operation %+v", res.Operation)
	}
	gr, err := in.GetRun(ctx, "bulk", ing.ID, run.ID, nil)
	if err != nil || !gr.Operation.Status.IsSucceeded() || gr.Operation.TotalSuccessfulItems != 5 {
		t.Errorf("run %+v %v", gr.Operation, err)
	}
	runs := 0
	for p := in.NewListRunsPager("bulk", ing.ID, nil); p.More(); {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		runs += len(pg.Value)
	}
	if runs != 1 {
		t.Errorf("%d runs", runs)
	}
	ings := 0
	for p := in.NewListIngestionsPager("bulk", nil); p.More(); {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ings += len(pg.Value)
	}
	if ings != 1 {
		t.Errorf("%d ingestions", ings)
	}
	n := 0
	for _, err := range client.STAC().ListItems(ctx, "bulk", nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 5 {
		t.Errorf("%d items ingested", n)
	}

	// Operations: filter by collection and status, get.
	ops := 0
	for p := in.NewListOperationsPager(&geocatalog.ListOperationsOptions{CollectionID: "bulk", Status: geocatalog.OperationStatusSucceeded}); p.More(); {
		pg, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range pg.Value {
			if op.CollectionID != "bulk" || !op.Status.IsSucceeded() {
				t.Errorf("filtered list returned %+v", op)
			}
			ops++
		}
	}
	if ops < 2 {
		t.Errorf("%d succeeded operations in bulk", ops)
	}
	op, err := in.GetOperation(ctx, run.Operation.ID, nil)
	if err != nil || op.ID != run.Operation.ID {
		t.Errorf("GetOperation %+v %v", op, err)
	}
	if _, err := in.CancelAllOperations(ctx, nil); err != nil {
		t.Fatal(err)
	}

	del := await(in.BeginDeleteIngestion(ctx, "bulk", ing.ID, nil)).done(t)
	if del.Operation.Type != "DeleteIngestion" {
		t.Errorf("delete ingestion operation %+v", del.Operation)
	}
	if _, err := in.GetIngestion(ctx, "bulk", ing.ID, nil); !geocatalog.IsNotFound(err) {
		t.Errorf("deleted ingestion: %v", err)
	}
	_ = srv
}
