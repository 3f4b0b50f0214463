package geotiff

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Limits that keep Read safe on hostile input.
const (
	maxSamples   = 16 << 20 // width*height*bands
	maxTagValues = 1 << 20
	maxEntries   = 4096
)

// ErrFormat is wrapped by every error about a malformed or unsupported file.
var ErrFormat = errors.New("geotiff: invalid or unsupported file")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

// Read decodes the first image of a GeoTIFF of the given size.
func Read(ra io.ReaderAt, size int64) (*Raster, error) {
	if size < 8 {
		return nil, formatErr("file too short")
	}
	d := &decoder{ra: ra, size: size}
	var hdr [8]byte
	if err := d.readAt(hdr[:], 0); err != nil {
		return nil, err
	}
	switch string(hdr[:2]) {
	case "II":
		d.bo = binary.LittleEndian
	case "MM":
		d.bo = binary.BigEndian
	default:
		return nil, formatErr("not a TIFF file")
	}
	if v := d.bo.Uint16(hdr[2:]); v != 42 {
		if v == 43 {
			return nil, formatErr("BigTIFF is not supported")
		}
		return nil, formatErr("bad TIFF version %d", v)
	}
	if err := d.readIFD(int64(d.bo.Uint32(hdr[4:]))); err != nil {
		return nil, err
	}
	return d.decode()
}

// ReadBytes decodes a GeoTIFF held in memory.
func ReadBytes(b []byte) (*Raster, error) { return Read(bytes.NewReader(b), int64(len(b))) }

type decoder struct {
	ra   io.ReaderAt
	size int64
	bo   binary.ByteOrder
	tags map[uint16]entry
}

// entry is an IFD entry with its raw value bytes.
type entry struct {
	typ   uint16
	count uint32
	data  []byte
}

func (d *decoder) readAt(p []byte, off int64) error {
	if off < 0 || off+int64(len(p)) > d.size {
		return formatErr("offset %d+%d outside the file", off, len(p))
	}
	if _, err := d.ra.ReadAt(p, off); err != nil && !(errors.Is(err, io.EOF) && off+int64(len(p)) <= d.size) {
		return fmt.Errorf("geotiff: read: %w", err)
	}
	return nil
}

func (d *decoder) readIFD(off int64) error {
	var nb [2]byte
	if err := d.readAt(nb[:], off); err != nil {
		return err
	}
	n := int(d.bo.Uint16(nb[:]))
	if n == 0 || n > maxEntries {
		return formatErr("IFD with %d entries", n)
	}
	raw := make([]byte, 12*n)
	if err := d.readAt(raw, off+2); err != nil {
		return err
	}
	d.tags = make(map[uint16]entry, n)
	for i := 0; i < n; i++ {
		e := raw[12*i:]
		tag, typ, count := d.bo.Uint16(e), d.bo.Uint16(e[2:]), d.bo.Uint32(e[4:])
		ts := typeSize(typ)
		if ts == 0 {
			continue // unknown type: skip the tag, as readers must
		}
		if count > maxTagValues {
			return formatErr("tag %d has %d values", tag, count)
		}
		total := int(count) * ts
		data := make([]byte, total)
		if total <= 4 {
			copy(data, e[8:8+total])
		} else if err := d.readAt(data, int64(d.bo.Uint32(e[8:]))); err != nil {
			return err
		}
		d.tags[tag] = entry{typ, count, data}
	}
	return nil
}

// uints returns an integer tag's values; ok is false if the tag is missing.
func (d *decoder) uints(tag uint16) ([]uint64, bool, error) {
	e, ok := d.tags[tag]
	if !ok {
		return nil, false, nil
	}
	out := make([]uint64, e.count)
	for i := range out {
		switch e.typ {
		case typeByte, typeUndefined:
			out[i] = uint64(e.data[i])
		case typeShort:
			out[i] = uint64(d.bo.Uint16(e.data[2*i:]))
		case typeLong:
			out[i] = uint64(d.bo.Uint32(e.data[4*i:]))
		default:
			return nil, true, formatErr("tag %d has non-integer type %d", tag, e.typ)
		}
	}
	return out, true, nil
}

// uint1 returns the first value of an integer tag, or def when it is missing.
func (d *decoder) uint1(tag uint16, def uint64) (uint64, error) {
	v, ok, err := d.uints(tag)
	if err != nil {
		return 0, err
	}
	if !ok || len(v) == 0 {
		return def, nil
	}
	return v[0], nil
}

// floats returns a DOUBLE or FLOAT tag's values.
func (d *decoder) floats(tag uint16) ([]float64, error) {
	e, ok := d.tags[tag]
	if !ok {
		return nil, nil
	}
	out := make([]float64, e.count)
	for i := range out {
		switch e.typ {
		case typeDouble:
			out[i] = math.Float64frombits(d.bo.Uint64(e.data[8*i:]))
		case typeFloat:
			out[i] = float64(math.Float32frombits(d.bo.Uint32(e.data[4*i:])))
		default:
			return nil, formatErr("tag %d has non-float type %d", tag, e.typ)
		}
	}
	return out, nil
}

func (d *decoder) decode() (*Raster, error) {
	w, err := d.uint1(tagImageWidth, 0)
	if err != nil {
		return nil, err
	}
	h, err := d.uint1(tagImageLength, 0)
	if err != nil {
		return nil, err
	}
	spp, err := d.uint1(tagSamplesPerPixel, 1)
	if err != nil {
		return nil, err
	}
	if w == 0 || h == 0 || spp < 1 || spp > 4 || w*h*spp > maxSamples {
		return nil, formatErr("unsupported size %dx%dx%d", w, h, spp)
	}
	bits, _, err := d.uints(tagBitsPerSample)
	if err != nil {
		return nil, err
	}
	formats, _, err := d.uints(tagSampleFormat)
	if err != nil {
		return nil, err
	}
	dt, err := sampleType(bits, formats, int(spp))
	if err != nil {
		return nil, err
	}
	comp, err := d.uint1(tagCompression, compressionNone)
	if err != nil {
		return nil, err
	}
	if comp != compressionNone && comp != compressionDeflate && comp != compressionDeflateOld {
		return nil, formatErr("compression %d is not supported", comp)
	}
	pred, err := d.uint1(tagPredictor, 1)
	if err != nil {
		return nil, err
	}
	if pred != 1 && !(pred == 2 && dt != Float32) {
		return nil, formatErr("predictor %d is not supported for %v", pred, dt)
	}
	planar, err := d.uint1(tagPlanarConfig, 1)
	if err != nil {
		return nil, err
	}
	if planar != 1 && planar != 2 {
		return nil, formatErr("planar configuration %d", planar)
	}

	// The pixels must fit in the file: deflate expands at most ~1032 times.
	need := w * h * spp * uint64(dt.bytes())
	if limit := uint64(d.size); need > limit && (comp == compressionNone || need > limit*1100) {
		return nil, formatErr("%d bytes of pixels cannot be held in a %d-byte file", need, d.size)
	}
	r := &Raster{Width: int(w), Height: int(h), Bands: int(spp), DataType: dt}
	r.Data = make([][]float64, r.Bands)
	for b := range r.Data {
		r.Data[b] = make([]float64, r.Width*r.Height)
	}

	cw, ch := uint64(w), uint64(0)
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if _, tiled := d.tags[tagTileWidth]; tiled {
		if cw, err = d.uint1(tagTileWidth, 0); err != nil {
			return nil, err
		}
		if ch, err = d.uint1(tagTileLength, 0); err != nil {
			return nil, err
		}
		offTag, cntTag = tagTileOffsets, tagTileByteCounts
	} else if ch, err = d.uint1(tagRowsPerStrip, h); err != nil {
		return nil, err
	}
	if cw == 0 || ch == 0 || cw > 1<<13 || ch > 1<<16 || cw*ch*spp > maxSamples {
		return nil, formatErr("chunk size %dx%d", cw, ch)
	}
	ch = min(ch, h)
	if offTag == tagStripOffsets {
		cw = w
	}
	across := (w + cw - 1) / cw
	down := (h + ch - 1) / ch
	planes := uint64(1)
	if planar == 2 {
		planes = spp
	}
	offs, _, err := d.uints(offTag)
	if err != nil {
		return nil, err
	}
	cnts, _, err := d.uints(cntTag)
	if err != nil {
		return nil, err
	}
	want := across * down * planes
	if uint64(len(offs)) < want || uint64(len(cnts)) < want {
		return nil, formatErr("%d chunk offsets and %d byte counts, want %d", len(offs), len(cnts), want)
	}
	samplesPerPixel := int(spp)
	if planar == 2 {
		samplesPerPixel = 1
	}
	sz := dt.bytes()
	chunkBytes := int(cw) * int(ch) * samplesPerPixel * sz
	if uint64(chunkBytes)*want > uint64(d.size)*1100 {
		return nil, formatErr("%d chunks of %d bytes in a %d-byte file", want, chunkBytes, d.size)
	}
	for p := uint64(0); p < planes; p++ {
		for cy := uint64(0); cy < down; cy++ {
			for cx := uint64(0); cx < across; cx++ {
				i := p*across*down + cy*across + cx
				if cnts[i] > uint64(d.size) {
					return nil, formatErr("chunk %d of %d bytes", i, cnts[i])
				}
				raw := make([]byte, cnts[i])
				if err := d.readAt(raw, int64(offs[i])); err != nil {
					return nil, err
				}
				data, err := decompress(raw, comp, chunkBytes)
				if err != nil {
					return nil, err
				}
				if pred == 2 {
					undoPredictor(data, d.bo, dt, int(cw), samplesPerPixel)
				}
				d.place(r, data, int(cx*cw), int(cy*ch), int(cw), int(ch), samplesPerPixel, int(p))
			}
		}
	}
	if err := d.georef(r); err != nil {
		return nil, err
	}
	return r, nil
}

// sampleType maps BitsPerSample/SampleFormat to a DataType; every band must agree.
func sampleType(bits, formats []uint64, spp int) (DataType, error) {
	if len(bits) == 0 {
		bits = []uint64{1}
	}
	if len(formats) == 0 {
		formats = []uint64{1}
	}
	for i := 1; i < spp; i++ {
		if (i < len(bits) && bits[i] != bits[0]) || (i < len(formats) && formats[i] != formats[0]) {
			return 0, formatErr("bands of different types")
		}
	}
	switch {
	case bits[0] == 8 && formats[0] == 1:
		return Uint8, nil
	case bits[0] == 16 && formats[0] == 1:
		return Uint16, nil
	case bits[0] == 16 && formats[0] == 2:
		return Int16, nil
	case bits[0] == 32 && formats[0] == 3:
		return Float32, nil
	}
	return 0, formatErr("%d-bit samples of format %d are not supported", bits[0], formats[0])
}

// decompress returns exactly n bytes of chunk data (short data is zero-padded,
// as some writers truncate the last strip).
func decompress(raw []byte, comp uint64, n int) ([]byte, error) {
	out := make([]byte, n)
	if comp == compressionNone {
		copy(out, raw)
		return out, nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, formatErr("deflate: %v", err)
	}
	if _, err := io.ReadFull(zr, out); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, formatErr("deflate: %v", err)
	}
	return out, nil
}

// undoPredictor reverses horizontal differencing (predictor 2) in place.
func undoPredictor(data []byte, bo binary.ByteOrder, dt DataType, width, spp int) {
	sz := dt.bytes()
	row := width * spp * sz
	for start := 0; start+row <= len(data); start += row {
		r := data[start : start+row]
		for i := spp; i < width*spp; i++ {
			switch sz {
			case 1:
				r[i] += r[i-spp]
			case 2:
				bo.PutUint16(r[2*i:], bo.Uint16(r[2*i:])+bo.Uint16(r[2*(i-spp):]))
			}
		}
	}
}

// place copies a decoded chunk into the raster, clipping at the image edges.
func (d *decoder) place(r *Raster, data []byte, x0, y0, cw, ch, spp, plane int) {
	sz := r.DataType.bytes()
	for y := 0; y < ch && y0+y < r.Height; y++ {
		for x := 0; x < cw && x0+x < r.Width; x++ {
			for s := 0; s < spp; s++ {
				i := ((y*cw+x)*spp + s) * sz
				band := s
				if spp == 1 {
					band = plane
				}
				r.Data[band][(y0+y)*r.Width+x0+x] = d.sample(data[i:], r.DataType)
			}
		}
	}
}

func (d *decoder) sample(b []byte, dt DataType) float64 {
	switch dt {
	case Uint8:
		return float64(b[0])
	case Uint16:
		return float64(d.bo.Uint16(b))
	case Int16:
		return float64(int16(d.bo.Uint16(b)))
	case Float32:
		return float64(math.Float32frombits(d.bo.Uint32(b)))
	}
	return 0
}

// georef reads the geotransform, EPSG code and nodata value.
func (d *decoder) georef(r *Raster) error {
	r.GeoTransform = [6]float64{0, 1, 0, 0, 0, 1}
	scale, err := d.floats(tagModelPixelScale)
	if err != nil {
		return err
	}
	tie, err := d.floats(tagModelTiepoint)
	if err != nil {
		return err
	}
	tr, err := d.floats(tagModelTransform)
	if err != nil {
		return err
	}
	pointOffset := 0.0
	switch {
	case len(scale) >= 2 && len(tie) >= 6:
		// World of pixel (I,J) is (X,Y); scale Y is positive for north-up.
		sx, sy := scale[0], scale[1]
		r.GeoTransform = [6]float64{tie[3] - tie[0]*sx, sx, 0, tie[4] + tie[1]*sy, 0, -sy}
	case len(tr) >= 16:
		r.GeoTransform = [6]float64{tr[3], tr[0], tr[1], tr[7], tr[4], tr[5]}
	}
	keys, _, err := d.uints(tagGeoKeyDirectory)
	if err != nil {
		return err
	}
	if len(keys) >= 4 {
		n := int(keys[3])
		for i := 0; i < n && 4+4*i+3 < len(keys); i++ {
			k := keys[4+4*i:]
			id, loc, val := k[0], k[1], k[3]
			if loc != 0 {
				continue
			}
			switch id {
			case keyGeographicType, keyProjectedType:
				if val > 0 && val < 32767 || val > 32767 && val < 65535 {
					if id == keyProjectedType || r.EPSG == 0 {
						r.EPSG = int(val)
					}
				}
			case keyRasterType:
				if val == rasterPixelIsPoint {
					pointOffset = 0.5
				}
			}
		}
	}
	if pointOffset != 0 {
		gt := &r.GeoTransform
		gt[0] -= pointOffset * gt[1]
		gt[3] -= pointOffset * gt[5]
	}
	if e, ok := d.tags[tagGDALNoData]; ok && e.typ == typeASCII {
		s := strings.TrimSpace(strings.TrimRight(string(e.data), "\x00"))
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			r.NoData = &v
		} else if strings.EqualFold(s, "nan") {
			v := math.NaN()
			r.NoData = &v
		}
	}
	return nil
}
