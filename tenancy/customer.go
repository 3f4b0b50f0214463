package tenancy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// Access is the access a customer granted on a collection.
type Access int

const (
	// AccessRead allows reading the collection: collection and item GETs,
	// searches, SAS tokens, tiles.
	AccessRead Access = iota + 1
	// AccessWrite allows reading and writing the collection.
	AccessWrite
)

// String returns "read" or "write".
func (a Access) String() string {
	switch a {
	case AccessRead:
		return "read"
	case AccessWrite:
		return "write"
	}
	return fmt.Sprintf("Access(%d)", int(a))
}

// MarshalJSON writes "read" or "write".
func (a Access) MarshalJSON() ([]byte, error) {
	if a != AccessRead && a != AccessWrite {
		return nil, fmt.Errorf("tenancy: invalid access %d", int(a))
	}
	return json.Marshal(a.String())
}

// UnmarshalJSON reads "read" or "write".
func (a *Access) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf(`access must be "read" or "write"`)
	}
	switch s {
	case "read":
		*a = AccessRead
	case "write":
		*a = AccessWrite
	default:
		return fmt.Errorf(`access %q is not "read" or "write"`, s)
	}
	return nil
}

// CollectionGrant is one collection a customer granted to the partner.
type CollectionGrant struct {
	// ID is the collection ID.
	ID string `json:"id"`
	// Access is read or write (write includes read).
	Access Access `json:"access"`
}

// Customer is one customer of the partner: a GeoCatalog in a tenant that
// consented to the partner app.
type Customer struct {
	// Name identifies the customer in the partner's records, logs and
	// errors. Unique in a registry.
	Name string `json:"name"`
	// TenantID is the customer's Entra tenant ID (a GUID).
	TenantID string `json:"tenantId"`
	// Endpoint is the customer's GeoCatalog URL,
	// https://{name}.{id}.{region}.geocatalog.spatio.azure.com.
	Endpoint string `json:"endpoint"`
	// Collections, when not empty, lists the only collections the
	// customer granted to the partner: the customer's client refuses every
	// other collection and confines searches to these. GeoCatalog has no
	// collection-level access control; this is enforced by the SDK.
	Collections []CollectionGrant `json:"collections,omitempty"`
}

// Scoped reports whether the customer granted specific collections only.
func (c Customer) Scoped() bool { return len(c.Collections) > 0 }

// Grant returns the access granted on collection: for an unscoped customer
// AccessWrite (the catalog's own role decides), for a scoped one the
// granted access, or 0.
func (c Customer) Grant(collection string) Access {
	if !c.Scoped() {
		return AccessWrite
	}
	for _, g := range c.Collections {
		if g.ID == collection {
			return g.Access
		}
	}
	return 0
}

// FieldError is an invalid field of a customer record or a configuration.
type FieldError struct {
	// Customer is the customer's name ("" when it has none, or for a
	// configuration).
	Customer string
	// Index is the record's position in a registry (from 0), or -1.
	Index int
	// Field is the JSON name of the field, e.g. "tenantId" or
	// "collections[2].access".
	Field string
	// Problem says what is wrong.
	Problem string
}

// Error names the customer (or its position) and the field.
func (e *FieldError) Error() string {
	who := ""
	switch {
	case e.Customer != "" && e.Index >= 0:
		who = fmt.Sprintf("customer %q (#%d): ", e.Customer, e.Index+1)
	case e.Customer != "":
		who = fmt.Sprintf("customer %q: ", e.Customer)
	case e.Index >= 0:
		who = fmt.Sprintf("customer #%d: ", e.Index+1)
	}
	return fmt.Sprintf("tenancy: %s%s: %s", who, e.Field, e.Problem)
}

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidateTenantID checks that id is a tenant GUID (not a domain name,
// "common" or "organizations", which client-credential grants refuse, and
// not the nil GUID).
func ValidateTenantID(id string) error {
	switch {
	case id == "":
		return fmt.Errorf("tenant ID is empty")
	case !guidPattern.MatchString(id):
		return fmt.Errorf("tenant ID %q is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", id)
	case id == "00000000-0000-0000-0000-000000000000":
		return fmt.Errorf("tenant ID is the nil GUID")
	}
	return nil
}

// collectionIDPattern: GeoCatalog collection IDs are letters, digits,
// '-', '_' and '.' (they appear in URL paths).
var collectionIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// Validate checks the record. The error is a *FieldError naming the
// customer and the field.
func (c Customer) Validate() error { return c.validate(-1) }

func (c Customer) validate(index int) error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Customer: c.Name, Index: index, Field: field, Problem: fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.TrimSpace(c.Name) == "":
		return bad("name", "is missing")
	case c.Name != strings.TrimSpace(c.Name):
		return bad("name", "has leading or trailing spaces")
	case len(c.Name) > 256:
		return bad("name", "is longer than 256 bytes")
	case strings.IndexFunc(c.Name, unicode.IsControl) >= 0:
		return bad("name", "contains control characters")
	}
	if err := ValidateTenantID(c.TenantID); err != nil {
		return bad("tenantId", "%v", err)
	}
	if err := validateEndpoint(c.Endpoint); err != nil {
		return bad("endpoint", "%v", err)
	}
	seen := map[string]bool{}
	for i, g := range c.Collections {
		field := fmt.Sprintf("collections[%d]", i)
		switch {
		case g.ID == "":
			return bad(field+".id", "is missing")
		case !collectionIDPattern.MatchString(g.ID):
			return bad(field+".id", "%q is not a collection ID (letters, digits, '.', '_', '-'; at most 128)", g.ID)
		case seen[g.ID]:
			return bad(field+".id", "collection %q is listed twice", g.ID)
		case g.Access == 0:
			return bad(field+".access", `is missing ("read" or "write")`)
		case g.Access != AccessRead && g.Access != AccessWrite:
			return bad(field+".access", `%v is not "read" or "write"`, g.Access)
		}
		seen[g.ID] = true
	}
	return nil
}

// validateEndpoint checks a catalog URL: https, a host, no credentials,
// path, query or fragment.
func validateEndpoint(endpoint string) error {
	if endpoint == "" {
		return fmt.Errorf("is missing")
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return fmt.Errorf("%q is not a URL", endpoint)
	}
	switch {
	case u.Scheme != "https":
		return fmt.Errorf("%q must be an https URL", u.Redacted())
	case u.Hostname() == "":
		return fmt.Errorf("%q has no host", u.Redacted())
	case u.User != nil:
		return fmt.Errorf("must not carry credentials")
	case u.Path != "" && u.Path != "/":
		return fmt.Errorf("%q must have no path (the catalog's base URL)", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("%q must have no query or fragment", u.Redacted())
	}
	return nil
}

// endpointKey normalises an endpoint for comparisons.
func endpointKey(endpoint string) string {
	return strings.ToLower(strings.TrimSuffix(endpoint, "/"))
}
