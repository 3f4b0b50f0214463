package geotiff

import (
	"bytes"
	"testing"
)

func FuzzRead(f *testing.F) {
	for _, opts := range []*WriteOptions{nil, {TileSize: 16}, {Deflate: true, RowsPerStrip: 2}} {
		var buf bytes.Buffer
		if err := WriteWithOptions(&buf, sample(17, 5, 2, Uint16), opts); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadBytes(data)
		if err != nil {
			return
		}
		// Whatever decodes must be a consistent raster that encodes again.
		if r.Validate() == nil {
			var buf bytes.Buffer
			if err := Write(&buf, r); err != nil {
				t.Fatalf("re-encode of a decoded raster failed: %v", err)
			}
			if _, err := ReadBytes(buf.Bytes()); err != nil {
				t.Fatalf("decode of a re-encoded raster failed: %v", err)
			}
		}
	})
}
