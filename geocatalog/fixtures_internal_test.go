package geocatalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

const examplesDir = "../../shared/spec/examples/stable-2026-04-15"

type fixture struct {
	Name       string
	Parameters map[string]json.RawMessage `json:"parameters"`
	Responses  map[string]struct {
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"responses"`
}

func loadFixture(t *testing.T, name string) *fixture {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(examplesDir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{Name: name}
	if err := json.Unmarshal(b, fx); err != nil {
		t.Fatal(err)
	}
	return fx
}

func (fx *fixture) param(t *testing.T, name string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(fx.Parameters[name], &s); err != nil {
		t.Fatalf("%s: parameter %s: %v", fx.Name, name, err)
	}
	return s
}

// primary returns the lowest success status of the example and its answer.
func (fx *fixture) primary() (int, map[string]string, json.RawMessage) {
	codes := make([]int, 0, len(fx.Responses))
	for k := range fx.Responses {
		n, _ := strconv.Atoi(k)
		codes = append(codes, n)
	}
	sort.Ints(codes)
	r := fx.Responses[strconv.Itoa(codes[0])]
	return codes[0], r.Headers, r.Body
}

// dataFixtures are the tiler examples, tested by DATA's data*_test.go.
var dataFixtures = map[string]bool{
	"CollectionMosaicsInfo_Get": true, "CollectionMosaicsStatistics_Get": true, "CollectionMosaicsTileJson_Get": true,
	"MapsClassmapLegends_Get": true, "MapsIntervalLegends_GetByClassMapName": true, "MosaicCollectionsPoint_GetPoint": true,
	"MosaicItemsAssetStatistics_GetAll": true, "MosaicItemsBounds_GetAll": true, "MosaicItemsInfo_Get": true,
	"MosaicItemsTileJson_Get": true, "MosaicsRegisterSearch_Register": true, "TileMatrixDefinitions_Get": true,
	"TileMatrixList_Get": true,
}

// fixtureCase drives one example through the public API. call returns the
// decoded answer (nil when there is nothing to compare) and whether the
// comparison is strict (byte-for-byte JSON equal after normalising) or
// lenient (absent members equal zero values, times compared as instants).
type fixtureCase struct {
	method, path string
	call         func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error)
}

func decodeParam[T any](t *testing.T, fx *fixture, name string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(fx.Parameters[name], &v); err != nil {
		t.Fatalf("%s: %s: %v", fx.Name, name, err)
	}
	return v
}

func pollDone[T any](ctx context.Context, p *runtime.Poller[T], err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	return p.PollUntilDone(ctx, &runtime.PollUntilDoneOptions{Frequency: time.Millisecond})
}

var fixtureCases = map[string]fixtureCase{
	"IngestionOperations_Delete": {"DELETE", "/inma/operations/9bb31abd-91d6-4649-9c6f-beadbec7c622", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		_, err := c.Ingestion().CancelOperation(ctx, fx.param(t, "operationId"), nil)
		return nil, false, err
	}},
	"IngestionOperations_DeleteAll": {"DELETE", "/inma/operations", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		_, err := c.Ingestion().CancelAllOperations(ctx, nil)
		return nil, false, err
	}},
	"IngestionOperations_ListAll": {"GET", "/inma/operations", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		p := c.Ingestion().NewListOperationsPager(&ListOperationsOptions{CollectionID: fx.param(t, "collectionId")})
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, false, err
		}
		// The example's nextLink (https://example.com/nextLink) is not under an
		// API root: following it must be refused without a request.
		if !p.More() {
			t.Error("pager stopped before the nextLink")
		}
		var ue *UnsafeURLError
		if _, err := p.NextPage(ctx); !errors.As(err, &ue) {
			t.Errorf("following https://example.com/nextLink: got %v, want *UnsafeURLError", err)
		}
		if !page.Value[0].Status.IsSucceeded() || page.Value[0].StatusHistory[2].Status != "Finished" {
			t.Errorf("status %q not understood as success", page.Value[0].Status)
		}
		return page, false, nil
	}},
	"IngestionRuns_Create": {"POST", "/inma/collections/collectionId/ingestions/64224dad-2778-409e-95b1-0675522bbaa4/runs", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.Ingestion().CreateRun(ctx, fx.param(t, "collectionId"), fx.param(t, "ingestionId"), nil)
		return r, false, err
	}},
	"IngestionRuns_Get": {"GET", "/inma/collections/weather-sample/ingestions/94659cc0-538e-4688-9d01-8c7f464b885b/runs/23e710f1-d004-4dbc-84b0-259398ef7bab", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.Ingestion().GetRun(ctx, fx.param(t, "collectionId"), fx.param(t, "ingestionId"), fx.param(t, "runId"), nil)
		if err == nil && !r.Operation.Status.IsSucceeded() {
			t.Errorf("run status %q not a success", r.Operation.Status)
		}
		return r, false, err
	}},
	"IngestionSources_Create": {"POST", "/inma/ingestion-sources", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		src := decodeParam[IngestionSource](t, fx, "body")
		r, err := c.Ingestion().CreateSource(ctx, src, nil)
		return r, false, err
	}},
	"IngestionSources_Delete": {"DELETE", "/inma/ingestion-sources/00000000-0000-0000-0000-000000000000", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		_, err := c.Ingestion().DeleteSource(ctx, fx.param(t, "id"), nil)
		return nil, false, err
	}},
	"IngestionSources_Get": {"GET", "/inma/ingestion-sources/00000000-0000-0000-0000-000000000000", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.Ingestion().GetSource(ctx, fx.param(t, "id"), nil)
		return r, false, err
	}},
	"Ingestions_Delete": {"DELETE", "/inma/collections/naip-atl/ingestions/00000000-0000-0000-0000-000000000000", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		p, err := c.Ingestion().BeginDeleteIngestion(ctx, fx.param(t, "collectionId"), fx.param(t, "ingestionId"), nil)
		res, err := pollDone(ctx, p, err)
		if err == nil && res.Operation.Type != "DeleteIngestion" {
			t.Errorf("final operation type %q", res.Operation.Type)
		}
		return nil, false, err
	}},
	"Ingestions_Get": {"GET", "/inma/collections/naip-atl/ingestions/00000000-0000-0000-0000-000000000000", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.Ingestion().GetIngestion(ctx, fx.param(t, "collectionId"), fx.param(t, "ingestionId"), nil)
		return r, false, err
	}},
	"Sas_GetSign": {"GET", "/sas/sign", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.SAS().Sign(ctx, fx.param(t, "href"), nil)
		return r, false, err
	}},
	"Sas_GetToken": {"GET", "/sas/token/weather-sample", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.SAS().GetToken(ctx, fx.param(t, "collectionId"), nil)
		return r, false, err
	}},
	"StacCollectionAssets_Create": {"POST", "/stac/collections/naip-atl/assets", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		data := decodeParam[map[string]any](t, fx, "data_decoded")
		r, err := c.STAC().CreateCollectionAsset(ctx, fx.param(t, "collectionId"), data, CollectionAssetFile{Body: streaming.NopCloser(strings.NewReader(fx.param(t, "file"))), ContentType: "text/plain"}, nil)
		return &r.Collection, true, err
	}},
	"StacCollectionAssets_Delete": {"DELETE", "/stac/collections/naip-atl/assets/test-asset", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().DeleteCollectionAsset(ctx, fx.param(t, "collectionId"), fx.param(t, "assetId"), nil)
		return &r.Collection, true, err
	}},
	"StacCollectionAssets_Replace": {"PUT", "/stac/collections/naip-atl/assets/test-asset", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		data := decodeParam[map[string]any](t, fx, "data_decoded")
		r, err := c.STAC().ReplaceCollectionAsset(ctx, fx.param(t, "collectionId"), fx.param(t, "assetId"), data, CollectionAssetFile{Body: streaming.NopCloser(strings.NewReader(fx.param(t, "file")))}, nil)
		return &r.Collection, true, err
	}},
	"StacCollectionMosaics_Add": {"POST", "/stac/collections/36fcb8da-9b15-49e0-b400-0d2e751e2061/configurations/mosaics", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().CreateMosaic(ctx, fx.param(t, "collectionId"), decodeParam[Mosaic](t, fx, "body"), nil)
		return r, false, err
	}},
	"StacCollectionMosaics_GetAll": {"GET", "/stac/collections/c1007ec2-3ddc-4335-9edd-b1c26b1b4c92/configurations/mosaics", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().ListMosaics(ctx, fx.param(t, "collectionId"), nil)
		return r.Mosaics, false, err
	}},
	"StacCollectionOperations_GetAll": {"GET", "/stac/collections", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().NewListCollectionsPager(nil).NextPage(ctx)
		return &r.CollectionList, true, err
	}},
	"StacCollectionPartitionTypes_Get": {"GET", "/stac/collections/naip/configurations/partition-type", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetPartitionType(ctx, fx.param(t, "collectionId"), nil)
		return r, false, err
	}},
	"StacCollectionPartitionTypes_Replace": {"PUT", "/stac/collections/test-partition-type-collection/configurations/partition-type", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		_, err := c.STAC().ReplacePartitionType(ctx, fx.param(t, "collectionId"), decodeParam[PartitionType](t, fx, "body"), nil)
		return nil, false, err
	}},
	"StacCollectionRenderOptions_Create": {"POST", "/stac/collections/naip-atl/configurations/render-options", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().CreateRenderOption(ctx, fx.param(t, "collectionId"), decodeParam[RenderOption](t, fx, "body"), nil)
		return r, false, err
	}},
	"StacCollectionRenderOptions_Replace": {"PUT", "/stac/collections/naip-atl/configurations/render-options/test-natural-color", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().ReplaceRenderOption(ctx, fx.param(t, "collectionId"), decodeParam[RenderOption](t, fx, "body"), nil)
		return r, false, err
	}},
	"StacCollectionTileSettings_Get": {"GET", "/stac/collections/naip-atl/configurations/tile-settings", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetTileSettings(ctx, fx.param(t, "collectionId"), nil)
		return r, false, err
	}},
	"StacCollections_Create": {"POST", "/stac/collections", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		col := decodeParam[stac.Collection](t, fx, "body")
		p, err := c.STAC().BeginCreateCollection(ctx, &col, nil)
		res, err := pollDone(ctx, p, err)
		if err == nil && res.Operation.ID != "00000000-0000-0000-0000-000000000000" {
			t.Errorf("final operation %+v", res.Operation)
		}
		return nil, false, err
	}},
	"StacCollections_CreateOrReplace": {"PUT", "/stac/collections/test-collection-lifecycle", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		col := decodeParam[stac.Collection](t, fx, "body")
		p, err := c.STAC().BeginReplaceCollection(ctx, fx.param(t, "collectionId"), &col, nil)
		res, err := pollDone(ctx, p, err)
		if err != nil {
			return nil, false, err
		}
		if res.Collection == nil || !res.Operation.Status.IsSucceeded() {
			t.Fatalf("synchronous 200 not understood: %+v", res)
		}
		return res.Collection, true, nil
	}},
	"StacCollections_Get": {"GET", "/stac/collections/naip-atl", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetCollection(ctx, fx.param(t, "collectionId"), nil)
		return &r.Collection, true, err
	}},
	"StacCollections_Replace": {"PUT", "/stac/collections/test-collection-lifecycle", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		col := decodeParam[stac.Collection](t, fx, "body")
		p, err := c.STAC().BeginReplaceCollection(ctx, fx.param(t, "collectionId"), &col, nil)
		res, err := pollDone(ctx, p, err)
		if err != nil {
			return nil, false, err
		}
		return res.Collection, true, nil
	}},
	"StacConformanceClass_Get": {"GET", "/stac/conformance", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetConformance(ctx, nil)
		return r, true, err
	}},
	"StacItems_Create": {"POST", "/stac/collections/naip-atl/items", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		item := decodeParam[stac.Item](t, fx, "body")
		p, err := c.STAC().BeginCreateItem(ctx, fx.param(t, "collectionId"), &item, nil)
		res, err := pollDone(ctx, p, err)
		if err == nil && res.Operation.Type != "AddItem" {
			t.Errorf("final operation type %q", res.Operation.Type)
		}
		return nil, false, err
	}},
	"StacItems_Delete": {"DELETE", "/stac/collections/naip-atl/items/ga_m_3308421_se_16_060_20211114_delete_test", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		p, err := c.STAC().BeginDeleteItem(ctx, fx.param(t, "collectionId"), fx.param(t, "itemId"), nil)
		_, err = pollDone(ctx, p, err)
		return nil, false, err
	}},
	"StacItems_Get": {"GET", "/stac/collections/example-collection/items/S2A_MSIL2A_20231017T013651_R117_T53SPA_20231017T053413", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetItem(ctx, fx.param(t, "collectionId"), fx.param(t, "itemId"), nil)
		return &r.Item, true, err
	}},
	"StacQueryables_CreateOrReplace": {"PUT", "/stac/collections/36fcb8da-9b15-49e0-b400-0d2e751e2061/queryables/naip%3Astate", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().ReplaceQueryable(ctx, fx.param(t, "collectionId"), decodeParam[Queryable](t, fx, "body"), nil)
		return r, false, err
	}},
	"StacQueryables_Delete": {"DELETE", "/stac/collections/naip-atl/queryables/test%3Aproperty", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		_, err := c.STAC().DeleteQueryable(ctx, fx.param(t, "collectionId"), "test:property", nil)
		return nil, false, err
	}},
	"StacQueryables_GetAll": {"GET", "/stac/queryables", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().ListQueryables(ctx, nil)
		return r.Schema, true, err
	}},
	"StacQueryables_GetAllByCollection": {"GET", "/stac/collections/naip-atl/queryables", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		r, err := c.STAC().GetCollectionQueryables(ctx, fx.param(t, "collectionId"), nil)
		if err == nil {
			props, perr := r.Properties()
			if perr != nil || props["eo:cloud_cover"] == nil {
				t.Errorf("Properties: %v %v", props, perr)
			}
		}
		return r.Schema, true, err
	}},
	// The example is GET /stac/search; the SDK searches with POST, and the
	// answer (an ItemCollection) is the same.
	"StacSearchOperations_Get": {"POST", "/stac/search", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		p := c.STAC().NewSearchPager(&stac.SearchRequest{}, nil)
		page, err := p.NextPage(ctx)
		return &page.ItemCollection, true, err
	}},
	"StacSearch_Create": {"POST", "/stac/search", func(ctx context.Context, t *testing.T, c *Client, fx *fixture) (any, bool, error) {
		req := decodeParam[stac.SearchRequest](t, fx, "body")
		p := c.STAC().NewSearchPager(&req, nil)
		page, err := p.NextPage(ctx)
		if err == nil && p.More() {
			t.Error("pager reports more pages without a next link")
		}
		return &page.ItemCollection, true, err
	}},
}

// TestFixtures drives every recorded example (except the tiler ones, which
// DATA tests) through the public API against a server answering the
// recorded response: the request must match the example's path and body,
// and the decoded answer must encode back to the example's body.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if dataFixtures[name] {
			continue
		}
		tc, ok := fixtureCases[name]
		if !ok {
			t.Errorf("example %s has no fixture case", name)
			continue
		}
		t.Run(name, func(t *testing.T) { runFixture(t, name, tc) })
	}
}

func runFixture(t *testing.T, name string, tc fixtureCase) {
	fx := loadFixture(t, name)
	if raw, ok := fx.Parameters["data"]; ok {
		var s string
		_ = json.Unmarshal(raw, &s)
		fx.Parameters["data_decoded"] = json.RawMessage(s)
	}
	status, headers, body := fx.primary()
	ts := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/inma/operations/") {
			var op Operation
			_ = json.Unmarshal(body, &op)
			op.Status = OperationStatusSucceeded
			writeJSON(w, http.StatusOK, op)
			return
		}
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		if len(body) > 0 && string(body) != "{}" || status == http.StatusOK && string(body) == "{}" && strings.Contains(name, "_Get") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write(body)
			return
		}
		w.WriteHeader(status)
	})
	c := newTestClient(t, ts, 0)
	got, strict, err := tc.call(context.Background(), t, c, fx)
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	reqs := ts.requests()
	if len(reqs) == 0 {
		t.Fatal("no request sent")
	}
	first := reqs[0]
	if first.Method != tc.method || first.Path != tc.path {
		t.Errorf("request %s %s, want %s %s", first.Method, first.Path, tc.method, tc.path)
	}
	if !strings.Contains(first.RawQuery, "api-version=2026-04-15") {
		t.Errorf("query %q lacks api-version", first.RawQuery)
	}
	if got := first.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization %q", got)
	}
	if !strings.HasPrefix(first.Header.Get("User-Agent"), "azsdk-go-geocatalog/"+ModuleVersion) {
		t.Errorf("User-Agent %q", first.Header.Get("User-Agent"))
	}
	for _, r := range reqs[1:] {
		if !strings.HasPrefix(r.Path, "/inma/operations/") {
			t.Errorf("unexpected extra request %s %s", r.Method, r.Path)
		}
	}
	if href, ok := fx.Parameters["href"]; ok {
		var h string
		_ = json.Unmarshal(href, &h)
		if q, _ := url.ParseQuery(first.RawQuery); q.Get("href") != h {
			t.Errorf("query %q lacks href %q", first.RawQuery, h)
		}
	}
	if want, ok := fx.Parameters["body"]; ok && tc.method != http.MethodGet {
		if msg := jsonDiff(want, first.Body, true); msg != "" {
			t.Errorf("request body differs from the example: %s\n got: %s", msg, first.Body)
		}
	}
	if want, ok := fx.Parameters["data_decoded"]; ok {
		checkMultipart(t, first, want, fx.param(t, "file"))
	}
	if got != nil && len(body) > 0 && string(body) != "{}" {
		enc, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("encode answer: %v", err)
		}
		if msg := jsonDiff(body, enc, strict); msg != "" {
			t.Errorf("answer does not round-trip: %s", msg)
		}
	}
}

func checkMultipart(t *testing.T, r recorded, wantData json.RawMessage, wantFile string) {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	parts := map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		parts[p.FormName()] = b
	}
	if msg := jsonDiff(wantData, parts["data"], true); msg != "" {
		t.Errorf("multipart data: %s", msg)
	}
	if string(parts["file"]) != wantFile {
		t.Errorf("multipart file %q, want %q", parts["file"], wantFile)
	}
}

// jsonDiff compares two JSON documents. strict: equal values, with numbers
// compared as numbers. Lenient: a member absent on one side equals a zero
// value (null, "", false, 0, [] or {}) on the other, and strings that are
// both RFC 3339 times compare as instants. It returns "" when equal.
func jsonDiff(want, got []byte, strict bool) string {
	var a, b any
	if err := json.Unmarshal(want, &a); err != nil {
		return "want: " + err.Error()
	}
	if err := json.Unmarshal(got, &b); err != nil {
		return "got: " + err.Error()
	}
	return diffValues("$", a, b, strict)
}

func isZeroJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case float64:
		return x == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func diffValues(path string, a, b any, strict bool) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: object vs %T", path, b)
		}
		keys := map[string]bool{}
		for k := range x {
			keys[k] = true
		}
		for k := range y {
			keys[k] = true
		}
		for k := range keys {
			av, aok := x[k]
			bv, bok := y[k]
			if aok != bok {
				if strict || !isZeroJSON(av) || !isZeroJSON(bv) {
					return fmt.Sprintf("%s.%s: present %v / %v", path, k, aok, bok)
				}
				continue
			}
			if d := diffValues(path+"."+k, av, bv, strict); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: array differs", path)
		}
		for i := range x {
			if d := diffValues(fmt.Sprintf("%s[%d]", path, i), x[i], y[i], strict); d != "" {
				return d
			}
		}
		return ""
	case string:
		y, ok := b.(string)
		if ok && x == y {
			return ""
		}
		if ok && !strict {
			ta, ea := time.Parse(time.RFC3339Nano, x)
			tb, eb := time.Parse(time.RFC3339Nano, y)
			if ea == nil && eb == nil && ta.Equal(tb) {
				return ""
			}
		}
		return fmt.Sprintf("%s: %q vs %v", path, x, b)
	default:
		if !reflect.DeepEqual(a, b) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		return ""
	}
}
