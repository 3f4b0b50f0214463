package geocatalogtest

import (
	"math"
	"testing"
)

func TestParseExpr(t *testing.T) {
	vars := map[string]float64{"image_b1": 3, "image_b2": 5, "nir": 8}
	for expr, want := range map[string]float64{
		"image_b1+image_b2*2":                           13,
		"(image_b2-image_b1)/(image_b2+image_b1)":       0.25,
		"-image_b1 + 10":                                7,
		"nir ** 2 / 4":                                  16,
		"2*(nir-(image_b1+1))":                          8,
		" 1.5e1 - image_b2 ":                            10,
		"(nir - image_b1) / (nir + image_b1) * 100 + 0": 500.0 / 11,
	} {
		e, err := parseExpr(expr)
		if err != nil {
			t.Fatalf("%q: %v", expr, err)
		}
		if got := e.eval(vars); math.Abs(got-want) > 1e-12 {
			t.Errorf("%q = %v, want %v", expr, got, want)
		}
	}
	for _, bad := range []string{"", "1 +", "(a", "a b", "3 $ 4", "1..2"} {
		if _, err := parseExpr(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}
