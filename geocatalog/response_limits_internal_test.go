package geocatalog

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestClassifyCall(t *testing.T) {
	for path, want := range map[string]callKind{
		"/stac/collections":                        callPage,
		"/stac/collections/c1":                     callDocument,
		"/stac/collections/c1/items":               callPage,
		"/stac/collections/c1/items/i1":            callDocument,
		"/stac/search":                             callPage,
		"/inma/operations":                         callPage,
		"/inma/operations/5e1f":                    callOperation,
		"/inma/collections/c1/ingestions":          callPage,
		"/inma/collections/c1/ingestions/x/runs":   callPage,
		"/inma/ingestion-sources":                  callPage,
		"/sas/token/c1":                            callDocument,
		"/data/mosaic/collections/c/tilejson.json": callDocument,
	} {
		if got := classifyCall(path); got != want {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}
	l := ResponseLimits{Pages: 10, Operations: -1}
	if l.limit(callPage) != 10 || l.limit(callDocument) != DefaultMaxResponseBytes || l.limit(callOperation) != 0 {
		t.Errorf("limits %d %d %d", l.limit(callPage), l.limit(callDocument), l.limit(callOperation))
	}
}

// shortReader returns at most n bytes per Read, to cross chunk boundaries
// in every way.
type shortReader struct {
	r io.Reader
	n int
}

func (s shortReader) Read(p []byte) (int, error) { return s.r.Read(p[:min(len(p), s.n)]) }

func TestReadBody(t *testing.T) {
	for _, n := range []int{0, 1, minPayloadChunk - 1, minPayloadChunk, minPayloadChunk + 1, 3*maxPayloadChunk + 7} {
		want := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		// size: unknown, declared right, declared too short (a transport
		// that does not enforce Content-Length).
		for _, size := range []int64{-1, int64(n), int64(n / 2)} {
			for _, step := range []int{1 << 30, 1000} {
				if n > 1<<16 && step < 1<<20 {
					step = 64 << 10
				}
				got, err := readBody(shortReader{bytes.NewReader(want), step}, size)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("n=%d size=%d step=%d: %d bytes, err %v", n, size, step, len(got), err)
				}
			}
		}
	}
	fail := errors.New("connection reset")
	if _, err := readBody(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(fail)), -1); !errors.Is(err, fail) {
		t.Fatalf("a failed read: err %v", err)
	}
}

// TestReadPayloadKeepsBody checks that after readPayload the body reads the
// same bytes again (for azcore's own readers), and a second readPayload
// returns them without a copy.
func TestReadPayloadKeepsBody(t *testing.T) {
	resp := &http.Response{StatusCode: 200, ContentLength: -1, Body: io.NopCloser(strings.NewReader(`{"a":1}`))}
	b, err := readPayload(resp)
	if err != nil || string(b) != `{"a":1}` {
		t.Fatalf("%q %v", b, err)
	}
	again, err := io.ReadAll(resp.Body)
	if err != nil || string(again) != `{"a":1}` {
		t.Fatalf("body read again: %q %v", again, err)
	}
	b2, _ := readPayload(resp)
	if &b2[0] != &b[0] {
		t.Fatal("a second readPayload copied the body")
	}
}

func TestDownloadErrorRetries(t *testing.T) {
	fail := errors.New("connection reset")
	var nre interface{ NonRetriable() }
	if errors.As(downloadError(http.MethodGet, fail), &nre) {
		t.Fatal("a failed GET read must be retried")
	}
	if !errors.As(downloadError(http.MethodPost, fail), &nre) || !errors.Is(downloadError(http.MethodPost, fail), fail) {
		t.Fatal("a failed POST read must not be retried and must wrap the cause")
	}
}

// BenchmarkReadBody compares readBody with io.ReadAll (azcore's download)
// on a 1.5 MiB page of unknown length, read 32 KiB at a time like a
// chunked HTTP body, and with its length declared.
func BenchmarkReadBody(b *testing.B) {
	page := bytes.Repeat([]byte("x"), 3<<19)
	for _, bc := range []struct {
		name string
		read func(io.Reader) ([]byte, error)
	}{
		{"readBody", func(r io.Reader) ([]byte, error) { return readBody(r, -1) }},
		{"readBody,Content-Length", func(r io.Reader) ([]byte, error) { return readBody(r, int64(len(page))) }},
		{"io.ReadAll", io.ReadAll},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if got, err := bc.read(shortReader{bytes.NewReader(page), 32 << 10}); err != nil || len(got) != len(page) {
					b.Fatal(len(got), err)
				}
			}
		})
	}
}

// TestBodiesReadThroughReadPayload keeps the package on one body reader:
// runtime.Payload and runtime.UnmarshalAsJSON would read a body again
// unbounded (io.ReadAll), and runtime.SkipBodyDownload alone would not stop
// downloadPolicy from reading a body meant to be streamed (use streamBody).
func TestBodiesReadThroughReadPayload(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "response_limits_payload.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, call := range []string{"runtime.Payload(", "runtime.UnmarshalAsJSON(", "runtime.SkipBodyDownload("} {
			if bytes.Contains(src, []byte(call)) {
				t.Errorf("%s calls %s: use readPayload, decodeJSON or streamBody", f, call)
			}
		}
	}
}
