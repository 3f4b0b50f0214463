package gsp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// manifestVersion is the format version written in every Manifest.
const manifestVersion = 1

// ManifestItem names one source item of a shard.
type ManifestItem struct {
	Collection string `json:"collection"`
	ID         string `json:"id"`
}

// Manifest is the list of the source items of one shard, as Plan cut them.
// A Job with a Manifest fetches exactly these items (by ID), so the shards
// of a planned job read every source item once in total.
type Manifest struct {
	// Version is the format version (1).
	Version int `json:"version"`
	// Shard is the shard the manifest is for.
	Shard Shard `json:"shard"`
	// Items are the source items of the shard, in search order.
	Items []ManifestItem `json:"items"`
}

// Validate reports whether the manifest is well formed: a known version, a
// valid shard, and items that all have a collection and an ID and appear
// once.
func (m *Manifest) Validate() error {
	if m == nil {
		return errors.New("gsp: manifest is nil")
	}
	if m.Version != manifestVersion {
		return fmt.Errorf("gsp: manifest version %d: want %d", m.Version, manifestVersion)
	}
	if err := m.Shard.Validate(); err != nil {
		return fmt.Errorf("gsp: manifest: %w", err)
	}
	seen := make(map[ManifestItem]bool, len(m.Items))
	for i, it := range m.Items {
		if it.Collection == "" || it.ID == "" {
			return fmt.Errorf("gsp: manifest item %d has no collection or id", i)
		}
		if seen[it] {
			return fmt.Errorf("gsp: manifest item %s/%s appears twice", it.Collection, it.ID)
		}
		seen[it] = true
	}
	return nil
}

// Encode returns the manifest as JSON.
func (m *Manifest) Encode() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// ReadManifest decodes and validates a manifest written by Encode.
func ReadManifest(r io.Reader) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("gsp: reading a manifest: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// ReadManifestFile reads a manifest from a local file (a Batch task's
// resource file).
func ReadManifestFile(path string) (*Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gsp: %w", err)
	}
	defer f.Close()
	return ReadManifest(f)
}
