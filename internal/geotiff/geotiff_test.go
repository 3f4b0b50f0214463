package geotiff

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// sample builds a raster whose pixel values encode their position and band.
func sample(w, h, bands int, dt DataType) *Raster {
	r := New(w, h, bands, dt)
	for b := 0; b < bands; b++ {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				v := float64((x*7 + y*13 + b*31) % 251)
				if dt == Int16 {
					v -= 100
				}
				if dt == Float32 {
					v = v/3 - 20.25
				}
				r.Set(b, x, y, v)
			}
		}
	}
	r.SetBounds(10, 40, 10+float64(w)*0.01, 40+float64(h)*0.02)
	r.EPSG = 4326
	return r
}

func TestRoundTrip(t *testing.T) {
	nd := -9999.0
	nan := math.NaN()
	cases := []struct {
		name string
		r    *Raster
		opts *WriteOptions
	}{
		{"uint8-1band-strips", sample(37, 23, 1, Uint8), nil},
		{"uint8-rgb-onestrip", sample(20, 10, 3, Uint8), &WriteOptions{RowsPerStrip: 10}},
		{"uint8-rgba-tiles", sample(40, 33, 4, Uint8), &WriteOptions{TileSize: 16}},
		{"uint16-2band-deflate", sample(50, 17, 2, Uint16), &WriteOptions{Deflate: true, RowsPerStrip: 3}},
		{"int16-tiles-deflate", sample(70, 70, 1, Int16), &WriteOptions{TileSize: 32, Deflate: true}},
		{"float32-3band", sample(9, 31, 3, Float32), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.r.NoData = &nd
			if c.r.DataType == Float32 {
				c.r.NoData = &nan
				c.r.EPSG = 3857
				c.r.SetBounds(-1000, 2000, 8000, 33000)
			}
			var buf bytes.Buffer
			if err := WriteWithOptions(&buf, c.r, c.opts); err != nil {
				t.Fatal(err)
			}
			got, err := ReadBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			assertEqual(t, c.r, got)
		})
	}
}

func assertEqual(t *testing.T, want, got *Raster) {
	t.Helper()
	if got.Width != want.Width || got.Height != want.Height || got.Bands != want.Bands || got.DataType != want.DataType {
		t.Fatalf("got %dx%dx%d %v, want %dx%dx%d %v", got.Width, got.Height, got.Bands, got.DataType,
			want.Width, want.Height, want.Bands, want.DataType)
	}
	if got.EPSG != want.EPSG {
		t.Errorf("EPSG %d, want %d", got.EPSG, want.EPSG)
	}
	for i := range want.GeoTransform {
		if math.Abs(got.GeoTransform[i]-want.GeoTransform[i]) > 1e-9 {
			t.Errorf("geotransform %v, want %v", got.GeoTransform, want.GeoTransform)
			break
		}
	}
	switch {
	case (got.NoData == nil) != (want.NoData == nil):
		t.Errorf("nodata %v, want %v", got.NoData, want.NoData)
	case want.NoData != nil && !(*got.NoData == *want.NoData || math.IsNaN(*got.NoData) && math.IsNaN(*want.NoData)):
		t.Errorf("nodata %v, want %v", *got.NoData, *want.NoData)
	}
	for b := range want.Data {
		for i, v := range want.Data[b] {
			if got.Data[b][i] != v {
				t.Fatalf("band %d sample %d (x=%d y=%d) = %v, want %v", b, i, i%want.Width, i/want.Width, got.Data[b][i], v)
			}
		}
	}
}

func TestPixelAndWorld(t *testing.T) {
	r := New(4, 2, 2, Uint8)
	r.SetBounds(-10, 20, -6, 22) // 1 unit per pixel
	r.Set(0, 3, 1, 200)
	r.Set(1, 3, 1, 7)
	if got := r.Pixel(3, 1); got[0] != 200 || got[1] != 7 {
		t.Fatalf("Pixel(3,1) = %v", got)
	}
	if r.Pixel(4, 0) != nil || r.Pixel(-1, 0) != nil {
		t.Fatal("Pixel outside the image should be nil")
	}
	// Centre of pixel (3,1) is x=-6.5, y=20.5.
	v, ok := r.ValueAt(-6.5, 20.5)
	if !ok || v[0] != 200 || v[1] != 7 {
		t.Fatalf("ValueAt = %v %v", v, ok)
	}
	if _, ok := r.ValueAt(-5.9, 20.5); ok {
		t.Fatal("ValueAt east of the image should miss")
	}
	x, y := r.PixelToWorld(2, 1)
	px, py := r.WorldToPixel(x, y)
	if x != -8 || y != 21 || px != 2 || py != 1 {
		t.Fatalf("PixelToWorld(2,1) = %v,%v; back %v,%v", x, y, px, py)
	}
	if b := r.Bounds(); b != [4]float64{-10, 20, -6, 22} {
		t.Fatalf("Bounds = %v", b)
	}
	r.Set(0, 0, 0, 300) // saturates
	if r.At(0, 0, 0) != 255 {
		t.Fatalf("Set did not clamp: %v", r.At(0, 0, 0))
	}
}

func TestWriteRejectsInvalid(t *testing.T) {
	bad := []*Raster{
		nil,
		New(0, 1, 1, Uint8),
		New(1, 1, 5, Uint8),
		New(1, 1, 1, DataType(99)),
		func() *Raster { r := New(2, 2, 1, Uint8); r.Data[0] = r.Data[0][:3]; return r }(),
		func() *Raster { r := New(2, 2, 1, Uint8); r.GeoTransform[2] = 1; return r }(),
	}
	for i, r := range bad {
		if err := Write(&bytes.Buffer{}, r); err == nil {
			t.Errorf("case %d: Write accepted an invalid raster", i)
		}
	}
	if err := WriteWithOptions(&bytes.Buffer{}, New(2, 2, 1, Uint8), &WriteOptions{TileSize: 10}); err == nil {
		t.Error("tile size 10 accepted")
	}
}

func TestReadRejectsGarbage(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("hello world"), []byte("II\x2b\x00\x08\x00\x00\x00"), []byte("II*\x00\xff\xff\x00\x00")} {
		if _, err := ReadBytes(b); !errors.Is(err, ErrFormat) {
			t.Errorf("ReadBytes(%q) error = %v, want ErrFormat", b, err)
		}
	}
}

// TestReadBigEndianAndPixelIsPoint hand-builds a big-endian file with a
// PixelIsPoint geokey, which Write never produces.
func TestReadBigEndianAndPixelIsPoint(t *testing.T) {
	be := binary.BigEndian
	type ent struct {
		tag, typ uint16
		count    uint32
		val      []byte
	}
	u16 := func(vs ...uint16) []byte {
		b := make([]byte, 2*len(vs))
		for i, v := range vs {
			be.PutUint16(b[2*i:], v)
		}
		return b
	}
	u32 := func(v uint32) []byte { b := make([]byte, 4); be.PutUint32(b, v); return b }
	f64 := func(vs ...float64) []byte {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			be.PutUint64(b[8*i:], math.Float64bits(v))
		}
		return b
	}
	pixels := u16(1, 2, 3, 4, 5, 6) // 3x2 uint16
	ents := []ent{
		{256, 4, 1, u32(3)}, {257, 4, 1, u32(2)}, {258, 3, 1, u16(16)}, {259, 3, 1, u16(1)},
		{273, 4, 1, nil}, {277, 3, 1, u16(1)}, {278, 4, 1, u32(2)}, {279, 4, 1, u32(uint32(len(pixels)))},
		{33550, 12, 3, f64(2, 3, 0)}, {33922, 12, 6, f64(0, 0, 0, 100, 200, 0)},
		{34735, 3, 12, u16(1, 1, 0, 2, 1025, 0, 1, 2, 3072, 0, 1, 32633)},
	}
	ifdOff := 8
	extraOff := ifdOff + 2 + 12*len(ents) + 4
	var extra []byte
	pixOff := 0
	ifd := u16(uint16(len(ents)))
	for _, e := range ents {
		ifd = append(ifd, u16(e.tag, e.typ)...)
		ifd = append(ifd, u32(e.count)...)
		switch {
		case e.tag == 273:
			pixOff = extraOff + len(extra)
			extra = append(extra, pixels...)
			ifd = append(ifd, u32(uint32(pixOff))...)
		case len(e.val) <= 4:
			v := make([]byte, 4)
			copy(v, e.val)
			ifd = append(ifd, v...)
		default:
			ifd = append(ifd, u32(uint32(extraOff+len(extra)))...)
			extra = append(extra, e.val...)
		}
	}
	ifd = append(ifd, 0, 0, 0, 0)
	file := append([]byte{'M', 'M', 0, 42, 0, 0, 0, 8}, ifd...)
	file = append(file, extra...)
	r, err := ReadBytes(file)
	if err != nil {
		t.Fatal(err)
	}
	if r.EPSG != 32633 || r.DataType != Uint16 || r.At(0, 2, 1) != 6 {
		t.Fatalf("got EPSG %d type %v last pixel %v", r.EPSG, r.DataType, r.At(0, 2, 1))
	}
	// PixelIsPoint: the tiepoint is the centre of pixel (0,0).
	if want := [6]float64{99, 2, 0, 201.5, 0, -3}; r.GeoTransform != want {
		t.Fatalf("geotransform %v, want %v", r.GeoTransform, want)
	}
}

func BenchmarkReadTiledDeflate(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteWithOptions(&buf, sample(512, 512, 3, Uint8), &WriteOptions{TileSize: 256, Deflate: true}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadBytes(buf.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}
