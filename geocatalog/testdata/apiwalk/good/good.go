// Package good has one method of every shape TestAPIWalk accepts; the
// walk must find no problem in it.
package good

import (
	"context"
	"iter"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Model is a model.
type Model struct{ ID string }

// Client is a client.
type Client struct{ shared }

// OtherClient is a second client with the same shared operations.
type OtherClient struct{ shared }

// shared holds operations that Client and OtherClient share.
type shared struct{}

// GetOptions are the options of Get.
type GetOptions struct{}

// GetResponse is the response of Get.
type GetResponse struct{ Model }

// Get is an operation promoted into Client and OtherClient.
func (*shared) Get(ctx context.Context, id string, options *GetOptions) (GetResponse, error) {
	return GetResponse{}, nil
}

// BeginRunOptions are the options of BeginRun.
type BeginRunOptions struct{}

// RunResponse is the result of BeginRun.
type RunResponse struct{ Model }

// BeginRun is a long-running operation.
func (*Client) BeginRun(ctx context.Context, options *BeginRunOptions) (*runtime.Poller[RunResponse], error) {
	return nil, nil
}

// ListOptions are the options of NewListPager.
type ListOptions struct{}

// ListResponse is a page of NewListPager.
type ListResponse struct{ Items []Model }

// NewListPager is a pager.
func (*Client) NewListPager(options *ListOptions) *runtime.Pager[ListResponse] { return nil }

// List adapts NewListPager.
func (*Client) List(ctx context.Context, options *ListOptions) iter.Seq2[Model, error] {
	return nil
}

// TileURLOptions are the options of TileURL.
type TileURLOptions struct{}

// TileURL is a URL builder.
func (*Client) TileURL(z int, options *TileURLOptions) (string, error) { return "", nil }

// Endpoint is an accessor.
func (*Client) Endpoint() string { return "" }

// Other is an accessor of a sub-client.
func (*Client) Other() *OtherClient { return nil }

// BaseURL is an accessor, though its name ends in URL: it takes nothing
// and cannot fail.
func (*Client) BaseURL() string { return "" }

// Plan is no *Client, but the self-test names it a client type.
type Plan struct{}

// StageOptions are the options of Stage.
type StageOptions struct{}

// StageResponse is the response of Stage.
type StageResponse struct{ URLs []string }

// Stage is an operation of a named client type.
func (*Plan) Stage(ctx context.Context, prefix string, options *StageOptions) (StageResponse, error) {
	return StageResponse{}, nil
}

// WriteFiles is a local method: the self-test lists it, so it may fail
// without ctx.
func (*Plan) WriteFiles(dir string) ([]string, error) { return nil, nil }
