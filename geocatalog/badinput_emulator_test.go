package geocatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestBadInputSendsNothing: each bad argument gives a typed error and not a
// single request reaches the emulator.
func TestBadInputSendsNothing(t *testing.T) {
	srv, client := newEmulator(t, nil)
	ctx := context.Background()
	s, in, sas := client.STAC(), client.Ingestion(), client.SAS()
	good := func() *stac.Item { return newItem("ok-item", "col", 1, 2, time.Now().UTC(), nil) }
	firstPage := func(f func() error) error { return f() }

	cases := []struct {
		name string
		call func() error
	}{
		{"GetCollection empty id", func() error { _, err := s.GetCollection(ctx, "", nil); return err }},
		{"GetItem empty item id", func() error { _, err := s.GetItem(ctx, "col", "", nil); return err }},
		{"GetItem id with control char", func() error { _, err := s.GetItem(ctx, "col", "a\nb", nil); return err }},
		{"GetItem id '..'", func() error { _, err := s.GetItem(ctx, "col", "..", nil); return err }},
		{"GetCollection id too long", func() error { _, err := s.GetCollection(ctx, strings.Repeat("x", 501), nil); return err }},
		{"CreateItem nil item", func() error { _, err := s.BeginCreateItem(ctx, "col", nil, nil); return err }},
		{"CreateItem bad id chars", func() error {
			it := good()
			it.ID = "bad id/with slash"
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItem other collection", func() error {
			it := good()
			it.Collection = "other"
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItem bbox not containing geometry", func() error {
			it := good()
			it.BBox = []float64{50, 50, 60, 60}
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItem no datetime", func() error {
			it := good()
			it.Properties.Datetime = nil
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItem relative asset href", func() error {
			it := good()
			it.Assets = map[string]*stac.Asset{"a": {Href: "./a.tif"}}
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItem 101 assets", func() error {
			it := good()
			it.Assets = map[string]*stac.Asset{}
			for i := range 101 {
				it.Assets[strings.Repeat("a", i+1)] = &stac.Asset{Href: "https://example.com/x.tif"}
			}
			_, err := s.BeginCreateItem(ctx, "col", it, nil)
			return err
		}},
		{"CreateItems empty", func() error { _, err := s.BeginCreateItems(ctx, "col", nil, nil); return err }},
		{"CreateItems duplicate ids", func() error {
			_, err := s.BeginCreateItems(ctx, "col", []*stac.Item{good(), good()}, nil)
			return err
		}},
		{"ReplaceItem id mismatch", func() error { _, err := s.BeginReplaceItem(ctx, "col", "other", good(), nil); return err }},
		{"UpdateItem non-object patch", func() error { _, err := s.BeginUpdateItem(ctx, "col", "ok-item", []int{1}, nil); return err }},
		{"UpdateItem id change", func() error {
			_, err := s.BeginUpdateItem(ctx, "col", "ok-item", map[string]any{"id": "x"}, nil)
			return err
		}},
		{"DeleteItem empty collection", func() error { _, err := s.BeginDeleteItem(ctx, "", "x", nil); return err }},
		{"CreateCollection nil", func() error { _, err := s.BeginCreateCollection(ctx, nil, nil); return err }},
		{"CreateCollection bad id", func() error { _, err := s.BeginCreateCollection(ctx, testCollection("a b"), nil); return err }},
		{"ReplaceCollection id mismatch", func() error {
			_, err := s.BeginReplaceCollection(ctx, "other", testCollection("col-x"), nil)
			return err
		}},
		{"ListItems limit too big", func() error {
			_, err := s.NewListItemsPager("col", &geocatalog.ListItemsOptions{Limit: 10001}).NextPage(ctx)
			return err
		}},
		{"ListItems bad bbox", func() error {
			_, err := s.NewListItemsPager("col", &geocatalog.ListItemsOptions{BBox: []float64{1, 2, 3}}).NextPage(ctx)
			return err
		}},
		{"ListItems bad datetime", func() error {
			_, err := s.NewListItemsPager("col", &geocatalog.ListItemsOptions{Datetime: "yesterday"}).NextPage(ctx)
			return err
		}},
		{"Search limit 1001", func() error {
			return firstPage(func() error {
				_, err := s.NewSearchPager(&stac.SearchRequest{Limit: 1001}, nil).NextPage(ctx)
				return err
			})
		}},
		{"Search bbox and intersects", func() error {
			req := &stac.SearchRequest{BBox: []float64{0, 0, 1, 1}, Intersects: stac.Geometry(`{"type":"Point","coordinates":[0,0]}`)}
			_, err := s.NewSearchPager(req, nil).NextPage(ctx)
			return err
		}},
		{"Search NaN bbox", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{BBox: []float64{0, math.NaN(), 1, 1}}, nil).NextPage(ctx)
			return err
		}},
		{"Search latitude out of range", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{BBox: []float64{0, -91, 1, 1}}, nil).NextPage(ctx)
			return err
		}},
		{"Search invalid filter JSON", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{Filter: json.RawMessage(`{"op":`)}, nil).NextPage(ctx)
			return err
		}},
		{"Search text filter without cql2-text", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{Filter: json.RawMessage(`"eo:cloud_cover < 10"`), FilterLang: stac.FilterLangCQL2JSON}, nil).NextPage(ctx)
			return err
		}},
		{"Search unknown filter-lang", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{FilterLang: "sql"}, nil).NextPage(ctx)
			return err
		}},
		{"Search bad sort direction", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{SortBy: []stac.SortBy{{Field: "datetime", Direction: "up"}}}, nil).NextPage(ctx)
			return err
		}},
		{"Search bad datetime interval", func() error {
			for _, err := range s.SearchItems(ctx, &stac.SearchRequest{Datetime: "2021-01-01T00:00:00Z/nope"}, nil) {
				return err
			}
			return nil
		}},
		{"Search negative MaxItems", func() error {
			_, err := s.NewSearchPager(nil, &geocatalog.SearchOptions{MaxItems: -1}).NextPage(ctx)
			return err
		}},
		{"Search query not an object", func() error {
			_, err := s.NewSearchPager(&stac.SearchRequest{Query: map[string]any{"eo:cloud_cover": 5}}, nil).NextPage(ctx)
			return err
		}},
		{"SAS token negative duration", func() error {
			_, err := sas.GetToken(ctx, "col", &geocatalog.GetTokenOptions{Duration: -time.Minute})
			return err
		}},
		{"SAS sign relative href", func() error { _, err := sas.Sign(ctx, "/a/b.tif", nil); return err }},
		{"SignItem without collection", func() error {
			it := good()
			it.Collection = ""
			it.Assets = map[string]*stac.Asset{"a": {Href: "https://acct.blob.core.windows.net/c/a.tif"}}
			_, err := sas.SignItem(ctx, it, nil)
			return err
		}},
		{"CreateSource no SAS token", func() error {
			_, err := in.CreateSource(ctx, geocatalog.IngestionSource{Kind: geocatalog.IngestionSourceKindSASToken, ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://a.blob.core.windows.net/c"}}, nil)
			return err
		}},
		{"CreateSource container URL with query", func() error {
			_, err := in.CreateSource(ctx, geocatalog.IngestionSource{Kind: geocatalog.IngestionSourceKindSASToken, ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://a.blob.core.windows.net/c?sig=x", SASToken: "sv=1&sig=y"}}, nil)
			return err
		}},
		{"CreateSource unknown kind", func() error {
			_, err := in.CreateSource(ctx, geocatalog.IngestionSource{Kind: "Ftp", ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://a.blob.core.windows.net/c"}}, nil)
			return err
		}},
		{"CreateSource id not a UUID", func() error {
			_, err := in.CreateSource(ctx, geocatalog.IngestionSource{ID: "x", Kind: geocatalog.IngestionSourceKindBlobManagedIdentity, ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: "https://a.blob.core.windows.net/c", ObjectID: "o"}}, nil)
			return err
		}},
		{"CreateIngestion relative catalog URL", func() error {
			_, err := in.CreateIngestion(ctx, "col", geocatalog.Ingestion{SourceCatalogURL: "catalog.json"}, nil)
			return err
		}},
		{"ListOperations negative top", func() error {
			_, err := in.NewListOperationsPager(&geocatalog.ListOperationsOptions{PageOptions: geocatalog.PageOptions{Top: -1}}).NextPage(ctx)
			return err
		}},
		{"GetRun empty run id", func() error { _, err := in.GetRun(ctx, "col", "ing", "", nil); return err }},
		{"Mosaic id with leading dash", func() error {
			_, err := s.CreateMosaic(ctx, "col", geocatalog.Mosaic{ID: "-m", Name: "m"}, nil)
			return err
		}},
		{"RenderOption min zoom 30", func() error {
			z := 30
			_, err := s.CreateRenderOption(ctx, "col", geocatalog.RenderOption{ID: "r", Name: "r", MinZoom: &z}, nil)
			return err
		}},
		{"TileSettings zero max items", func() error {
			_, err := s.ReplaceTileSettings(ctx, "col", geocatalog.TileSettings{MinZoom: 4}, nil)
			return err
		}},
		{"PartitionType unknown scheme", func() error {
			_, err := s.ReplacePartitionType(ctx, "col", geocatalog.PartitionType{Scheme: "week"}, nil)
			return err
		}},
		{"Queryable bad data type", func() error {
			_, err := s.ReplaceQueryable(ctx, "col", geocatalog.Queryable{Name: "x", Definition: geocatalog.QueryableDefinition{DataType: "blob"}}, nil)
			return err
		}},
		{"CollectionAsset without key", func() error {
			_, err := s.CreateCollectionAsset(ctx, "col", map[string]any{"href": "x"}, geocatalog.CollectionAssetFile{Body: streaming.NopCloser(strings.NewReader("x"))}, nil)
			return err
		}},
		{"resume token of another endpoint", func() error {
			tok := `{"type":"DeleteItemResponse","token":{"origin":"https://other.geocatalog.spatio.azure.com","pollURL":"https://other.geocatalog.spatio.azure.com/inma/operations/1?api-version=2026-04-15"}}`
			_, err := s.BeginDeleteItem(ctx, "", "", &geocatalog.BeginDeleteItemOptions{ResumeToken: tok})
			return err
		}},
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
	cat := srv.DefaultCatalog()
	cat.ResetStats()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := cat.Stats().Total
			err := tc.call()
			var ia *geocatalog.InvalidArgumentError
			var ue *geocatalog.UnsafeURLError
			if !errors.As(err, &ia) && !errors.As(err, &ue) {
				t.Fatalf("got %T %v, want *InvalidArgumentError or *UnsafeURLError", err, err)
			}
			if after := cat.Stats().Total; after != before {
				t.Errorf("%d request(s) reached the emulator", after-before)
			}
		})
	}
	if total := cat.Stats().Total; total != 0 {
		t.Errorf("%d requests in all", total)
	}
}
