package geocatalog

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/google/uuid"
)

// IngestionSourceKind is the kind of an ingestion source.
type IngestionSourceKind string

// Ingestion source kinds.
const (
	// IngestionSourceKindSASToken reads a blob container with a SAS token
	// (read + list). It works across tenants.
	IngestionSourceKindSASToken IngestionSourceKind = "SasToken"
	// IngestionSourceKindBlobManagedIdentity reads a blob container with a
	// user-assigned managed identity attached to the GeoCatalog.
	IngestionSourceKindBlobManagedIdentity IngestionSourceKind = "BlobManagedIdentity"
)

// IngestionSourceConnectionInfo says how the GeoCatalog reads the container.
type IngestionSourceConnectionInfo struct {
	// ContainerURL is the container, without a query and without a
	// trailing slash: https://{account}.blob.core.windows.net/{container}
	// for Azure Storage. On an emulator host (an IP address, localhost or a
	// host of ClientOptions.AllowedHosts) the path-style form
	// {scheme}://{host}[:port]/{account}/{container} of Azurite and the
	// GeoCatalog emulator is accepted too, over http only when the host is
	// loopback (see CreateSource).
	ContainerURL string `json:"containerUrl"`
	// SASToken is the container SAS (write only: never returned). It is a
	// credential and never appears in logs or errors.
	SASToken string `json:"sasToken,omitempty"`
	// ObjectID is the managed identity's object id (BlobManagedIdentity).
	ObjectID string `json:"objectId,omitempty"`
	// Expiration is the SAS token's expiry, as reported by the service.
	Expiration *time.Time `json:"expiration,omitempty"`
}

// IngestionSource is a blob container registered for ingestion. The legacy
// discriminator "sourceType" is read as Kind.
type IngestionSource struct {
	ID             string                        `json:"id"`
	Kind           IngestionSourceKind           `json:"kind"`
	Created        *time.Time                    `json:"created,omitempty"`
	ConnectionInfo IngestionSourceConnectionInfo `json:"connectionInfo"`
}

// UnmarshalJSON implements json.Unmarshaler, accepting the legacy
// "sourceType" (and "Kind") discriminators.
func (s *IngestionSource) UnmarshalJSON(b []byte) error {
	type plain IngestionSource
	var v struct {
		plain
		SourceType IngestionSourceKind `json:"sourceType"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = IngestionSource(v.plain)
	if s.Kind == "" {
		s.Kind = v.SourceType
	}
	return nil
}

// IngestionSourceSummary is an entry of the ingestion sources list.
type IngestionSourceSummary struct {
	ID      string              `json:"id"`
	Kind    IngestionSourceKind `json:"kind"`
	Created *time.Time          `json:"created,omitempty"`
}

// UnmarshalJSON implements json.Unmarshaler, accepting "sourceType".
func (s *IngestionSourceSummary) UnmarshalJSON(b []byte) error {
	type plain IngestionSourceSummary
	var v struct {
		plain
		SourceType IngestionSourceKind `json:"sourceType"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = IngestionSourceSummary(v.plain)
	if s.Kind == "" {
		s.Kind = v.SourceType
	}
	return nil
}

// ListSourcesResponse is one page of NewListSourcesPager.
type ListSourcesResponse struct {
	Value    []IngestionSourceSummary `json:"value"`
	NextLink string                   `json:"nextLink,omitempty"`
}

func (p *ListSourcesResponse) nextLink() string { return p.NextLink }
func (p *ListSourcesResponse) empty() bool      { return len(p.Value) == 0 }

// ListSourcesOptions are the optional parameters of NewListSourcesPager.
type ListSourcesOptions struct{ PageOptions }

// NewListSourcesPager lists the ingestion sources (GET /inma/ingestion-sources).
func (ic *IngestionClient) NewListSourcesPager(options *ListSourcesOptions) *runtime.Pager[ListSourcesResponse] {
	var opts ListSourcesOptions
	if options != nil {
		opts = *options
	}
	err := opts.check("NewListSourcesPager")
	return newNextLinkPager[ListSourcesResponse](ic.c, "/inma/ingestion-sources", opts.query(nil), err)
}

// GetSourceOptions are the optional parameters of GetSource, reserved for future use.
type GetSourceOptions struct{}

// GetSourceResponse is the result of GetSource.
type GetSourceResponse struct {
	IngestionSource
}

// GetSource gets one ingestion source.
func (ic *IngestionClient) GetSource(ctx context.Context, id string, options *GetSourceOptions) (GetSourceResponse, error) {
	if err := checkID("GetSource", "id", id); err != nil {
		return GetSourceResponse{}, err
	}
	var out GetSourceResponse
	err := ic.c.getJSON(ctx, "/inma/ingestion-sources/"+pathSegment(id), nil, &out.IngestionSource)
	return out, err
}

// CreateSourceOptions are the optional parameters of CreateSource, reserved for future use.
type CreateSourceOptions struct{}

// CreateSourceResponse is the result of CreateSource.
type CreateSourceResponse struct {
	IngestionSource
}

// CreateSource registers a container (POST /inma/ingestion-sources). When
// source.ID is empty a random UUID is generated (the service requires a
// client-generated id). A 409 means the container already has a source:
// use ReplaceSource to rotate its SAS token.
//
// The container URL is checked before anything is sent (an
// *InvalidArgumentError otherwise). Azure Storage hosts take the
// virtual-hosted form https://{account}.blob.core.windows.net/{container}:
// https, exactly one path segment, no query, no trailing slash. Emulator
// hosts (an IP address, "localhost", or a host listed in
// ClientOptions.AllowedHosts) also take the path-style form
// /{account}/{container} (exactly two segments); an IP address or localhost
// must use it, as it cannot name the account. http is accepted only on a
// loopback host (127.0.0.0/8, ::1, localhost), for Azurite: the SAS token
// then never crosses a network in clear text. Container names are lower
// case letters, digits and hyphens (at most 63); path-style account names
// lower case letters and digits (at most 24).
func (ic *IngestionClient) CreateSource(ctx context.Context, source IngestionSource, options *CreateSourceOptions) (CreateSourceResponse, error) {
	if source.ID == "" {
		source.ID = uuid.NewString()
	}
	if err := checkSource("CreateSource", source, ic.c.allowedHosts); err != nil {
		return CreateSourceResponse{}, err
	}
	req, err := ic.c.newRequest(ctx, http.MethodPost, "/inma/ingestion-sources", nil)
	if err != nil {
		return CreateSourceResponse{}, err
	}
	src, err := ic.sendSource(req, source, http.StatusCreated, http.StatusOK)
	return CreateSourceResponse{IngestionSource: src}, err
}

// ReplaceSourceOptions are the optional parameters of ReplaceSource, reserved for future use.
type ReplaceSourceOptions struct{}

// ReplaceSourceResponse is the result of ReplaceSource.
type ReplaceSourceResponse struct {
	IngestionSource
}

// ReplaceSource replaces an ingestion source (PUT /inma/ingestion-sources/{id}),
// e.g. to rotate its SAS token. source.ID must be empty or equal id.
func (ic *IngestionClient) ReplaceSource(ctx context.Context, id string, source IngestionSource, options *ReplaceSourceOptions) (ReplaceSourceResponse, error) {
	if err := checkID("ReplaceSource", "id", id); err != nil {
		return ReplaceSourceResponse{}, err
	}
	if source.ID == "" {
		source.ID = id
	}
	if source.ID != id {
		return ReplaceSourceResponse{}, &InvalidArgumentError{Op: "ReplaceSource", Param: "source.ID", Reason: "differs from id"}
	}
	if err := checkSource("ReplaceSource", source, ic.c.allowedHosts); err != nil {
		return ReplaceSourceResponse{}, err
	}
	req, err := ic.c.newRequest(ctx, http.MethodPut, "/inma/ingestion-sources/"+pathSegment(id), nil)
	if err != nil {
		return ReplaceSourceResponse{}, err
	}
	src, err := ic.sendSource(req, source, http.StatusOK, http.StatusCreated)
	return ReplaceSourceResponse{IngestionSource: src}, err
}

func (ic *IngestionClient) sendSource(req *policyRequest, source IngestionSource, ok ...int) (IngestionSource, error) {
	body := struct {
		ID             string                        `json:"id"`
		ConnectionInfo IngestionSourceConnectionInfo `json:"connectionInfo"`
		Kind           IngestionSourceKind           `json:"kind"`
	}{source.ID, source.ConnectionInfo, source.Kind}
	body.ConnectionInfo.Expiration = nil
	if err := setJSONBody(req, body, ""); err != nil {
		return IngestionSource{}, err
	}
	resp, err := ic.c.do(req, ok...)
	if err != nil {
		return IngestionSource{}, err
	}
	var out IngestionSource
	if err := decodeJSON(resp, &out); err != nil {
		return IngestionSource{}, err
	}
	return out, nil
}

func checkSource(op string, s IngestionSource, allowedHosts []string) error {
	bad := func(param, reason string) error { return &InvalidArgumentError{Op: op, Param: param, Reason: reason} }
	if _, err := uuid.Parse(s.ID); err != nil {
		return bad("source.ID", "must be a UUID")
	}
	if reason := checkContainerURL(s.ConnectionInfo.ContainerURL, allowedHosts); reason != "" {
		return bad("source.ConnectionInfo.ContainerURL", reason)
	}
	switch s.Kind {
	case IngestionSourceKindSASToken:
		if strings.TrimSpace(s.ConnectionInfo.SASToken) == "" {
			return bad("source.ConnectionInfo.SASToken", "required for kind SasToken")
		}
		if s.ConnectionInfo.ObjectID != "" {
			return bad("source.ConnectionInfo.ObjectID", "not allowed for kind SasToken")
		}
	case IngestionSourceKindBlobManagedIdentity:
		if s.ConnectionInfo.ObjectID == "" {
			return bad("source.ConnectionInfo.ObjectID", "required for kind BlobManagedIdentity")
		}
		if s.ConnectionInfo.SASToken != "" {
			return bad("source.ConnectionInfo.SASToken", "not allowed for kind BlobManagedIdentity")
		}
	default:
		return bad("source.Kind", "must be SasToken or BlobManagedIdentity")
	}
	return nil
}

// checkContainerURL returns why raw cannot be an ingestion source's
// container URL, "" when it can (rules in CreateSource's documentation).
func checkContainerURL(raw string, allowedHosts []string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "not a URL"
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case !u.IsAbs() || host == "":
		return "must be an absolute container URL"
	case u.User != nil:
		return "must not carry user information"
	case u.RawQuery != "" || u.ForceQuery:
		return "must not carry a query (put the SAS token in SASToken)"
	case u.Fragment != "":
		return "must not carry a fragment"
	}
	ip := net.ParseIP(host)
	loopback := host == "localhost" || (ip != nil && ip.IsLoopback())
	emulator := ip != nil || host == "localhost" || slices.Contains(allowedHosts, host)
	switch scheme := strings.ToLower(u.Scheme); {
	case scheme == "http" && !loopback:
		return "must use https (http is accepted only on a loopback host, for Azurite)"
	case scheme != "https" && scheme != "http":
		return "must use https"
	}
	segs := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	if u.Path == "" || slices.Contains(segs, "") {
		if emulator {
			return "must name one container (/{container} or path-style /{account}/{container}), without a trailing slash"
		}
		return "must name exactly one container, without a trailing slash"
	}
	switch {
	case len(segs) == 2 && emulator:
		if !validAccountName(segs[0]) {
			return "path-style account name must be lower case letters and digits (at most 24)"
		}
	case len(segs) == 1 && (ip != nil || host == "localhost"):
		return "an IP address or localhost needs the path-style form /{account}/{container}"
	case len(segs) == 1:
	case emulator:
		return "path-style URL must be /{account}/{container}, nothing more"
	default:
		return "must name exactly one container (https://{account}.blob.core.windows.net/{container}); path-style URLs are accepted only on emulator hosts (an IP address, localhost or ClientOptions.AllowedHosts)"
	}
	if !validContainerName(segs[len(segs)-1]) {
		return "container name must be lower case letters, digits and hyphens (at most 63)"
	}
	return ""
}

// validAccountName reports whether s can be a storage account name.
func validAccountName(s string) bool {
	if len(s) == 0 || len(s) > 24 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// validContainerName reports whether s can be a blob container name
// ($root and $web included).
func validContainerName(s string) bool {
	if s == "$root" || s == "$web" {
		return true
	}
	if len(s) == 0 || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// DeleteSourceOptions are the optional parameters of DeleteSource, reserved for future use.
type DeleteSourceOptions struct{}

// DeleteSourceResponse is the result of DeleteSource, reserved for future fields.
type DeleteSourceResponse struct{}

// DeleteSource deletes an ingestion source (204, or 200 as the docs say).
func (ic *IngestionClient) DeleteSource(ctx context.Context, id string, options *DeleteSourceOptions) (DeleteSourceResponse, error) {
	if err := checkID("DeleteSource", "id", id); err != nil {
		return DeleteSourceResponse{}, err
	}
	req, err := ic.c.newRequest(ctx, http.MethodDelete, "/inma/ingestion-sources/"+pathSegment(id), nil)
	if err != nil {
		return DeleteSourceResponse{}, err
	}
	_, err = ic.c.do(req, http.StatusNoContent, http.StatusOK)
	return DeleteSourceResponse{}, err
}

// ManagedIdentity is a user-assigned managed identity attached to the
// GeoCatalog resource.
type ManagedIdentity struct {
	ObjectID   string `json:"objectId"`
	ResourceID string `json:"resourceId"`
}

// ListManagedIdentitiesResponse is one page of NewListManagedIdentitiesPager.
type ListManagedIdentitiesResponse struct {
	Value    []ManagedIdentity `json:"value"`
	NextLink string            `json:"nextLink,omitempty"`
}

func (p *ListManagedIdentitiesResponse) nextLink() string { return p.NextLink }
func (p *ListManagedIdentitiesResponse) empty() bool      { return len(p.Value) == 0 }

// ListManagedIdentitiesOptions are the optional parameters of
// NewListManagedIdentitiesPager.
type ListManagedIdentitiesOptions struct{ PageOptions }

// NewListManagedIdentitiesPager lists the managed identities usable by
// BlobManagedIdentity sources (GET /inma/ingestion-sources/managed-identities).
func (ic *IngestionClient) NewListManagedIdentitiesPager(options *ListManagedIdentitiesOptions) *runtime.Pager[ListManagedIdentitiesResponse] {
	var opts ListManagedIdentitiesOptions
	if options != nil {
		opts = *options
	}
	err := opts.check("NewListManagedIdentitiesPager")
	return newNextLinkPager[ListManagedIdentitiesResponse](ic.c, "/inma/ingestion-sources/managed-identities", opts.query(nil), err)
}
