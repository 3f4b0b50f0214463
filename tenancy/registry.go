package tenancy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Registry is a validated set of customers, unique by name and by catalog
// endpoint. Load it from a JSON file with LoadRegistry or build it in code
// with NewRegistry. It is immutable and safe for concurrent use.
//
// The file format:
//
//	{"customers": [
//	  {"name": "contoso", "tenantId": "…GUID…",
//	   "endpoint": "https://contoso.abc.westeurope.geocatalog.spatio.azure.com",
//	   "collections": [{"id": "sentinel-2-l2a", "access": "read"},
//	                   {"id": "deliveries", "access": "write"}]}
//	]}
type Registry struct {
	customers []Customer
	byName    map[string]int
}

// RegistryError is an invalid registry file.
type RegistryError struct {
	// Path is the file.
	Path string
	// Err is the problem, often a *FieldError.
	Err error
}

// Error names the file and the problem.
func (e *RegistryError) Error() string {
	return fmt.Sprintf("tenancy: registry %s: %s", e.Path, strings.TrimPrefix(e.Err.Error(), "tenancy: "))
}

// Unwrap returns the problem.
func (e *RegistryError) Unwrap() error { return e.Err }

// NewRegistry validates the customers and builds a registry.
func NewRegistry(customers ...Customer) (*Registry, error) {
	r := &Registry{byName: map[string]int{}}
	endpoints := map[string]string{}
	for i, c := range customers {
		if err := c.validate(i); err != nil {
			return nil, err
		}
		key := strings.ToLower(c.Name)
		if j, dup := r.byName[key]; dup {
			return nil, &FieldError{Customer: c.Name, Index: i, Field: "name",
				Problem: fmt.Sprintf("duplicates customer #%d %q", j+1, customers[j].Name)}
		}
		ep := endpointKey(c.Endpoint)
		if other, dup := endpoints[ep]; dup {
			return nil, &FieldError{Customer: c.Name, Index: i, Field: "endpoint",
				Problem: fmt.Sprintf("is already the endpoint of customer %q", other)}
		}
		endpoints[ep] = c.Name
		r.byName[key] = i
		c.Collections = append([]CollectionGrant(nil), c.Collections...)
		r.customers = append(r.customers, c)
	}
	return r, nil
}

// LoadRegistry reads and validates a registry file. Errors are
// *RegistryError naming the file and, for a bad record, the customer and
// the field.
func LoadRegistry(path string) (*Registry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &RegistryError{Path: path, Err: err}
	}
	r, err := ParseRegistry(data)
	if err != nil {
		return nil, &RegistryError{Path: path, Err: err}
	}
	return r, nil
}

// ParseRegistry reads and validates a registry document. Unknown fields,
// trailing data, an empty customer list and invalid records are errors.
func ParseRegistry(data []byte) (*Registry, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New(`the file is empty (want {"customers": [...]})`)
	}
	var top struct {
		Customers []json.RawMessage `json:"customers"`
	}
	if err := decodeStrict(data, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, fmt.Errorf(`the top level must be an object {"customers": [...]}, not a JSON %s`, te.Value)
		}
		return nil, err
	}
	if top.Customers == nil {
		return nil, errors.New(`no "customers" array`)
	}
	if len(top.Customers) == 0 {
		return nil, errors.New(`"customers" is empty`)
	}
	customers := make([]Customer, len(top.Customers))
	for i, raw := range top.Customers {
		if err := decodeStrict(raw, &customers[i]); err != nil {
			var named struct {
				Name string `json:"name"`
			}
			_ = json.Unmarshal(raw, &named)
			field, problem := jsonProblem(raw, err)
			return nil, &FieldError{Customer: named.Name, Index: i, Field: field, Problem: problem}
		}
	}
	return NewRegistry(customers...)
}

// decodeStrict decodes one JSON value, refusing unknown fields and
// anything after the value.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return locate(data, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return locate(data, dec, errors.New("unexpected data after the JSON value"))
	}
	return nil
}

// locate adds the line and column to a JSON error.
func locate(data []byte, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the JSON ends too early")
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return &jsonError{line: line, col: col, err: err}
}

type jsonError struct {
	line, col int
	err       error
}

// Error gives the position and the decoder's message.
func (e *jsonError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, strings.TrimPrefix(e.err.Error(), "json: "))
}

// Unwrap returns the decoder's error.
func (e *jsonError) Unwrap() error { return e.err }

// jsonProblem turns a decoding error of a customer into a field name and a
// problem.
func jsonProblem(raw []byte, err error) (field, problem string) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field, fmt.Sprintf("must be a JSON %s, not %s (%v)", jsonKind(te.Type.Kind().String()), te.Value, err)
	}
	msg := err.Error()
	if i := strings.Index(msg, `unknown field "`); i >= 0 {
		name := strings.TrimSuffix(msg[i+len(`unknown field "`):], `"`)
		return name, fmt.Sprintf("unknown field (%v); the fields are name, tenantId, endpoint, collections", err)
	}
	// An invalid access value: find which grant has it.
	var lenient struct {
		Collections []struct {
			Access json.RawMessage `json:"access"`
		} `json:"collections"`
	}
	if json.Unmarshal(raw, &lenient) == nil {
		for i, g := range lenient.Collections {
			if s := string(g.Access); s != "" && s != `"read"` && s != `"write"` {
				return fmt.Sprintf("collections[%d].access", i), fmt.Sprintf(`%s is not "read" or "write"`, s)
			}
		}
	}
	return "record", msg
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice":
		return "array"
	case "struct", "map":
		return "object"
	case "bool":
		return "boolean"
	}
	return "number"
}

// Customer returns the customer named name (case-insensitive).
func (r *Registry) Customer(name string) (Customer, bool) {
	i, ok := r.byName[strings.ToLower(name)]
	if !ok {
		return Customer{}, false
	}
	return r.customers[i], true
}

// Customers returns the customers in file order.
func (r *Registry) Customers() []Customer {
	return append([]Customer(nil), r.customers...)
}

// Names returns the customers' names, sorted.
func (r *Registry) Names() []string {
	out := make([]string, len(r.customers))
	for i, c := range r.customers {
		out[i] = c.Name
	}
	sort.Strings(out)
	return out
}

// Len is the number of customers.
func (r *Registry) Len() int { return len(r.customers) }

// MarshalJSON writes the registry in the file format.
func (r *Registry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Customers []Customer `json:"customers"`
	}{r.customers})
}
