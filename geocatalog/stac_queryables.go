package geocatalog

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// QueryableDefinition describes how a queryable property is indexed.
type QueryableDefinition struct {
	// DataType is string, number, boolean, timestamp or date.
	DataType    string `json:"data_type,omitempty"`
	Description string `json:"description,omitempty"`
	CreateIndex *bool  `json:"create_index,omitempty"`
}

// Queryable is a queryable property of a collection
// (POST/PUT /stac/collections/{c}/queryables).
type Queryable struct {
	// Name is the property name, e.g. "eo:cloud_cover".
	Name       string              `json:"name"`
	Definition QueryableDefinition `json:"definition"`
	// CreateIndex and DataType are top-level echoes some answers carry
	// (often false / null); send Definition instead.
	CreateIndex *bool   `json:"create_index,omitempty"`
	DataType    *string `json:"data_type,omitempty"`
}

// QueryablesSchema is a queryables document: a JSON Schema object
// ($id, $schema, properties, ...), kept as raw JSON because the service
// returns free-form schemas.
type QueryablesSchema struct {
	// Schema is the raw JSON Schema; empty when the service answered 204.
	Schema json.RawMessage
}

// Properties decodes the schema's "properties" member.
func (q QueryablesSchema) Properties() (map[string]json.RawMessage, error) {
	if len(q.Schema) == 0 {
		return nil, nil
	}
	var s struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	err := json.Unmarshal(q.Schema, &s)
	return s.Properties, err
}

// ListQueryablesOptions are the optional parameters of ListQueryables,
// reserved for future use.
type ListQueryablesOptions struct{}

// ListQueryablesResponse is the result of ListQueryables.
type ListQueryablesResponse struct {
	QueryablesSchema
}

// ListQueryables gets the catalog-wide queryables (GET /stac/queryables).
func (s *STACClient) ListQueryables(ctx context.Context, options *ListQueryablesOptions) (ListQueryablesResponse, error) {
	schema, err := s.getSchema(ctx, "/stac/queryables")
	return ListQueryablesResponse{QueryablesSchema: schema}, err
}

// GetCollectionQueryablesOptions are the optional parameters of
// GetCollectionQueryables, reserved for future use.
type GetCollectionQueryablesOptions struct{}

// GetCollectionQueryablesResponse is the result of GetCollectionQueryables.
type GetCollectionQueryablesResponse struct {
	QueryablesSchema
}

// GetCollectionQueryables gets the queryables of a collection.
func (s *STACClient) GetCollectionQueryables(ctx context.Context, collectionID string, options *GetCollectionQueryablesOptions) (GetCollectionQueryablesResponse, error) {
	if err := checkID("GetCollectionQueryables", "collectionID", collectionID); err != nil {
		return GetCollectionQueryablesResponse{}, err
	}
	schema, err := s.getSchema(ctx, collectionPath(collectionID)+"/queryables")
	return GetCollectionQueryablesResponse{QueryablesSchema: schema}, err
}

func (s *STACClient) getSchema(ctx context.Context, path string) (QueryablesSchema, error) {
	req, err := s.c.newRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		return QueryablesSchema{}, err
	}
	resp, err := s.c.do(req, http.StatusOK, http.StatusNoContent)
	if err != nil {
		return QueryablesSchema{}, err
	}
	b, err := readPayload(resp)
	if err != nil {
		return QueryablesSchema{}, err
	}
	if len(b) > 0 && !json.Valid(b) {
		return QueryablesSchema{}, fmt.Errorf("geocatalog: queryables answer is not JSON")
	}
	return QueryablesSchema{Schema: append(json.RawMessage(nil), b...)}, nil
}

func checkQueryable(op, param string, q Queryable) error {
	if err := checkID(op, param+".Name", q.Name); err != nil {
		return err
	}
	switch q.Definition.DataType {
	case "", "string", "number", "boolean", "timestamp", "date":
		return nil
	}
	return &InvalidArgumentError{Op: op, Param: param + ".Definition.DataType", Reason: "must be string, number, boolean, timestamp or date"}
}

// CreateQueryablesOptions are the optional parameters of CreateQueryables,
// reserved for future use.
type CreateQueryablesOptions struct{}

// CreateQueryablesResponse is the result of CreateQueryables.
type CreateQueryablesResponse struct {
	// Queryables are the queryables the service stored.
	Queryables []Queryable
}

// CreateQueryables adds queryables to a collection (POST, 201) and returns
// what the service stored.
func (s *STACClient) CreateQueryables(ctx context.Context, collectionID string, queryables []Queryable, options *CreateQueryablesOptions) (CreateQueryablesResponse, error) {
	const op = "CreateQueryables"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return CreateQueryablesResponse{}, err
	}
	if len(queryables) == 0 {
		return CreateQueryablesResponse{}, &InvalidArgumentError{Op: op, Param: "queryables", Reason: "must not be empty"}
	}
	for i, q := range queryables {
		if err := checkQueryable(op, fmt.Sprintf("queryables[%d]", i), q); err != nil {
			return CreateQueryablesResponse{}, err
		}
	}
	var out CreateQueryablesResponse
	_, err := s.c.sendJSON(ctx, http.MethodPost, collectionPath(collectionID)+"/queryables", nil, queryables, "", &out.Queryables, http.StatusCreated, http.StatusOK, http.StatusNoContent)
	return out, err
}

// ReplaceQueryableOptions are the optional parameters of ReplaceQueryable,
// reserved for future use.
type ReplaceQueryableOptions struct{}

// ReplaceQueryableResponse is the result of ReplaceQueryable.
type ReplaceQueryableResponse struct {
	Queryable
}

// ReplaceQueryable creates or replaces one queryable (PUT .../queryables/{name}).
func (s *STACClient) ReplaceQueryable(ctx context.Context, collectionID string, queryable Queryable, options *ReplaceQueryableOptions) (ReplaceQueryableResponse, error) {
	const op = "ReplaceQueryable"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return ReplaceQueryableResponse{}, err
	}
	if err := checkQueryable(op, "queryable", queryable); err != nil {
		return ReplaceQueryableResponse{}, err
	}
	var out ReplaceQueryableResponse
	_, err := s.c.sendJSON(ctx, http.MethodPut, collectionPath(collectionID)+"/queryables/"+queryableSegment(queryable.Name), nil, queryable, "", &out.Queryable, http.StatusOK, http.StatusCreated)
	return out, err
}

// DeleteQueryableOptions are the optional parameters of DeleteQueryable,
// reserved for future use.
type DeleteQueryableOptions struct{}

// DeleteQueryableResponse is the result of DeleteQueryable, reserved for
// future fields.
type DeleteQueryableResponse struct{}

// DeleteQueryable deletes one queryable (200 with no body, or 204). The name
// is escaped in the path ("test:property" becomes "test%3Aproperty").
func (s *STACClient) DeleteQueryable(ctx context.Context, collectionID, name string, options *DeleteQueryableOptions) (DeleteQueryableResponse, error) {
	if err := checkIDs("DeleteQueryable", "collectionID", collectionID, "name", name); err != nil {
		return DeleteQueryableResponse{}, err
	}
	_, err := s.c.sendJSON(ctx, http.MethodDelete, collectionPath(collectionID)+"/queryables/"+queryableSegment(name), nil, nil, "", nil, http.StatusOK, http.StatusNoContent)
	return DeleteQueryableResponse{}, err
}

// queryableSegment escapes a queryable name for a path, including ":"
// (which url.PathEscape keeps), as the service's own clients do.
func queryableSegment(name string) string {
	return escapeColon(pathSegment(name))
}
