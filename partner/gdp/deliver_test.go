package gdp_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

func TestDeliverNAIP(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	order, items, dir := naipOrder(t, "naip-gdp", 1000)
	order.Queryables = []geocatalog.Queryable{{Name: "naip:year", Definition: geocatalog.QueryableDefinition{DataType: "string"}}}
	order.RenderOptions = []geocatalog.RenderOption{{ID: "natural-color", Name: "Natural color", Options: "assets=image&asset_bidx=image|1,2,3"}}
	journal := filepath.Join(t.TempDir(), "journal.ndjson")
	var logs bytes.Buffer
	progress := 0
	opts := &gdp.DeliverOptions{
		Stager: env.Stager, JournalPath: journal, Customer: "contoso", TenantID: geocatalogtest.DefaultTenantID,
		Logger:   slog.New(slog.NewJSONHandler(&logs, nil)),
		Progress: func(p gdp.Progress) { progress = p.Done },
	}
	ctx := context.Background()
	rep, err := gdp.Deliver(ctx, env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.CollectionCreated || rep.Bulk || rep.Created != 1000 || rep.Failed != 0 || progress != 1000 {
		t.Fatalf("created collection %v bulk %v created %d failed %d progress %d: %+v",
			rep.CollectionCreated, rep.Bulk, rep.Created, rep.Failed, progress, rep.FailedItems())
	}
	t.Logf("first delivery: %d items in %s (%.0f items/s), %d requests, %d batches, %d assets (%d bytes) staged, timings %+v",
		rep.Created, rep.Duration, rep.ItemsPerSecond(), rep.Requests, rep.Batches, len(rep.Manifest.Assets()), rep.Manifest.TotalBytes(), rep.Timings)
	checkDelivered(t, env, "naip-gdp", items, rep)
	if q, err := env.Client.STAC().GetCollectionQueryables(ctx, "naip-gdp", nil); err != nil || !strings.Contains(string(q.Schema), "naip:year") {
		t.Fatalf("queryables: %v %s", err, q.Schema)
	}
	if ros, err := env.Client.STAC().ListRenderOptions(ctx, "naip-gdp", nil); err != nil || len(ros.RenderOptions) != 1 {
		t.Fatalf("render options: %v %v", ros, err)
	}
	if n := strings.Count(logs.String(), `"msg":"partner.item"`); n != 1000 {
		t.Fatalf("%d audit records, want 1000", n)
	}
	if !strings.Contains(logs.String(), `"customer":"contoso"`) || strings.Contains(logs.String(), "sig=") {
		t.Fatal("audit records lack the customer or hold a SAS signature")
	}

	// The same order again, with its journal: nothing is written.
	env.Catalog.ResetStats()
	rep, err = gdp.Deliver(ctx, env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 1000 || len(writes(env.Catalog)) != 0 {
		t.Fatalf("second delivery: unchanged %d, writes %v", rep.Unchanged, writes(env.Catalog))
	}
	// Without the journal: items are compared, still nothing is written.
	env.Catalog.ResetStats()
	rep, err = gdp.Deliver(ctx, env.Client, order, &gdp.DeliverOptions{Stager: env.Stager})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unchanged != 1000 || len(writes(env.Catalog)) != 0 {
		t.Fatalf("delivery without journal: unchanged %d, writes %v", rep.Unchanged, writes(env.Catalog))
	}

	// Changed items are replaced, the others left alone.
	_ = items[10].Properties.Set("gsd", 0.3)
	os.WriteFile(filepath.Join(dir, items[500].Assets["image"].Href), []byte("reprocessed"), 0o644)
	items[999].Assets["image"].Title = "RGBIR COG tile (v2)"
	order.Items = gdp.NDJSONFile(writeNDJSON(t, dir, items))
	rep, err = gdp.Deliver(ctx, env.Client, order, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Replaced != 3 || rep.Unchanged != 997 || rep.Failed != 0 {
		t.Fatalf("after changes: replaced %d unchanged %d failed %d", rep.Replaced, rep.Unchanged, rep.Failed)
	}
	checkDelivered(t, env, "naip-gdp", items, rep)
}

func TestDeliverReaderOnlyRefusedBeforeAnyItem(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	reader := geocatalogtest.Principal{TenantID: geocatalogtest.DefaultTenantID, ObjectID: "reader-partner"}
	env.Catalog.Grant(reader.ObjectID, geocatalogtest.RoleReader)
	client := ordertest.NewClient(t, env.Server.URL, env.Server.NewCredential(reader), env.Server.ClientOptions())
	order, _, _ := naipOrder(t, "naip-ro", 20)
	env.CreateCollection(t, "naip-ro")
	for _, collection := range []string{"naip-ro", "naip-ro-missing"} {
		order.Collection.ID = collection
		env.Catalog.ResetStats()
		rep, err := gdp.Deliver(context.Background(), client, order, &gdp.DeliverOptions{Stager: env.Stager})
		var denied *partner.AccessDeniedError
		if !errors.As(err, &denied) || denied.StatusCode != 403 {
			t.Fatalf("%s: error %v, want *partner.AccessDeniedError 403", collection, err)
		}
		if rep == nil || rep.Err == nil {
			t.Fatalf("%s: report %+v", collection, rep)
		}
		for _, ex := range env.Catalog.Exchanges() {
			if strings.HasSuffix(ex.Route, "/items") && ex.Method == "POST" {
				t.Fatalf("%s: an item create was sent: %+v", collection, ex)
			}
		}
		t.Logf("%s: %v", collection, err)
	}
}

func TestDeliverManyIsolatesCustomers(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	order, items, _ := naipOrder(t, "naip-many", 60)
	var targets []gdp.Target
	cats := map[string]*geocatalogtest.Catalog{}
	for _, name := range []string{"alpha", "bravo", "charlie", "revoked"} {
		cat := env.Server.NewCatalog(geocatalogtest.CatalogOptions{Name: name, TenantID: tenantOf(name)})
		cats[name] = cat
		// Each customer has its own Pacer in its client's pipeline; bravo's
		// (40/s) exceeds its catalog's limit (20/s, below), so only bravo is
		// throttled and backs off.
		pacer := partner.NewPacer(40)
		opts := cat.ClientOptions()
		opts.Retry.MaxRetryDelay = 5 * time.Second
		opts.PerRetryPolicies = append(opts.PerRetryPolicies, pacer.Policy())
		targets = append(targets, gdp.Target{
			Name: name, TenantID: cat.TenantID, Pacer: pacer,
			Client:      ordertest.NewClient(t, cat.URL, cat.Credential(), opts),
			JournalPath: filepath.Join(t.TempDir(), name+".ndjson"),
		})
	}
	// The revoked customer's partner identity is only a Reader.
	revoked := geocatalogtest.Principal{TenantID: tenantOf("revoked"), ObjectID: "partner-sp"}
	cats["revoked"].Grant(revoked.ObjectID, geocatalogtest.RoleReader)
	targets[3].Client = ordertest.NewClient(t, cats["revoked"].URL, env.Server.NewCredential(revoked), cats["revoked"].ClientOptions())
	cats["bravo"].SetFaults(geocatalogtest.Faults{Seed: 1, RateLimit: 20, Burst: 2})
	// charlie revokes the partner's access in the middle of the delivery.
	charlie := geocatalogtest.Principal{TenantID: tenantOf("charlie"), ObjectID: "charlie-partner-sp"}
	cats["charlie"].Grant(charlie.ObjectID, geocatalogtest.RoleAdministrator)
	copts := cats["charlie"].ClientOptions()
	copts.PerRetryPolicies = append(copts.PerRetryPolicies, targets[2].Pacer.Policy())
	targets[2].Client = ordertest.NewClient(t, cats["charlie"].URL, env.Server.NewCredential(charlie), copts)
	var revokeOnce sync.Once
	progress := func(p gdp.Progress) {
		if p.Customer == "charlie" && p.Done >= 20 {
			revokeOnce.Do(func() { cats["charlie"].Revoke(charlie.ObjectID) })
		}
	}

	reports := gdp.DeliverMany(context.Background(), targets, order, &gdp.DeliverManyOptions{
		Deliver: gdp.DeliverOptions{Stager: env.Stager, MaxBatchItems: 10, Progress: progress},
	})
	if len(reports) != 4 {
		t.Fatalf("%d reports", len(reports))
	}
	for _, name := range []string{"alpha", "bravo"} {
		rep := reports[name]
		if rep.Err != nil || rep.Created != len(items) {
			t.Fatalf("%s: err %v created %d", name, rep.Err, rep.Created)
		}
		if got := len(cats[name].Exchanges()); got == 0 {
			t.Fatalf("%s saw no request", name)
		}
		t.Logf("%s: %d created in %s, %d requests, %d throttled", name, rep.Created, rep.Duration, rep.Requests, rep.Throttled)
		if (rep.Throttled > 0) != (name == "bravo") {
			t.Errorf("%s was throttled %d times", name, rep.Throttled)
		}
	}
	var denied *partner.AccessDeniedError
	if rep := reports["revoked"]; !errors.As(rep.Err, &denied) {
		t.Fatalf("revoked: %v", rep.Err)
	}
	rep := reports["charlie"]
	if !errors.As(rep.Err, &denied) || rep.Created < 20 || rep.Created >= len(items) || rep.Created+rep.Failed != len(items) {
		t.Fatalf("charlie (revoked during the delivery): err %v, created %d, failed %d", rep.Err, rep.Created, rep.Failed)
	}
	t.Logf("charlie: %d created before the revocation, %d failed: %v", rep.Created, rep.Failed, rep.Err)
}

func tenantOf(name string) string {
	return map[string]string{
		"alpha": "11111111-1111-4111-8111-111111111111", "bravo": "22222222-2222-4222-8222-222222222222",
		"charlie": "33333333-3333-4333-8333-333333333333", "revoked": "44444444-4444-4444-8444-444444444444",
	}[name]
}
