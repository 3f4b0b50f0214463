package geocatalog

import (
	"context"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// GetLandingPageOptions are the optional parameters of GetLandingPage, reserved for future use.
type GetLandingPageOptions struct{}

// GetLandingPageResponse is the result of GetLandingPage.
type GetLandingPageResponse struct {
	stac.LandingPage
}

// GetLandingPage gets the STAC API landing page (GET /stac).
func (s *STACClient) GetLandingPage(ctx context.Context, options *GetLandingPageOptions) (GetLandingPageResponse, error) {
	var out GetLandingPageResponse
	err := s.c.getJSON(ctx, "/stac", nil, &out.LandingPage)
	return out, err
}

// GetConformanceOptions are the optional parameters of GetConformance, reserved for future use.
type GetConformanceOptions struct{}

// GetConformanceResponse is the result of GetConformance.
type GetConformanceResponse struct {
	// ConformsTo lists the conformance class URIs.
	ConformsTo []string `json:"conformsTo"`
}

// GetConformance gets the conformance classes (GET /stac/conformance).
func (s *STACClient) GetConformance(ctx context.Context, options *GetConformanceOptions) (GetConformanceResponse, error) {
	var out GetConformanceResponse
	err := s.c.getJSON(ctx, "/stac/conformance", nil, &out)
	return out, err
}
