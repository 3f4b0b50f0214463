package geocatalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// TestCollectionConfigurationAndAssets covers queryables, mosaics, render
// options, tile settings, collection assets and the thumbnail.
func TestCollectionConfigurationAndAssets(t *testing.T) {
	_, client := newEmulator(t, nil)
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("cfg"), nil)).done(t)

	// Queryables.
	created, err := s.CreateQueryables(ctx, "cfg", []geocatalog.Queryable{{Name: "eo:cloud_cover", Definition: geocatalog.QueryableDefinition{DataType: "number", Description: "cloud"}}}, nil)
	if err != nil || len(created.Queryables) != 1 {
		t.Fatalf("CreateQueryables %v %v", created, err)
	}
	if _, err := s.ReplaceQueryable(ctx, "cfg", geocatalog.Queryable{Name: "test:property", Definition: geocatalog.QueryableDefinition{DataType: "string"}}, nil); err != nil {
		t.Fatal(err)
	}
	q, err := s.GetCollectionQueryables(ctx, "cfg", nil)
	if err != nil {
		t.Fatal(err)
	}
	props, err := q.Properties()
	if err != nil || props["eo:cloud_cover"] == nil || props["test:property"] == nil {
		t.Errorf("queryables %s %v", q.Schema, err)
	}
	if _, err := s.DeleteQueryable(ctx, "cfg", "test:property", nil); err != nil {
		t.Fatal(err)
	}
	q, _ = s.GetCollectionQueryables(ctx, "cfg", nil)
	if props, _ := q.Properties(); props["test:property"] != nil {
		t.Error("deleted queryable still listed")
	}
	if all, err := s.ListQueryables(ctx, nil); err != nil || len(all.Schema) == 0 {
		t.Errorf("ListQueryables %v", err)
	}

	// Mosaics.
	m, err := s.CreateMosaic(ctx, "cfg", geocatalog.Mosaic{ID: "recent", Name: "Recent", CQL: []json.RawMessage{json.RawMessage(`{"op":">=","args":[{"property":"datetime"},"2020-01-01T00:00:00Z"]}`)}}, nil)
	if err != nil || m.ID != "recent" || len(m.CQL) != 1 {
		t.Fatalf("CreateMosaic %+v %v", m, err)
	}
	m.Description = "updated"
	if m2, err := s.ReplaceMosaic(ctx, "cfg", m.Mosaic, nil); err != nil || m2.Description != "updated" {
		t.Errorf("ReplaceMosaic %+v %v", m2, err)
	}
	if got, err := s.GetMosaic(ctx, "cfg", "recent", nil); err != nil || got.Description != "updated" {
		t.Errorf("GetMosaic %+v %v", got, err)
	}
	if list, err := s.ListMosaics(ctx, "cfg", nil); err != nil || len(list.Mosaics) == 0 {
		t.Errorf("ListMosaics %v %v", list, err)
	}
	if _, err := s.DeleteMosaic(ctx, "cfg", "recent", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetMosaic(ctx, "cfg", "recent", nil); !geocatalog.IsNotFound(err) {
		t.Errorf("deleted mosaic: %v", err)
	}

	// Render options.
	zoom := 8
	ro, err := s.CreateRenderOption(ctx, "cfg", geocatalog.RenderOption{ID: "natural", Name: "Natural color", Type: "raster-tile", Options: "assets=image&asset_bidx=image|1,2,3", MinZoom: &zoom}, nil)
	if err != nil || ro.ID != "natural" {
		t.Fatalf("CreateRenderOption %+v %v", ro, err)
	}
	ro.Name = "Natural"
	if _, err := s.ReplaceRenderOption(ctx, "cfg", ro.RenderOption, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.GetRenderOption(ctx, "cfg", "natural", nil); err != nil || got.Name != "Natural" || got.MinZoom == nil || *got.MinZoom != 8 {
		t.Errorf("GetRenderOption %+v %v", got, err)
	}
	if list, err := s.ListRenderOptions(ctx, "cfg", nil); err != nil || len(list.RenderOptions) != 1 {
		t.Errorf("ListRenderOptions %v %v", list, err)
	}
	if _, err := s.DeleteRenderOption(ctx, "cfg", "natural", nil); err != nil {
		t.Fatal(err)
	}

	// Tile settings and the whole configuration.
	ts, err := s.ReplaceTileSettings(ctx, "cfg", geocatalog.TileSettings{MinZoom: 6, MaxItemsPerTile: 35}, nil)
	if err != nil || ts.MaxItemsPerTile != 35 {
		t.Fatalf("ReplaceTileSettings %+v %v", ts, err)
	}
	if got, err := s.GetTileSettings(ctx, "cfg", nil); err != nil || got.MinZoom != 6 {
		t.Errorf("GetTileSettings %+v %v", got, err)
	}
	conf, err := s.GetCollectionConfiguration(ctx, "cfg", nil)
	if err != nil || conf.TileSettings.MaxItemsPerTile != 35 {
		t.Errorf("GetCollectionConfiguration %+v %v", conf, err)
	}

	// Collection assets (multipart) and the thumbnail.
	png := "\x89PNG fake thumbnail"
	col, err := s.CreateCollectionAsset(ctx, "cfg", map[string]any{"key": "thumbnail", "type": "image/png", "roles": []string{"thumbnail"}, "title": "Thumb", "href": "https://example.com/ignored.png"},
		geocatalog.CollectionAssetFile{Body: streaming.NopCloser(strings.NewReader(png)), Filename: "thumb.png", ContentType: "image/png"}, nil)
	if err != nil || col.Assets["thumbnail"] == nil {
		t.Fatalf("CreateCollectionAsset %+v %v", col.Assets, err)
	}
	th, err := s.GetCollectionThumbnail(ctx, "cfg", nil)
	if err != nil || th.Body == nil {
		t.Fatalf("thumbnail %v", err)
	}
	b, _ := io.ReadAll(th.Body)
	th.Body.Close()
	if string(b) != png || !strings.HasPrefix(th.ContentType, "image/png") {
		t.Errorf("thumbnail %q %q", b, th.ContentType)
	}
	if _, err := s.ReplaceCollectionAsset(ctx, "cfg", "thumbnail", map[string]any{"type": "image/png", "roles": []string{"thumbnail"}},
		geocatalog.CollectionAssetFile{Body: streaming.NopCloser(strings.NewReader("v2"))}, nil); err != nil {
		t.Fatal(err)
	}
	deleted, err := s.DeleteCollectionAsset(ctx, "cfg", "thumbnail", nil)
	if err != nil || deleted.Assets["thumbnail"] != nil {
		t.Errorf("DeleteCollectionAsset %+v %v", deleted.Assets, err)
	}
}

// TestPreviewAPIVersion runs STAC, SAS and ingestion calls with
// api-version 2025-04-30-preview.
func TestPreviewAPIVersion(t *testing.T) {
	srv := geocatalogtest.NewServer(nil)
	t.Cleanup(srv.Close)
	opts := srv.ClientOptions()
	opts.APIVersion = geocatalog.APIVersion2025Preview
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("prev"), nil)).done(t)
	it := newItem("p1", "prev", 1, 1, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), nil)
	await(s.BeginCreateItem(ctx, "prev", it, nil)).done(t)
	n := 0
	for _, err := range s.SearchItems(ctx, &stac.SearchRequest{Collections: []string{"prev"}}, &geocatalog.SearchOptions{Sign: &geocatalog.SignOption{Duration: time.Minute}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d items", n)
	}
	if _, err := client.SAS().GetToken(ctx, "prev", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Ingestion().NewListOperationsPager(nil).NextPage(ctx); err != nil {
		t.Fatal(err)
	}
	for _, e := range srv.DefaultCatalog().Exchanges() {
		if e.Status >= 400 {
			t.Errorf("%s %s answered %d", e.Method, e.Path, e.Status)
		}
	}
}

// TestAccessErrors: a principal without a role gets 403, a token of another
// tenant 401; neither error text holds the token.
func TestAccessErrors(t *testing.T) {
	srv := geocatalogtest.NewServer(nil)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	cat := srv.DefaultCatalog()
	reader := geocatalogtest.Principal{TenantID: cat.TenantID, ObjectID: "reader-1"}
	cat.Grant("reader-1", geocatalogtest.RoleReader)
	rc, err := geocatalog.NewClient(srv.URL, srv.NewCredential(reader), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rc.STAC().NewListCollectionsPager(nil).NextPage(ctx); err != nil {
		t.Fatalf("reader list: %v", err)
	}
	_, err = await(rc.STAC().BeginCreateCollection(ctx, testCollection("nope"), nil)).result()
	if !geocatalog.IsForbidden(err) {
		t.Errorf("reader write: %v, want 403", err)
	}
	cat.Revoke("reader-1")
	if _, err := rc.STAC().NewListCollectionsPager(nil).NextPage(ctx); !geocatalog.IsForbidden(err) {
		t.Errorf("revoked reader: %v, want 403", err)
	}
	foreign := geocatalogtest.Principal{TenantID: "00000000-0000-0000-0000-0000000000ff", ObjectID: "stranger"}
	fcred := srv.NewCredential(foreign)
	fc, _ := geocatalog.NewClient(srv.URL, fcred, srv.ClientOptions())
	_, err = fc.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	if !geocatalog.IsUnauthorized(err) {
		t.Errorf("foreign tenant: %v, want 401", err)
	}
	tok, _ := fcred.GetToken(ctx, policyOpts())
	if tok.Token != "" && strings.Contains(err.Error(), tok.Token) {
		t.Error("token in error text")
	}
	var oe *geocatalog.OperationError
	if errors.As(err, &oe) {
		t.Error("401 classified as an operation error")
	}
}
