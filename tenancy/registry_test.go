package tenancy

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadRegistryGood(t *testing.T) {
	r, err := LoadRegistry(filepath.Join("testdata", "registry", "good.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 2 || strings.Join(r.Names(), ",") != "contoso,fabrikam" {
		t.Fatalf("customers %v", r.Names())
	}
	f, ok := r.Customer("Fabrikam")
	if !ok || !f.Scoped() || f.Grant("deliveries") != AccessWrite || f.Grant("sentinel-2-l2a") != AccessRead || f.Grant("landsat") != 0 {
		t.Fatalf("fabrikam %+v", f)
	}
	if c, _ := r.Customer("contoso"); c.Scoped() || c.Grant("anything") != AccessWrite {
		t.Fatalf("contoso %+v", c)
	}
	// Round trip through the file format.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := ParseRegistry(b)
	if err != nil || r2.Len() != 2 {
		t.Fatalf("round trip: %v", err)
	}
}

// TestLoadRegistryBad checks that every bad file gives an error naming the
// file, and where it applies the customer and the field, with a reason.
func TestLoadRegistryBad(t *testing.T) {
	cases := []struct {
		file string
		want []string // substrings of the error text
	}{
		{"empty.json", []string{"empty"}},
		{"syntax.json", []string{"line 2", "invalid character"}},
		{"top-array.json", []string{"top level must be an object", "not a JSON array"}},
		{"no-customers.json", []string{`unknown field "tenants"`}},
		{"empty-customers.json", []string{`"customers" is empty`}},
		{"missing-name.json", []string{"customer #1", "name: is missing"}},
		{"missing-tenant.json", []string{`customer "contoso"`, "tenantId", "empty"}},
		{"tenant-domain.json", []string{`customer "contoso"`, "tenantId", "not a GUID"}},
		{"tenant-common.json", []string{`customer "contoso"`, "tenantId", `"common" is not a GUID`}},
		{"tenant-number.json", []string{`customer "contoso"`, "tenantId", "string"}},
		{"nil-tenant.json", []string{`customer "contoso"`, "tenantId", "nil GUID"}},
		{"missing-endpoint.json", []string{`customer "contoso"`, "endpoint: is missing"}},
		{"endpoint-http.json", []string{`customer "contoso"`, "endpoint", "https"}},
		{"endpoint-path.json", []string{`customer "contoso"`, "endpoint", "no path"}},
		{"unknown-field.json", []string{`customer "contoso"`, "tenant", "unknown field"}},
		{"duplicate-name.json", []string{`customer "Contoso" (#2)`, "name", `duplicates customer #1 "contoso"`}},
		{"duplicate-endpoint.json", []string{`customer "fabrikam"`, "endpoint", `already the endpoint of customer "contoso"`}},
		{"bad-access.json", []string{`customer "contoso"`, "collections[0].access", `"admin" is not "read" or "write"`}},
		{"missing-access.json", []string{`customer "contoso"`, "collections[0].access", "missing"}},
		{"duplicate-collection.json", []string{`customer "contoso"`, "collections[1].id", "listed twice"}},
		{"bad-collection-id.json", []string{`customer "contoso"`, "collections[0].id", "not a collection ID"}},
		{"collections-object.json", []string{`customer "contoso"`, "collections", "array"}},
		{"trailing.json", []string{"line 2", "after the JSON value"}},
		{"truncated.json", []string{"ends too early"}},
		{"does-not-exist.json", []string{"no such file"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "registry", tc.file)
			r, err := LoadRegistry(path)
			if err == nil {
				t.Fatalf("loaded %d customers from a bad file", r.Len())
			}
			var re *RegistryError
			if !errors.As(err, &re) || re.Path != path {
				t.Fatalf("want *RegistryError for %s, got %T", path, err)
			}
			msg := err.Error()
			for _, w := range append(tc.want, tc.file) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			t.Log(msg)
		})
	}
}

func TestNewRegistryInCode(t *testing.T) {
	c := Customer{Name: "contoso", TenantID: "3F1C6A2E-8D4B-4C1A-9E5F-0A1B2C3D4E5F", Endpoint: "https://contoso.geocatalog.spatio.azure.com",
		Collections: []CollectionGrant{{ID: "landsat", Access: AccessRead}}}
	r, err := NewRegistry(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Collections[0].Access = AccessWrite // the registry keeps its own copy
	if got, _ := r.Customer("contoso"); got.Grant("landsat") != AccessRead {
		t.Fatal("registry shares the caller's slice")
	}
	_, err = NewRegistry(Customer{Name: "x", TenantID: "nope", Endpoint: "https://x.example"})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "tenantId" || fe.Customer != "x" {
		t.Fatalf("%v", err)
	}
}
