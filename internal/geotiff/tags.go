package geotiff

// TIFF tag numbers used here.
const (
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagStripOffsets    = 273
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagPlanarConfig    = 284
	tagPredictor       = 317
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagExtraSamples    = 338
	tagSampleFormat    = 339

	tagModelPixelScale    = 33550
	tagModelTiepoint      = 33922
	tagModelTransform     = 34264
	tagGeoKeyDirectory    = 34735
	tagGeoDoubleParams    = 34736
	tagGeoASCIIParams     = 34737
	tagGDALNoData         = 42113
	compressionNone       = 1
	compressionDeflate    = 8
	compressionDeflateOld = 32946
)

// TIFF field types.
const (
	typeByte      = 1
	typeASCII     = 2
	typeShort     = 3
	typeLong      = 4
	typeRational  = 5
	typeSByte     = 6
	typeUndefined = 7
	typeSShort    = 8
	typeSLong     = 9
	typeSRational = 10
	typeFloat     = 11
	typeDouble    = 12
)

// typeSize is the byte size of one value of a TIFF field type (0 = unknown).
func typeSize(t uint16) int {
	switch t {
	case typeByte, typeASCII, typeSByte, typeUndefined:
		return 1
	case typeShort, typeSShort:
		return 2
	case typeLong, typeSLong, typeFloat:
		return 4
	case typeRational, typeSRational, typeDouble:
		return 8
	}
	return 0
}

// GeoKey ids.
const (
	keyModelType      = 1024
	keyRasterType     = 1025
	keyGeographicType = 2048
	keyProjectedType  = 3072

	modelTypeProjected  = 1
	modelTypeGeographic = 2
	rasterPixelIsArea   = 1
	rasterPixelIsPoint  = 2
)

// isGeographic reports whether an EPSG code is a geographic (lon/lat) CRS.
// Only the common ones are known; everything else is written as projected.
func isGeographic(epsg int) bool {
	switch epsg {
	case 4326, 4269, 4258, 4283, 4230, 4322, 4267, 4617, 4674:
		return true
	}
	return false
}
