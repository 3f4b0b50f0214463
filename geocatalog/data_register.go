package geocatalog

import (
	"context"
	"net/http"
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
// search registers the empty search, which matches every item.
func (d *DataClient) RegisterSearch(ctx context.Context, search *RegisterSearchRequest, options *RegisterSearchOptions) (RegisterSearchResponse, error) {
	var resp RegisterSearchResponse
	err := d.newCall(http.MethodPost, "/data/mosaic/register", nil, orZero(search)).decode(ctx, &resp.RegisteredSearch)
	return resp, err
}
