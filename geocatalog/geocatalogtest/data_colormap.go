package geocatalogtest

import (
	"image/color"
	"strings"
)

// colormapAnchors are a few colormaps given by evenly spaced anchor
// colours; the 256 entries are interpolated linearly. Close to, not
// identical with, matplotlib's.
var colormapAnchors = map[string][][3]uint8{
	"viridis": {{68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142}, {31, 158, 137}, {53, 183, 121}, {110, 206, 88}, {181, 222, 43}, {253, 231, 37}},
	"plasma":  {{13, 8, 135}, {84, 2, 163}, {139, 10, 165}, {185, 50, 137}, {219, 92, 104}, {244, 136, 73}, {254, 188, 43}, {240, 249, 33}},
	"magma":   {{0, 0, 4}, {28, 16, 68}, {79, 18, 123}, {129, 37, 129}, {181, 54, 122}, {229, 80, 100}, {251, 135, 97}, {254, 194, 135}, {252, 253, 191}},
	"gray":    {{0, 0, 0}, {255, 255, 255}},
	"greys_r": {{0, 0, 0}, {255, 255, 255}},
	"greys":   {{255, 255, 255}, {0, 0, 0}},
	"rdylgn":  {{165, 0, 38}, {244, 109, 67}, {254, 224, 139}, {217, 239, 139}, {102, 189, 99}, {0, 104, 55}},
	"blues":   {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}},
}

// namedColormap returns the 256-entry table of a colormap; a "_r" suffix
// reverses it.
func namedColormap(name string) (*[256]color.NRGBA, bool) {
	name = strings.ToLower(name)
	anchors, ok := colormapAnchors[name]
	reverse := false
	if !ok {
		base, isRev := strings.CutSuffix(name, "_r")
		if anchors, ok = colormapAnchors[base]; !ok || !isRev {
			return nil, false
		}
		reverse = true
	}
	var lut [256]color.NRGBA
	n := len(anchors) - 1
	for i := range lut {
		t := float64(i) / 255
		if reverse {
			t = 1 - t
		}
		f := t * float64(n)
		k := min(int(f), n-1)
		w := f - float64(k)
		a, b := anchors[k], anchors[k+1]
		mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-w) + float64(y)*w + 0.5) }
		lut[i] = color.NRGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 255}
	}
	return &lut, true
}
