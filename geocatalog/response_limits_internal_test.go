package geocatalog

import "testing"

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
