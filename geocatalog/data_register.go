package geocatalog

import (
	"context"
	"net/http"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// RegisterSearchOptions are the optional parameters of RegisterSearch,
// reserved for future use.
type RegisterSearchOptions struct{}

// RegisterSearchResponse is the result of RegisterSearch.
type RegisterSearchResponse struct {
	RegisteredSearch
}

// RegisterSearch registers a STAC search as a mosaic and returns its id,
// to use with DataClient.Search. The same search gives the same id. A nil
// search registers the empty search, which matches every item. Its BBox
// and Intersects (WGS84, as in every STAC search) are checked as
// STACClient.SearchItems checks them: out of range is an
// *InvalidArgumentError wrapping a *stac.ValidationError, and nothing is
// sent.
func (d *DataClient) RegisterSearch(ctx context.Context, search *RegisterSearchRequest, options *RegisterSearchOptions) (RegisterSearchResponse, error) {
	var resp RegisterSearchResponse
	search = orZero(search)
	if err := checkRegisterSearch(search); err != nil {
		return resp, err
	}
	err := d.newCall(http.MethodPost, "/data/mosaic/register", nil, search).decode(ctx, &resp.RegisteredSearch)
	return resp, err
}

// checkRegisterSearch range-checks the bbox and geometry of a search to
// register.
func checkRegisterSearch(s *RegisterSearchRequest) error {
	const op = "Data.RegisterSearch"
	if s.BBox != nil {
		if err := checkBBox(op, "BBox", s.BBox); err != nil {
			return err
		}
	}
	if g := stac.Geometry(s.Intersects); !g.IsNull() {
		return checkDataGeometry(op, "Intersects", "", g)
	}
	return nil
}
