package geotiff

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
)

// WriteOptions control the layout of a written file. The zero value (and a
// nil *WriteOptions) writes uncompressed strips.
type WriteOptions struct {
	// TileSize, when > 0, writes square tiles of that size (a multiple of 16,
	// as TIFF requires) instead of strips.
	TileSize int
	// RowsPerStrip is the strip height when writing strips; 0 means enough
	// rows for about 8 KiB per strip.
	RowsPerStrip int
	// Deflate compresses every strip or tile with zlib (TIFF compression 8).
	Deflate bool
}

// Write encodes r as an uncompressed, stripped GeoTIFF.
func Write(w io.Writer, r *Raster) error { return WriteWithOptions(w, r, nil) }

// WriteWithOptions encodes r as a GeoTIFF laid out as opts says.
func WriteWithOptions(w io.Writer, r *Raster, opts *WriteOptions) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if opts == nil {
		opts = &WriteOptions{}
	}
	if opts.TileSize < 0 || opts.TileSize%16 != 0 {
		return fmt.Errorf("geotiff: tile size %d is not a multiple of 16", opts.TileSize)
	}
	chunks, cw, ch := layout(r, opts)
	var blobs [][]byte
	for _, c := range chunks {
		raw := encodeChunk(r, c, cw)
		if opts.Deflate {
			var buf bytes.Buffer
			zw := zlib.NewWriter(&buf)
			if _, err := zw.Write(raw); err != nil {
				return err
			}
			if err := zw.Close(); err != nil {
				return err
			}
			raw = buf.Bytes()
		}
		blobs = append(blobs, raw)
	}

	// File layout: header, chunks, IFD, out-of-line tag values.
	le := binary.LittleEndian
	out := []byte{'I', 'I', 42, 0, 0, 0, 0, 0}
	offsets := make([]uint32, len(blobs))
	counts := make([]uint32, len(blobs))
	for i, b := range blobs {
		if len(out)%2 == 1 {
			out = append(out, 0)
		}
		offsets[i] = uint32(len(out))
		counts[i] = uint32(len(b))
		out = append(out, b...)
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	if uint64(len(out)) > math.MaxUint32/2 {
		return fmt.Errorf("geotiff: raster too large for classic TIFF")
	}

	fields := baseFields(r, opts, cw, ch)
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if opts.TileSize > 0 {
		offTag, cntTag = tagTileOffsets, tagTileByteCounts
	}
	fields = append(fields, longs(offTag, offsets...), longs(cntTag, counts...))
	sort.Slice(fields, func(i, j int) bool { return fields[i].tag < fields[j].tag })

	ifdOff := uint32(len(out))
	le.PutUint32(out[4:], ifdOff)
	ifdSize := 2 + 12*len(fields) + 4
	extraOff := ifdOff + uint32(ifdSize)
	ifd := make([]byte, ifdSize)
	le.PutUint16(ifd, uint16(len(fields)))
	var extra []byte
	for i, f := range fields {
		e := ifd[2+12*i:]
		le.PutUint16(e[0:], f.tag)
		le.PutUint16(e[2:], f.typ)
		le.PutUint32(e[4:], f.count)
		if len(f.data) <= 4 {
			copy(e[8:12], f.data)
			continue
		}
		if len(extra)%2 == 1 {
			extra = append(extra, 0)
		}
		le.PutUint32(e[8:], extraOff+uint32(len(extra)))
		extra = append(extra, f.data...)
	}
	out = append(out, ifd...)
	out = append(out, extra...)
	_, err := w.Write(out)
	return err
}

// chunk is one strip or tile: its pixel window in the image.
type chunk struct{ x0, y0, w, h int }

// layout splits the image into strips or tiles. cw/ch are the nominal chunk
// width and height (tiles are padded to that size).
func layout(r *Raster, opts *WriteOptions) (chunks []chunk, cw, ch int) {
	if t := opts.TileSize; t > 0 {
		for y := 0; y < r.Height; y += t {
			for x := 0; x < r.Width; x += t {
				chunks = append(chunks, chunk{x, y, t, t})
			}
		}
		return chunks, t, t
	}
	rps := opts.RowsPerStrip
	if rps <= 0 {
		rowBytes := r.Width * r.Bands * r.DataType.bytes()
		rps = max(1, 8192/rowBytes)
	}
	rps = min(rps, r.Height)
	for y := 0; y < r.Height; y += rps {
		chunks = append(chunks, chunk{0, y, r.Width, min(rps, r.Height-y)})
	}
	return chunks, r.Width, rps
}

// encodeChunk writes the samples of c pixel-interleaved in little endian;
// pixels outside the image (tile padding) are zero.
func encodeChunk(r *Raster, c chunk, _ int) []byte {
	sz := r.DataType.bytes()
	buf := make([]byte, c.w*c.h*r.Bands*sz)
	i := 0
	for y := c.y0; y < c.y0+c.h; y++ {
		for x := c.x0; x < c.x0+c.w; x++ {
			for b := 0; b < r.Bands; b++ {
				if x < r.Width && y < r.Height {
					putSample(buf[i:], r.DataType, r.Data[b][y*r.Width+x])
				}
				i += sz
			}
		}
	}
	return buf
}

func putSample(b []byte, dt DataType, v float64) {
	le := binary.LittleEndian
	switch dt {
	case Uint8:
		b[0] = uint8(dt.clamp(v))
	case Uint16:
		le.PutUint16(b, uint16(dt.clamp(v)))
	case Int16:
		le.PutUint16(b, uint16(int16(dt.clamp(v))))
	case Float32:
		le.PutUint32(b, math.Float32bits(float32(v)))
	}
}

// field is one IFD entry with its little-endian value bytes.
type field struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

func shorts(tag uint16, vs ...uint16) field {
	d := make([]byte, 2*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint16(d[2*i:], v)
	}
	return field{tag, typeShort, uint32(len(vs)), d}
}

func longs(tag uint16, vs ...uint32) field {
	d := make([]byte, 4*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint32(d[4*i:], v)
	}
	return field{tag, typeLong, uint32(len(vs)), d}
}

func doubles(tag uint16, vs ...float64) field {
	d := make([]byte, 8*len(vs))
	for i, v := range vs {
		binary.LittleEndian.PutUint64(d[8*i:], math.Float64bits(v))
	}
	return field{tag, typeDouble, uint32(len(vs)), d}
}

func ascii(tag uint16, s string) field {
	d := append([]byte(s), 0)
	return field{tag, typeASCII, uint32(len(d)), d}
}

// baseFields returns every tag except the chunk offsets and byte counts.
func baseFields(r *Raster, opts *WriteOptions, cw, ch int) []field {
	n := r.Bands
	bits := make([]uint16, n)
	formats := make([]uint16, n)
	for i := range bits {
		bits[i] = uint16(8 * r.DataType.bytes())
		switch r.DataType {
		case Int16:
			formats[i] = 2
		case Float32:
			formats[i] = 3
		default:
			formats[i] = 1
		}
	}
	photometric := uint16(1) // BlackIsZero
	colorBands := 1
	if n >= 3 && r.DataType == Uint8 {
		photometric, colorBands = 2, 3 // RGB
	}
	compression := uint16(compressionNone)
	if opts.Deflate {
		compression = compressionDeflate
	}
	fs := []field{
		longs(tagImageWidth, uint32(r.Width)),
		longs(tagImageLength, uint32(r.Height)),
		shorts(tagBitsPerSample, bits...),
		shorts(tagCompression, compression),
		shorts(tagPhotometric, photometric),
		shorts(tagSamplesPerPixel, uint16(n)),
		shorts(tagPlanarConfig, 1),
		shorts(tagSampleFormat, formats...),
	}
	if extra := n - colorBands; extra > 0 {
		es := make([]uint16, extra) // 0 = unspecified
		fs = append(fs, shorts(tagExtraSamples, es...))
	}
	if opts.TileSize > 0 {
		fs = append(fs, longs(tagTileWidth, uint32(cw)), longs(tagTileLength, uint32(ch)))
	} else {
		fs = append(fs, longs(tagRowsPerStrip, uint32(ch)))
	}
	gt := r.GeoTransform
	fs = append(fs,
		doubles(tagModelPixelScale, gt[1], -gt[5], 0),
		doubles(tagModelTiepoint, 0, 0, 0, gt[0], gt[3], 0),
	)
	if r.EPSG > 0 {
		model, key := uint16(modelTypeProjected), uint16(keyProjectedType)
		if isGeographic(r.EPSG) {
			model, key = modelTypeGeographic, keyGeographicType
		}
		fs = append(fs, shorts(tagGeoKeyDirectory,
			1, 1, 0, 3,
			keyModelType, 0, 1, model,
			keyRasterType, 0, 1, rasterPixelIsArea,
			key, 0, 1, uint16(r.EPSG),
		))
	}
	if r.NoData != nil {
		fs = append(fs, ascii(tagGDALNoData, formatNoData(*r.NoData)))
	}
	return fs
}

// formatNoData writes a nodata value the way GDAL does ("nan", "-9999", "0.5").
func formatNoData(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
