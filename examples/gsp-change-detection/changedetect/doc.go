// Package changedetect is a GSP processor that detects change between two
// rasters of the same footprint at two dates: for each source item it finds
// the previous item of the same grid cell ("grid:code"), reads both
// single-band GeoTIFF assets through signed, streaming range reads,
// computes a change mask (|later - earlier| > Threshold) and the fraction
// of changed pixels, and derives an item carrying the statistic in its
// properties and the mask as a GeoTIFF asset. Generate makes matching input
// data with known changes, for the emulator.
package changedetect
