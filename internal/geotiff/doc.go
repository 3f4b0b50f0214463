// Package geotiff reads and writes small GeoTIFF rasters: classic (not Big)
// TIFF, stripped or tiled, uncompressed or deflate-compressed, with 1 to 4
// bands of uint8, uint16, int16 or float32 samples, georeferenced by
// ModelPixelScale + ModelTiepoint and a GeoKeyDirectory carrying an EPSG code,
// and with GDAL's nodata tag.
//
// It is meant for test fixtures, the emulator's tiler and the examples, not
// for large imagery: a Raster holds every sample in memory as float64.
package geotiff
