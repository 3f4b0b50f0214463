package geocatalogtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// fixture is a server with one collection holding one item, and tokens of
// every kind of caller.
type fixture struct {
	srv                                       *geocatalogtest.Server
	cat                                       *geocatalogtest.Catalog
	admin                                     *rawClient
	reader, noRole, foreign, expired, unknown string
	readerOID                                 string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := geocatalogtest.NewServer(nil)
	t.Cleanup(srv.Close)
	cat := srv.DefaultCatalog()
	f := &fixture{srv: srv, cat: cat, admin: newRaw(t, srv, cat), readerOID: "reader-oid"}
	tenant := cat.TenantID
	srv.Tokens().Add("tok-reader", geocatalogtest.Principal{TenantID: tenant, ObjectID: f.readerOID})
	cat.Grant(f.readerOID, geocatalogtest.RoleReader)
	srv.Tokens().Add("tok-norole", geocatalogtest.Principal{TenantID: tenant, ObjectID: "nobody"})
	srv.Tokens().Add("tok-foreign", geocatalogtest.Principal{TenantID: "other-tenant", ObjectID: "stranger"})
	srv.Tokens().AddExpiring("tok-expired", geocatalogtest.Principal{TenantID: tenant, ObjectID: f.readerOID}, time.Now().Add(-time.Minute))
	f.reader, f.noRole, f.foreign, f.expired, f.unknown = "tok-reader", "tok-norole", "tok-foreign", "tok-expired", "tok-unknown"
	f.admin.newCollection("coll")
	f.admin.mustSucceed(f.admin.do(http.MethodPost, "/stac/collections/coll/items", itemBody("coll", "item1", 10, 20, "2021-06-01T00:00:00Z", nil)))
	return f
}

// TestBehaviour drives the emulator with raw HTTP: status, error code and
// the headers every answer carries.
func TestBehaviour(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name   string
		token  string // "" = admin; "-" = none
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"no api-version", "", "GET", "/stac/collections?api-version=", nil, 400, "MissingApiVersionParameter"},
		{"unknown api-version", "", "GET", "/stac/collections?api-version=2020-01-01", nil, 400, "UnsupportedApiVersionValue"},
		{"preview api-version", "", "GET", "/stac/collections?api-version=2025-04-30-preview", nil, 200, ""},
		{"no token", "-", "GET", "/stac/collections", nil, 401, "Unauthorized"},
		{"unknown token", "tok-unknown", "GET", "/stac/collections", nil, 401, "InvalidAuthenticationToken"},
		{"expired token", "tok-expired", "GET", "/stac/collections", nil, 401, "InvalidAuthenticationToken"},
		{"wrong tenant", "tok-foreign", "GET", "/stac/collections", nil, 401, "InvalidAuthenticationTokenTenant"},
		{"no role", "tok-norole", "GET", "/stac/collections", nil, 403, "AuthorizationFailed"},
		{"reader reads", "tok-reader", "GET", "/stac/collections/coll/items/item1", nil, 200, ""},
		{"reader searches", "tok-reader", "POST", "/stac/search", map[string]any{"ids": []string{"item1"}}, 200, ""},
		{"reader gets sas", "tok-reader", "GET", "/sas/token/coll", nil, 200, ""},
		{"reader cannot create", "tok-reader", "POST", "/stac/collections", collectionBody("x1"), 403, "AuthorizationFailed"},
		{"reader cannot delete item", "tok-reader", "DELETE", "/stac/collections/coll/items/item1", nil, 403, "AuthorizationFailed"},
		{"reader cannot add source", "tok-reader", "POST", "/inma/ingestion-sources", map[string]any{}, 403, "AuthorizationFailed"},
		{"reader cannot revoke sas", "tok-reader", "POST", "/sas/token/revoke", nil, 403, "AuthorizationFailed"},
		{"landing", "", "GET", "/stac", nil, 200, ""},
		{"conformance", "", "GET", "/stac/conformance", nil, 200, ""},
		{"missing collection", "", "GET", "/stac/collections/nope", nil, 404, "NotFound"},
		{"missing item", "", "GET", "/stac/collections/coll/items/nope", nil, 404, "NotFound"},
		{"items of missing collection", "", "GET", "/stac/collections/nope/items", nil, 404, "NotFound"},
		{"unknown route", "", "GET", "/nothing/here", nil, 404, "NotFound"},
		{"collection exists", "", "POST", "/stac/collections", collectionBody("coll"), 409, "CollectionAlreadyExists"},
		{"collection without id", "", "POST", "/stac/collections", map[string]any{"description": "x"}, 400, "InvalidRequest"},
		{"collection body not JSON", "", "POST", "/stac/collections", "{", 400, "InvalidRequest"},
		{"item id mismatch", "", "PUT", "/stac/collections/coll/items/a", itemBody("coll", "b", 0, 0, "2021-01-01T00:00:00Z", nil), 400, "InvalidRequest"},
		{"item wrong collection", "", "POST", "/stac/collections/coll/items", itemBody("other", "b", 0, 0, "2021-01-01T00:00:00Z", nil), 400, "InvalidRequest"},
		{"item not a feature", "", "POST", "/stac/collections/coll/items", map[string]any{"type": "Point", "id": "z"}, 400, "InvalidRequest"},
		{"bad search bbox", "", "GET", "/stac/search?bbox=1,2,3", nil, 400, "InvalidRequest"},
		{"bad search limit", "", "POST", "/stac/search", map[string]any{"limit": 100000}, 400, "InvalidRequest"},
		{"missing operation", "", "GET", "/inma/operations/00000000-0000-0000-0000-000000000000", nil, 404, "NotFound"},
		{"sas for missing collection", "", "GET", "/sas/token/nope", nil, 404, "NotFound"},
		{"sign without href", "", "GET", "/sas/sign", nil, 400, "InvalidRequest"},
		{"bad $top", "", "GET", "/inma/operations?$top=x", nil, 400, "InvalidRequest"},
		{"queryables", "", "GET", "/stac/queryables", nil, 200, ""},
		{"configuration", "", "GET", "/stac/collections/coll/configurations", nil, 200, ""},
		{"configuration of missing collection", "", "GET", "/stac/collections/nope/configurations", nil, 404, "NotFound"},
		{"tiler placeholder", "", "GET", "/data/nothing", nil, 404, "NotFound"},
		// Paths http.ServeMux would redirect: the service has no such
		// route and answers 404 in its error shape (the redirect would
		// reach an existing route, /stac/conformance, and answer 200).
		{"trailing slash", "", "GET", "/stac/collections/", nil, 404, "NotFound"},
		{"trailing slash after item", "", "GET", "/stac/collections/coll/items/item1/", nil, 404, "NotFound"},
		{"empty segment", "", "GET", "/stac//conformance", nil, 404, "NotFound"},
		{"dot segment", "", "GET", "/stac/./conformance", nil, 404, "NotFound"},
		{"dot-dot segment", "", "GET", "/stac/collections/../conformance", nil, 404, "NotFound"},
		{"tiler root without slash", "", "GET", "/data", nil, 404, "NotFound"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := f.admin
			switch tc.token {
			case "":
			case "-":
				c = c.with("")
			default:
				c = c.with(tc.token)
			}
			res := c.doHeaders(tc.method, tc.path, tc.body, map[string]string{"x-ms-client-request-id": "req-" + tc.name})
			if res.status != tc.status {
				t.Fatalf("status %d, want %d: %s", res.status, tc.status, res.body)
			}
			if got := res.header.Get("X-Request-ID"); got != "req-"+tc.name {
				t.Errorf("X-Request-ID %q", got)
			}
			if !strings.Contains(res.header.Get("api-supported-versions"), "2026-04-15") {
				t.Errorf("api-supported-versions %q", res.header.Get("api-supported-versions"))
			}
			if tc.code == "" {
				return
			}
			if got := res.header.Get("x-ms-error-code"); got != tc.code {
				t.Errorf("x-ms-error-code %q, want %q", got, tc.code)
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(res.body, &e); err != nil || e.Error.Code != tc.code || e.Error.Message == "" {
				t.Errorf("error body %s", res.body)
			}
			if tc.status == 401 && res.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

// TestRequestIDGenerated: without x-ms-client-request-id, X-Request-ID is a fresh id.
func TestRequestIDGenerated(t *testing.T) {
	f := newFixture(t)
	a := f.admin.do("GET", "/stac/collections", nil).header.Get("X-Request-ID")
	b := f.admin.do("GET", "/stac/collections", nil).header.Get("X-Request-ID")
	if a == "" || a == b {
		t.Fatalf("request ids %q %q", a, b)
	}
}

// TestItemLifecycle: create, duplicate, replace, patch, delete, each an operation.
func TestItemLifecycle(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	res := c.do("POST", "/stac/collections/coll/items", itemBody("coll", "it", 1, 1, "2021-01-01T00:00:00Z", nil))
	if res.header.Get("Location") == "" || res.header.Get("Location") != res.header.Get("operation-location") {
		t.Fatalf("Location %q operation-location %q", res.header.Get("Location"), res.header.Get("operation-location"))
	}
	if !strings.HasPrefix(res.header.Get("Location"), f.cat.URL+"/inma/operations/") || !strings.HasSuffix(res.header.Get("Location"), "?api-version=2026-04-15") {
		t.Fatalf("Location %q", res.header.Get("Location"))
	}
	op := res.json(t)
	if op["status"] != "Pending" || op["type"] != "AddItem" || op["collectionId"] != "coll" {
		t.Fatalf("operation %v", op)
	}
	done := c.mustSucceed(res)
	hist := done["statusHistory"].([]any)
	if len(hist) != 3 || hist[1].(map[string]any)["status"] != "Running" {
		t.Fatalf("history %v", hist)
	}

	dup := c.wait(c.do("POST", "/stac/collections/coll/items", itemBody("coll", "it", 1, 1, "2021-01-01T00:00:00Z", nil)))
	if dup["status"] != "Failed" || dup["error"].(map[string]any)["code"] != "ItemAlreadyExistsInCollection" {
		t.Fatalf("duplicate create: %v", dup)
	}
	last := dup["statusHistory"].([]any)[2].(map[string]any)
	if last["errorCode"] != "ItemAlreadyExistsInCollection" || last["errorMessage"] == "" {
		t.Fatalf("history entry %v", last)
	}

	put := c.do("PUT", "/stac/collections/coll/items/it", itemBody("coll", "it", 2, 2, "2022-01-01T00:00:00Z", nil))
	if put.json(t)["type"] != "UpdateItem" {
		t.Fatalf("replace type %s", put.body)
	}
	c.mustSucceed(put)
	c.mustSucceed(c.do("PUT", "/stac/collections/coll/items/new", itemBody("coll", "new", 2, 2, "2022-01-01T00:00:00Z", nil)))
	if r := c.do("GET", "/stac/collections/coll/items/new", nil); r.status != 200 {
		t.Fatalf("replace did not create: %d", r.status)
	}

	c.mustSucceed(c.doHeaders("PATCH", "/stac/collections/coll/items/it", map[string]any{"properties": map[string]any{"gsd": 0.6}},
		map[string]string{"Content-Type": "application/merge-patch+json"}))
	got := c.do("GET", "/stac/collections/coll/items/it", nil).json(t)
	props := got["properties"].(map[string]any)
	if props["gsd"] != 0.6 || props["datetime"] != "2022-01-01T00:00:00Z" {
		t.Fatalf("patched properties %v", props)
	}
	for _, k := range []string{"_msft:ts", "_msft:etag", "links", "collection"} {
		if got[k] == nil {
			t.Errorf("stored item lacks %s", k)
		}
	}

	del := c.do("DELETE", "/stac/collections/coll/items/it", nil)
	if del.json(t)["type"] != "DeleteItem" {
		t.Fatalf("delete type %s", del.body)
	}
	c.mustSucceed(del)
	if r := c.do("GET", "/stac/collections/coll/items/it", nil); r.status != 404 {
		t.Fatalf("deleted item: %d", r.status)
	}
	gone := c.wait(c.do("DELETE", "/stac/collections/coll/items/it", nil))
	if gone["status"] != "Failed" || gone["error"].(map[string]any)["code"] != "NoRecordsToDelete" {
		t.Fatalf("delete missing: %v", gone)
	}
	nocoll := c.wait(c.do("POST", "/stac/collections/nope/items", itemBody("nope", "x", 0, 0, "2021-01-01T00:00:00Z", nil)))
	if nocoll["error"].(map[string]any)["code"] != "CollectionDoesNotExist" {
		t.Fatalf("missing collection: %v", nocoll)
	}
}

// TestItemCollectionCreate: a FeatureCollection body creates every feature
// in one operation; a failing feature fails the operation with details.
func TestItemCollectionCreate(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	fc := map[string]any{"type": "FeatureCollection", "features": []any{
		itemBody("coll", "b1", 0, 0, "2021-01-01T00:00:00Z", nil),
		itemBody("coll", "b2", 0, 0, "2021-01-01T00:00:00Z", nil),
	}}
	c.mustSucceed(c.do("POST", "/stac/collections/coll/items", fc))
	for _, id := range []string{"b1", "b2"} {
		if r := c.do("GET", "/stac/collections/coll/items/"+id, nil); r.status != 200 {
			t.Fatalf("%s: %d", id, r.status)
		}
	}
	fc["features"] = []any{itemBody("coll", "b1", 0, 0, "2021-01-01T00:00:00Z", nil), itemBody("coll", "b3", 0, 0, "2021-01-01T00:00:00Z", nil)}
	op := c.wait(c.do("POST", "/stac/collections/coll/items", fc))
	e := op["error"].(map[string]any)
	if op["status"] != "Failed" || e["code"] != "ErrorsInBatchOperation" || len(e["details"].([]any)) != 1 {
		t.Fatalf("batch: %v", op)
	}
	if r := c.do("GET", "/stac/collections/coll/items/b3", nil); r.status != 200 {
		t.Fatalf("b3 not created: %d", r.status)
	}
}

// TestCollectionLifecycle: PUT on an existing collection answers 200 with
// it, PUT on a new one and DELETE are operations.
func TestCollectionLifecycle(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	body := collectionBody("coll")
	body["description"] = "updated"
	res := c.do("PUT", "/stac/collections/coll", body)
	if res.status != 200 || res.json(t)["description"] != "updated" {
		t.Fatalf("replace: %d %s", res.status, res.body)
	}
	res = c.do("PUT", "/stac/collections/fresh", collectionBody("fresh"))
	if res.json(t)["type"] != "AddCollection" {
		t.Fatalf("put new: %s", res.body)
	}
	c.mustSucceed(res)
	del := c.do("DELETE", "/stac/collections/fresh", nil)
	if del.json(t)["type"] != "DeleteCollection" {
		t.Fatalf("delete: %s", del.body)
	}
	c.mustSucceed(del)
	if r := c.do("GET", "/stac/collections/fresh", nil); r.status != 404 {
		t.Fatalf("deleted collection: %d", r.status)
	}
	list := c.do("GET", "/stac/collections", nil).json(t)
	if n := len(list["collections"].([]any)); n != 1 {
		t.Fatalf("%d collections", n)
	}
}

// TestOperationsListAndCancel: list filters and paging; cancel of a pending operation.
func TestOperationsListAndCancel(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	for i := range 3 {
		c.mustSucceed(c.do("PUT", "/stac/collections/coll/items/p"+string(rune('a'+i)), itemBody("coll", "p"+string(rune('a'+i)), 0, 0, "2021-01-01T00:00:00Z", nil)))
	}
	page := c.do("GET", "/inma/operations?collectionId=coll&$top=2", nil).json(t)
	if len(page["value"].([]any)) != 2 || page["nextLink"] == nil {
		t.Fatalf("page 1: %v", page)
	}
	next := strings.TrimPrefix(page["nextLink"].(string), f.cat.URL)
	page2 := c.do("GET", next, nil).json(t)
	// 1 collection create is not counted (filter by collectionId includes it: AddCollection has collectionId coll).
	if n := len(page2["value"].([]any)); n != 2 && n != 3 {
		t.Fatalf("page 2 has %d", n)
	}
	none := c.do("GET", "/inma/operations?collectionId=other", nil).json(t)
	if len(none["value"].([]any)) != 0 {
		t.Fatalf("filter: %v", none)
	}

	slow := f.srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "slow", OperationDelay: 5 * time.Second})
	sc := newRaw(t, f.srv, slow)
	res := sc.do("POST", "/stac/collections", collectionBody("late"))
	id := res.json(t)["id"].(string)
	if r := sc.do("DELETE", "/inma/operations/"+id, nil); r.status != 204 {
		t.Fatalf("cancel: %d %s", r.status, r.body)
	}
	op := sc.do("GET", "/inma/operations/"+id, nil).json(t)
	if op["status"] != "Canceled" {
		t.Fatalf("after cancel: %v", op)
	}
	if r := sc.do("DELETE", "/inma/operations", nil); r.status != 204 {
		t.Fatalf("cancel all: %d", r.status)
	}
}

// TestRevoke: a revoked principal gets 403 on its next request.
func TestRevoke(t *testing.T) {
	f := newFixture(t)
	r := f.admin.with(f.reader)
	if res := r.do("GET", "/stac/collections", nil); res.status != 200 {
		t.Fatalf("before: %d", res.status)
	}
	f.cat.Revoke(f.readerOID)
	if res := r.do("GET", "/stac/collections", nil); res.status != 403 {
		t.Fatalf("after revoke: %d", res.status)
	}
}

// TestTenants: two catalogs of two tenants; a token of one is 401 on the other.
func TestTenants(t *testing.T) {
	f := newFixture(t)
	other := f.srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "fabrikam", TenantID: "tenant-b"})
	oc := newRaw(t, f.srv, other)
	if res := oc.do("GET", "/stac/collections", nil); res.status != 200 {
		t.Fatalf("own tenant: %d", res.status)
	}
	if res := oc.with(f.admin.token).do("GET", "/stac/collections", nil); res.status != 401 {
		t.Fatalf("default catalog's token on tenant-b: %d", res.status)
	}
	st := other.Stats()
	if st.Tenants[f.cat.TenantID].Requests != 1 || st.Tenants["tenant-b"].Tokens != 1 {
		t.Fatalf("tenants %+v", st.Tenants)
	}
	if f.cat.Stats().Tenants["tenant-b"].Requests != 0 {
		t.Fatal("default catalog saw tenant-b tokens")
	}
}
