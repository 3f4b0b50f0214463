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

// GetCollectionConfiguration gets the whole configuration of a collection.
func (s *STACClient) GetCollectionConfiguration(ctx context.Context, collectionID string, _ *ConfigurationOptions) (CollectionConfiguration, error) {
	if err := checkID("GetCollectionConfiguration", "collectionID", collectionID); err != nil {
		return CollectionConfiguration{}, err
	}
	var out CollectionConfiguration
	err := s.c.getJSON(ctx, configPath(collectionID, ""), nil, &out)
	return out, err
}

// ListMosaics lists the mosaics of a collection (204 gives none).
func (s *STACClient) ListMosaics(ctx context.Context, collectionID string, _ *ConfigurationOptions) ([]Mosaic, error) {
	if err := checkID("ListMosaics", "collectionID", collectionID); err != nil {
		return nil, err
	}
	var out []Mosaic
	_, err := s.c.sendJSON(ctx, http.MethodGet, configPath(collectionID, "/mosaics"), nil, nil, "", &out, http.StatusOK, http.StatusNoContent)
	return out, err
}

// GetMosaic gets one mosaic.
func (s *STACClient) GetMosaic(ctx context.Context, collectionID, mosaicID string, _ *ConfigurationOptions) (Mosaic, error) {
	if err := checkIDs("GetMosaic", "collectionID", collectionID, "mosaicID", mosaicID); err != nil {
		return Mosaic{}, err
	}
	var out Mosaic
	err := s.c.getJSON(ctx, configPath(collectionID, "/mosaics/"+pathSegment(mosaicID)), nil, &out)
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

// AddMosaic adds a mosaic (POST .../configurations/mosaics).
func (s *STACClient) AddMosaic(ctx context.Context, collectionID string, mosaic Mosaic, _ *ConfigurationOptions) (Mosaic, error) {
	if err := checkID("AddMosaic", "collectionID", collectionID); err != nil {
		return Mosaic{}, err
	}
	if err := checkMosaic("AddMosaic", mosaic); err != nil {
		return Mosaic{}, err
	}
	if mosaic.CQL == nil {
		mosaic.CQL = []json.RawMessage{}
	}
	var out Mosaic
	_, err := s.c.sendJSON(ctx, http.MethodPost, configPath(collectionID, "/mosaics"), nil, mosaic, "", &out, http.StatusCreated, http.StatusOK)
	return out, err
}

// ReplaceMosaic creates or replaces a mosaic (PUT .../mosaics/{id}).
func (s *STACClient) ReplaceMosaic(ctx context.Context, collectionID string, mosaic Mosaic, _ *ConfigurationOptions) (Mosaic, error) {
	if err := checkID("ReplaceMosaic", "collectionID", collectionID); err != nil {
		return Mosaic{}, err
	}
	if err := checkMosaic("ReplaceMosaic", mosaic); err != nil {
		return Mosaic{}, err
	}
	if mosaic.CQL == nil {
		mosaic.CQL = []json.RawMessage{}
	}
	var out Mosaic
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/mosaics/"+pathSegment(mosaic.ID)), nil, mosaic, "", &out, http.StatusOK, http.StatusCreated)
	return out, err
}

// DeleteMosaic deletes a mosaic.
func (s *STACClient) DeleteMosaic(ctx context.Context, collectionID, mosaicID string, _ *ConfigurationOptions) error {
	if err := checkIDs("DeleteMosaic", "collectionID", collectionID, "mosaicID", mosaicID); err != nil {
		return err
	}
	_, err := s.c.sendJSON(ctx, http.MethodDelete, configPath(collectionID, "/mosaics/"+pathSegment(mosaicID)), nil, nil, "", nil, http.StatusOK, http.StatusNoContent)
	return err
}

// ListRenderOptions lists the render options of a collection.
func (s *STACClient) ListRenderOptions(ctx context.Context, collectionID string, _ *ConfigurationOptions) ([]RenderOption, error) {
	if err := checkID("ListRenderOptions", "collectionID", collectionID); err != nil {
		return nil, err
	}
	var out []RenderOption
	_, err := s.c.sendJSON(ctx, http.MethodGet, configPath(collectionID, "/render-options"), nil, nil, "", &out, http.StatusOK, http.StatusNoContent)
	return out, err
}

// GetRenderOption gets one render option. The spec says the answer is an
// array, the SDKs read one object: both are accepted.
func (s *STACClient) GetRenderOption(ctx context.Context, collectionID, renderOptionID string, _ *ConfigurationOptions) (RenderOption, error) {
	if err := checkIDs("GetRenderOption", "collectionID", collectionID, "renderOptionID", renderOptionID); err != nil {
		return RenderOption{}, err
	}
	var raw json.RawMessage
	if err := s.c.getJSON(ctx, configPath(collectionID, "/render-options/"+pathSegment(renderOptionID)), nil, &raw); err != nil {
		return RenderOption{}, err
	}
	var out RenderOption
	if len(raw) > 0 && raw[0] == '[' {
		var list []RenderOption
		if err := json.Unmarshal(raw, &list); err != nil {
			return RenderOption{}, err
		}
		if len(list) == 0 {
			return RenderOption{}, fmt.Errorf("geocatalog: render option %q: empty answer", renderOptionID)
		}
		return list[0], nil
	}
	err := json.Unmarshal(raw, &out)
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

// CreateRenderOption adds a render option (POST .../render-options).
func (s *STACClient) CreateRenderOption(ctx context.Context, collectionID string, option RenderOption, _ *ConfigurationOptions) (RenderOption, error) {
	if err := checkID("CreateRenderOption", "collectionID", collectionID); err != nil {
		return RenderOption{}, err
	}
	if err := checkRenderOption("CreateRenderOption", option); err != nil {
		return RenderOption{}, err
	}
	var out RenderOption
	_, err := s.c.sendJSON(ctx, http.MethodPost, configPath(collectionID, "/render-options"), nil, option, "", &out, http.StatusCreated, http.StatusOK)
	return out, err
}

// ReplaceRenderOption creates or replaces a render option (PUT .../render-options/{id}).
func (s *STACClient) ReplaceRenderOption(ctx context.Context, collectionID string, option RenderOption, _ *ConfigurationOptions) (RenderOption, error) {
	if err := checkID("ReplaceRenderOption", "collectionID", collectionID); err != nil {
		return RenderOption{}, err
	}
	if err := checkRenderOption("ReplaceRenderOption", option); err != nil {
		return RenderOption{}, err
	}
	var out RenderOption
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/render-options/"+pathSegment(option.ID)), nil, option, "", &out, http.StatusOK, http.StatusCreated)
	return out, err
}

// DeleteRenderOption deletes a render option.
func (s *STACClient) DeleteRenderOption(ctx context.Context, collectionID, renderOptionID string, _ *ConfigurationOptions) error {
	if err := checkIDs("DeleteRenderOption", "collectionID", collectionID, "renderOptionID", renderOptionID); err != nil {
		return err
	}
	_, err := s.c.sendJSON(ctx, http.MethodDelete, configPath(collectionID, "/render-options/"+pathSegment(renderOptionID)), nil, nil, "", nil, http.StatusOK, http.StatusNoContent)
	return err
}

// GetTileSettings gets the tile settings of a collection.
func (s *STACClient) GetTileSettings(ctx context.Context, collectionID string, _ *ConfigurationOptions) (TileSettings, error) {
	if err := checkID("GetTileSettings", "collectionID", collectionID); err != nil {
		return TileSettings{}, err
	}
	var out TileSettings
	err := s.c.getJSON(ctx, configPath(collectionID, "/tile-settings"), nil, &out)
	return out, err
}

// ReplaceTileSettings replaces the tile settings of a collection.
func (s *STACClient) ReplaceTileSettings(ctx context.Context, collectionID string, settings TileSettings, _ *ConfigurationOptions) (TileSettings, error) {
	const op = "ReplaceTileSettings"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return TileSettings{}, err
	}
	if settings.MinZoom < 0 || settings.MinZoom > 24 {
		return TileSettings{}, &InvalidArgumentError{Op: op, Param: "settings.MinZoom", Reason: "must be between 0 and 24"}
	}
	if settings.MaxItemsPerTile < 1 {
		return TileSettings{}, &InvalidArgumentError{Op: op, Param: "settings.MaxItemsPerTile", Reason: "must be at least 1"}
	}
	var out TileSettings
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/tile-settings"), nil, settings, "", &out, http.StatusOK, http.StatusCreated)
	return out, err
}

// GetPartitionType gets the partition type of a collection.
func (s *STACClient) GetPartitionType(ctx context.Context, collectionID string, _ *ConfigurationOptions) (PartitionType, error) {
	if err := checkID("GetPartitionType", "collectionID", collectionID); err != nil {
		return PartitionType{}, err
	}
	var out PartitionType
	err := s.c.getJSON(ctx, configPath(collectionID, "/partition-type"), nil, &out)
	return out, err
}

// ReplacePartitionType sets the partition type of a collection (only before
// any item is loaded; the service answers 200 with no body).
func (s *STACClient) ReplacePartitionType(ctx context.Context, collectionID string, partition PartitionType, _ *ConfigurationOptions) error {
	const op = "ReplacePartitionType"
	if err := checkID(op, "collectionID", collectionID); err != nil {
		return err
	}
	switch partition.Scheme {
	case PartitionSchemeNone, PartitionSchemeYear, PartitionSchemeMonth:
	default:
		return &InvalidArgumentError{Op: op, Param: "partition.Scheme", Reason: "must be none, year or month"}
	}
	_, err := s.c.sendJSON(ctx, http.MethodPut, configPath(collectionID, "/partition-type"), nil, partition, "", nil, http.StatusOK, http.StatusNoContent)
	return err
}
