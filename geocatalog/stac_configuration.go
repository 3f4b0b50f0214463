package geocatalog

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
)

// Mosaic is a named mosaic definition of a collection: a CQL2-JSON filter
// list the tiler applies.
type Mosaic struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	Description string            `json:"description,omitempty"`
	CQL         []json.RawMessage `json:"cql"`
}

// RenderOptionCondition is a condition of a render option.
type RenderOptionCondition struct {
	Property string `json:"property"`
	Value    string `json:"value"`
}

// RenderOption is a named rendering (TiTiler parameters) of a collection.
type RenderOption struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Type is raster-tile (default), vt-polygon or vt-line.
	Type string `json:"type,omitempty"`
	// Options is a URL query string of TiTiler parameters, e.g.
	// "assets=image&asset_bidx=image|1,2,3".
	Options string `json:"options,omitempty"`
	// VectorOptions are the vector tile options (raw JSON).
	VectorOptions json.RawMessage `json:"vectorOptions,omitempty"`
	MinZoom       *int            `json:"minZoom,omitempty"`
	// Legend is the legend configuration (raw JSON).
	Legend     json.RawMessage         `json:"legend,omitempty"`
	Conditions []RenderOptionCondition `json:"conditions,omitempty"`
}

// DefaultLocation is a map location (zoom and [lat, lon]).
type DefaultLocation struct {
	Zoom        int       `json:"zoom"`
	Coordinates []float64 `json:"coordinates"`
}

// TileSettings are the tiling settings of a collection.
type TileSettings struct {
	// MinZoom is at most 24.
	MinZoom         int              `json:"minZoom"`
	MaxItemsPerTile int              `json:"maxItemsPerTile"`
	DefaultLocation *DefaultLocation `json:"defaultLocation,omitempty"`
}

// PartitionScheme is the partitioning of a collection's items.
type PartitionScheme string

// Partition schemes.
const (
	PartitionSchemeNone  PartitionScheme = "none"
	PartitionSchemeYear  PartitionScheme = "year"
	PartitionSchemeMonth PartitionScheme = "month"
)

// PartitionType is the partition type of a collection; it can only be set
// before any item is loaded.
type PartitionType struct {
	Scheme PartitionScheme `json:"scheme"`
}

// MosaicInfo is the mosaic part of a collection configuration.
type MosaicInfo struct {
	Mosaics            []Mosaic         `json:"mosaics"`
	RenderOptions      []RenderOption   `json:"renderOptions"`
	DefaultLocation    *DefaultLocation `json:"defaultLocation,omitempty"`
	DefaultCustomQuery json.RawMessage  `json:"defaultCustomQuery,omitempty"`
}

// CollectionConfiguration is the whole configuration of a collection.
type CollectionConfiguration struct {
	TileSettings TileSettings `json:"tileSettings"`
	MosaicInfo   MosaicInfo   `json:"mosaicInfo"`
}

// configIDPattern is the id rule of mosaics and render options.
var configIDPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$`)

func checkConfigID(op, param, id string, maxLen int) error {
	if id == "" || len(id) > maxLen || !configIDPattern.MatchString(id) {
		return &InvalidArgumentError{Op: op, Param: param, Reason: fmt.Sprintf("must be 1-%d letters, digits, '-' or '_', not starting or ending with '-' or '_'", maxLen)}
	}
	return nil
}

func configPath(collectionID, rest string) string {
	return collectionPath(collectionID) + "/configurations" + rest
}

// GetCollectionConfigurationOptions are the optional parameters of
// GetCollectionConfiguration, reserved for future use.
type GetCollectionConfigurationOptions struct{}

// GetCollectionConfigurationResponse is the result of GetCollectionConfiguration.
type GetCollectionConfigurationResponse struct {
	CollectionConfiguration
}

// GetCollectionConfiguration gets the whole configuration of a collection.
func (s *STACClient) GetCollectionConfiguration(ctx context.Context, collectionID string, options *GetCollectionConfigurationOptions) (GetCollectionConfigurationResponse, error) {
	if err := checkID("GetCollectionConfiguration", "collectionID", collectionID); err != nil {
		return GetCollectionConfigurationResponse{}, err
	}
	var out GetCollectionConfigurationResponse
	err := s.c.getJSON(ctx, configPath(collectionID, ""), nil, &out.CollectionConfiguration)
	return out, err
}

// ListMosaicsOptions are the optional parameters of ListMosaics, reserved
// for future use.
type ListMosaicsOptions struct{}

// ListMosaicsResponse is the result of ListMosaics.
type ListMosaicsResponse struct {
	// Mosaics are the collection's mosaics (none when the service answers 204).
	Mosaics []Mosaic
}

// ListMosaics lists the mosaics of a collection (204 gives none). The
// service does not page this list.
func (s *STACClient) ListMosaics(ctx context.Context, collectionID string, options *ListMosaicsOptions) (ListMosaicsResponse, error) {
	if err := checkID("ListMosaics", "collectionID", collectionID); err != nil {
		return ListMosaicsResponse{}, err
	}
	var out ListMosaicsResponse
	_, err := s.c.sendJSON(ctx, http.MethodGet, configPath(collectionID, "/mosaics"), nil, nil, "", &out.Mosaics, http.StatusOK, http.StatusNoContent)
	return out, err
}

// GetMosaicOptions are the optional parameters of GetMosaic, reserved for
// future use.
type GetMosaicOptions struct{}

// GetMosaicResponse is the result of GetMosaic.
type GetMosaicResponse struct {
	Mosaic
}

// GetMosaic gets one mosaic.
func (s *STACClient) GetMosaic(ctx context.Context, collectionID, mosaicID string, options *GetMosaicOptions) (GetMosaicResponse, error) {
	if err := checkIDs("GetMosaic", "collectionID", collectionID, "mosaicID", mosaicID); err != nil {
		return GetMosaicResponse{}, err
	}
	var out GetMosaicResponse
	err := s.c.getJSON(ctx, configPath(collectionID, "/mosaics/"+pathSegment(mosaicID)), nil, &out.Mosaic)
	return out, err
}

func checkMosaic(op string, m Mosaic) error {
	if err := checkConfigID(op, "mosaic.ID", m.ID, 30); err != nil {
		return err
	}
	if m.Name == "" || len(m.Name) > 30 {
		return &InvalidArgumentError{Op: op, Param: "mosaic.Name", Reason: "must be 1-30 characters"}
	}
	for i, c := range m.CQL {
		if !json.Valid(c) {
			return &InvalidArgumentError{Op: op, Param: fmt.Sprintf("mosaic.CQL[%d]", i), Reason: "is not valid JSON"}
		}
	}
	return nil
}

// CreateMosaicOptions are the optional parameters of CreateMosaic, reserved
// for future use.
type CreateMosaicOptions struct{}

// CreateMosaicResponse is the result of CreateMosaic.
type CreateMosaicResponse struct {
	Mosaic
}

// CreateMosaic adds a mosaic (POST .../configurations/mosaics).
func (s *STACClient) CreateMosaic(ctx context.Context, collectionID string, mosaic Mosaic, options *CreateMosaicOptions) (CreateMosaicResponse, error) {
	if err := checkID("CreateMosaic", "collectionID", collectionID); err != nil {
		return CreateMosaicResponse{}, err
	}
	if err := checkMosaic("CreateMosaic", mosaic); err != nil {
		return CreateMosaicResponse{}, err
	}
	if mosaic.CQL == nil {
		mosaic.CQL = []json.RawMessage{}
	}
	var out CreateMosaicResponse
	_, err := s.c.sendJSON(ctx, http.MethodPost, configPath(collectionID, "/mosaics"), nil, mosaic, "", &out.Mosaic, http.StatusCreated, http.StatusOK)
	return out, err
}

// ReplaceMosaicOptions are the optional parameters of ReplaceMosaic,
// reserved for future use.
type ReplaceMosaicOptions struct{}

// ReplaceMosaicResponse is the result of ReplaceMosaic.
type ReplaceMosaicResponse struct {
	Mosaic
}

// ReplaceMosaic creates or replaces a mosaic (PUT .../mosaics/{id}).
func (s *STACClient) ReplaceMosaic(ctx context.Context, collectionID string, mosaic Mosaic, options *ReplaceMosaicOptions) (ReplaceMosaicResponse, error) {
	if err := checkID("ReplaceMosaic", "collectionID", collectionID); err != nil {
		return ReplaceMosaicResponse{}, err
	}
	if err := checkMosaic("ReplaceMosaic", mosaic); err != nil {
		return ReplaceMosaicResponse{}, err
	}
	if mosaic.CQL == nil {
		mosaic.CQL = []json.RawMessage{}
	}
	var out ReplaceMosaicResponse
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/mosaics/"+pathSegment(mosaic.ID)), nil, mosaic, "", &out.Mosaic, http.StatusOK, http.StatusCreated)
	return out, err
}

// DeleteMosaicOptions are the optional parameters of DeleteMosaic, reserved
// for future use.
type DeleteMosaicOptions struct{}

// DeleteMosaicResponse is the result of DeleteMosaic, reserved for future
// fields.
type DeleteMosaicResponse struct{}

// DeleteMosaic deletes a mosaic.
func (s *STACClient) DeleteMosaic(ctx context.Context, collectionID, mosaicID string, options *DeleteMosaicOptions) (DeleteMosaicResponse, error) {
	if err := checkIDs("DeleteMosaic", "collectionID", collectionID, "mosaicID", mosaicID); err != nil {
		return DeleteMosaicResponse{}, err
	}
	_, err := s.c.sendJSON(ctx, http.MethodDelete, configPath(collectionID, "/mosaics/"+pathSegment(mosaicID)), nil, nil, "", nil, http.StatusOK, http.StatusNoContent)
	return DeleteMosaicResponse{}, err
}

// ListRenderOptionsOptions are the optional parameters of ListRenderOptions,
// reserved for future use.
type ListRenderOptionsOptions struct{}

// ListRenderOptionsResponse is the result of ListRenderOptions.
type ListRenderOptionsResponse struct {
	// RenderOptions are the collection's render options.
	RenderOptions []RenderOption
}

// ListRenderOptions lists the render options of a collection. The service
// does not page this list.
func (s *STACClient) ListRenderOptions(ctx context.Context, collectionID string, options *ListRenderOptionsOptions) (ListRenderOptionsResponse, error) {
	if err := checkID("ListRenderOptions", "collectionID", collectionID); err != nil {
		return ListRenderOptionsResponse{}, err
	}
	var out ListRenderOptionsResponse
	_, err := s.c.sendJSON(ctx, http.MethodGet, configPath(collectionID, "/render-options"), nil, nil, "", &out.RenderOptions, http.StatusOK, http.StatusNoContent)
	return out, err
}

// GetRenderOptionOptions are the optional parameters of GetRenderOption,
// reserved for future use.
type GetRenderOptionOptions struct{}

// GetRenderOptionResponse is the result of GetRenderOption.
type GetRenderOptionResponse struct {
	RenderOption
}

// GetRenderOption gets one render option. The spec says the answer is an
// array, the SDKs read one object: both are accepted.
func (s *STACClient) GetRenderOption(ctx context.Context, collectionID, renderOptionID string, options *GetRenderOptionOptions) (GetRenderOptionResponse, error) {
	if err := checkIDs("GetRenderOption", "collectionID", collectionID, "renderOptionID", renderOptionID); err != nil {
		return GetRenderOptionResponse{}, err
	}
	var raw json.RawMessage
	if err := s.c.getJSON(ctx, configPath(collectionID, "/render-options/"+pathSegment(renderOptionID)), nil, &raw); err != nil {
		return GetRenderOptionResponse{}, err
	}
	var out GetRenderOptionResponse
	if len(raw) > 0 && raw[0] == '[' {
		var list []RenderOption
		if err := json.Unmarshal(raw, &list); err != nil {
			return GetRenderOptionResponse{}, err
		}
		if len(list) == 0 {
			return GetRenderOptionResponse{}, fmt.Errorf("geocatalog: render option %q: empty answer", renderOptionID)
		}
		out.RenderOption = list[0]
		return out, nil
	}
	err := json.Unmarshal(raw, &out.RenderOption)
	return out, err
}

func checkRenderOption(op string, r RenderOption) error {
	if err := checkConfigID(op, "renderOption.ID", r.ID, 30); err != nil {
		return err
	}
	if r.Name == "" || len(r.Name) > 40 {
		return &InvalidArgumentError{Op: op, Param: "renderOption.Name", Reason: "must be 1-40 characters"}
	}
	switch r.Type {
	case "", "raster-tile", "vt-polygon", "vt-line":
	default:
		return &InvalidArgumentError{Op: op, Param: "renderOption.Type", Reason: "must be raster-tile, vt-polygon or vt-line"}
	}
	if r.MinZoom != nil && (*r.MinZoom < 0 || *r.MinZoom > 24) {
		return &InvalidArgumentError{Op: op, Param: "renderOption.MinZoom", Reason: "must be between 0 and 24"}
	}
	return nil
}

// CreateRenderOptionOptions are the optional parameters of
// CreateRenderOption, reserved for future use.
type CreateRenderOptionOptions struct{}

// CreateRenderOptionResponse is the result of CreateRenderOption.
type CreateRenderOptionResponse struct {
	RenderOption
}

// CreateRenderOption adds a render option (POST .../render-options).
func (s *STACClient) CreateRenderOption(ctx context.Context, collectionID string, renderOption RenderOption, options *CreateRenderOptionOptions) (CreateRenderOptionResponse, error) {
	if err := checkID("CreateRenderOption", "collectionID", collectionID); err != nil {
		return CreateRenderOptionResponse{}, err
	}
	if err := checkRenderOption("CreateRenderOption", renderOption); err != nil {
		return CreateRenderOptionResponse{}, err
	}
	var out CreateRenderOptionResponse
	_, err := s.c.sendJSON(ctx, http.MethodPost, configPath(collectionID, "/render-options"), nil, renderOption, "", &out.RenderOption, http.StatusCreated, http.StatusOK)
	return out, err
}

// ReplaceRenderOptionOptions are the optional parameters of
// ReplaceRenderOption, reserved for future use.
type ReplaceRenderOptionOptions struct{}

// ReplaceRenderOptionResponse is the result of ReplaceRenderOption.
type ReplaceRenderOptionResponse struct {
	RenderOption
}

// ReplaceRenderOption creates or replaces a render option (PUT .../render-options/{id}).
func (s *STACClient) ReplaceRenderOption(ctx context.Context, collectionID string, renderOption RenderOption, options *ReplaceRenderOptionOptions) (ReplaceRenderOptionResponse, error) {
	if err := checkID("ReplaceRenderOption", "collectionID", collectionID); err != nil {
		return ReplaceRenderOptionResponse{}, err
	}
	if err := checkRenderOption("ReplaceRenderOption", renderOption); err != nil {
		return ReplaceRenderOptionResponse{}, err
	}
	var out ReplaceRenderOptionResponse
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/render-options/"+pathSegment(renderOption.ID)), nil, renderOption, "", &out.RenderOption, http.StatusOK, http.StatusCreated)
	return out, err
}

// DeleteRenderOptionOptions are the optional parameters of
// DeleteRenderOption, reserved for future use.
type DeleteRenderOptionOptions struct{}

// DeleteRenderOptionResponse is the result of DeleteRenderOption, reserved
// for future fields.
type DeleteRenderOptionResponse struct{}

// DeleteRenderOption deletes a render option.
func (s *STACClient) DeleteRenderOption(ctx context.Context, collectionID, renderOptionID string, options *DeleteRenderOptionOptions) (DeleteRenderOptionResponse, error) {
	if err := checkIDs("DeleteRenderOption", "collectionID", collectionID, "renderOptionID", renderOptionID); err != nil {
		return DeleteRenderOptionResponse{}, err
	}
	_, err := s.c.sendJSON(ctx, http.MethodDelete, configPath(collectionID, "/render-options/"+pathSegment(renderOptionID)), nil, nil, "", nil, http.StatusOK, http.StatusNoContent)
	return DeleteRenderOptionResponse{}, err
}

// GetTileSettingsOptions are the optional parameters of GetTileSettings,
// reserved for future use.
type GetTileSettingsOptions struct{}

// GetTileSettingsResponse is the result of GetTileSettings.
type GetTileSettingsResponse struct {
	TileSettings
}

// GetTileSettings gets the tile settings of a collection.
func (s *STACClient) GetTileSettings(ctx context.Context, collectionID string, options *GetTileSettingsOptions) (GetTileSettingsResponse, error) {
	if err := checkID("GetTileSettings", "collectionID", collectionID); err != nil {
		return GetTileSettingsResponse{}, err
	}
	var out GetTileSettingsResponse
	err := s.c.getJSON(ctx, configPath(collectionID, "/tile-settings"), nil, &out.TileSettings)
	return out, err
}

// ReplaceTileSettingsOptions are the optional parameters of
// ReplaceTileSettings, reserved for future use.
type ReplaceTileSettingsOptions struct{}

// ReplaceTileSettingsResponse is the result of ReplaceTileSettings.
type ReplaceTileSettingsResponse struct {
	TileSettings
}

// ReplaceTileSettings replaces the tile settings of a collection.
func (s *STACClient) ReplaceTileSettings(ctx context.Context, collectionID string, settings TileSettings, options *ReplaceTileSettingsOptions) (ReplaceTileSettingsResponse, error) {
	const op = "ReplaceTileSettings"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return ReplaceTileSettingsResponse{}, err
	}
	if settings.MinZoom < 0 || settings.MinZoom > 24 {
		return ReplaceTileSettingsResponse{}, &InvalidArgumentError{Op: op, Param: "settings.MinZoom", Reason: "must be between 0 and 24"}
	}
	if settings.MaxItemsPerTile < 1 {
		return ReplaceTileSettingsResponse{}, &InvalidArgumentError{Op: op, Param: "settings.MaxItemsPerTile", Reason: "must be at least 1"}
	}
	var out ReplaceTileSettingsResponse
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/tile-settings"), nil, settings, "", &out.TileSettings, http.StatusOK, http.StatusCreated)
	return out, err
}

// GetPartitionTypeOptions are the optional parameters of GetPartitionType,
// reserved for future use.
type GetPartitionTypeOptions struct{}

// GetPartitionTypeResponse is the result of GetPartitionType.
type GetPartitionTypeResponse struct {
	PartitionType
}

// GetPartitionType gets the partition type of a collection.
func (s *STACClient) GetPartitionType(ctx context.Context, collectionID string, options *GetPartitionTypeOptions) (GetPartitionTypeResponse, error) {
	if err := checkID("GetPartitionType", "collectionID", collectionID); err != nil {
		return GetPartitionTypeResponse{}, err
	}
	var out GetPartitionTypeResponse
	err := s.c.getJSON(ctx, configPath(collectionID, "/partition-type"), nil, &out.PartitionType)
	return out, err
}

// ReplacePartitionTypeOptions are the optional parameters of
// ReplacePartitionType, reserved for future use.
type ReplacePartitionTypeOptions struct{}

// ReplacePartitionTypeResponse is the result of ReplacePartitionType,
// reserved for future fields (the service answers with no body).
type ReplacePartitionTypeResponse struct{}

// ReplacePartitionType sets the partition type of a collection (only before
// any item is loaded; the service answers 200 with no body).
func (s *STACClient) ReplacePartitionType(ctx context.Context, collectionID string, partition PartitionType, options *ReplacePartitionTypeOptions) (ReplacePartitionTypeResponse, error) {
	const op = "ReplacePartitionType"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return ReplacePartitionTypeResponse{}, err
	}
	switch partition.Scheme {
	case PartitionSchemeNone, PartitionSchemeYear, PartitionSchemeMonth:
	default:
		return ReplacePartitionTypeResponse{}, &InvalidArgumentError{Op: op, Param: "partition.Scheme", Reason: "must be none, year or month"}
	}
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/partition-type"), nil, partition, "", nil, http.StatusOK, http.StatusNoContent)
	return ReplacePartitionTypeResponse{}, err
}
