// Package bad breaks every rule of TestAPIWalk once; the walk must find
// each break (api_walk_self_test.go lists them).
package bad

import (
	"context"
	"iter"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// Model is a model.
type Model struct{ ID string }

// ModelAlias is an exported alias.
type ModelAlias = Model

// Client is a client.
type Client struct{ shared }

// shared is embedded in Client: its exported methods are Client's.
type shared struct{}

// Promoted has no ctx and no options, and is promoted into Client.
func (*shared) Promoted(id string) error { return nil }

// NoCtxOptions are the options of NoCtx.
type NoCtxOptions struct{}

// NoCtxResponse is the response of NoCtx.
type NoCtxResponse struct{}

// NoCtx takes no ctx.
func (*Client) NoCtx(options *NoCtxOptions) (NoCtxResponse, error) { return NoCtxResponse{}, nil }

// NoOptionsResponse is the response of NoOptions.
type NoOptionsResponse struct{}

// NoOptions takes no options.
func (*Client) NoOptions(ctx context.Context) (NoOptionsResponse, error) {
	return NoOptionsResponse{}, nil
}

// IgnoredOptions are the options of Ignored.
type IgnoredOptions struct{}

// IgnoredResponse is the response of Ignored.
type IgnoredResponse struct{}

// Ignored ignores its options.
func (*Client) Ignored(ctx context.Context, _ *IgnoredOptions) (IgnoredResponse, error) {
	return IgnoredResponse{}, nil
}

// BareOptions are the options of Bare.
type BareOptions struct{}

// Bare returns a bare model.
func (*Client) Bare(ctx context.Context, options *BareOptions) (*Model, error) { return nil, nil }

// AliasedOptions are the options of Aliased.
type AliasedOptions struct{}

// AliasedResponse is an alias standing in for a response.
type AliasedResponse = Model

// Aliased returns an alias.
func (*Client) Aliased(ctx context.Context, options *AliasedOptions) (AliasedResponse, error) {
	return AliasedResponse{}, nil
}

// MapOptions are options that are no struct.
type MapOptions map[string]string

// MapResponse is the response of Map.
type MapResponse struct{}

// Map takes options that are no struct.
func (*Client) Map(ctx context.Context, options *MapOptions) (MapResponse, error) {
	return MapResponse{}, nil
}

// OtherOptions are the options of Other.
type OtherOptions struct{}

// OtherResponse is the response of Other.
type OtherResponse struct{}

// Other is fine.
func (*Client) Other(ctx context.Context, options *OtherOptions) (OtherResponse, error) {
	return OtherResponse{}, nil
}

// Borrow takes the options of another method.
func (*Client) Borrow(ctx context.Context, options *OtherOptions) (OtherResponse, error) {
	return OtherResponse{}, nil
}

// CtxOptions are the options of NewCtxPager.
type CtxOptions struct{}

// CtxResponse is a page of NewCtxPager.
type CtxResponse struct{}

// NewCtxPager takes a ctx.
func (*Client) NewCtxPager(ctx context.Context, options *CtxOptions) *runtime.Pager[CtxResponse] {
	return nil
}

// SliceOptions are the options of NewSlicePager.
type SliceOptions struct{}

// NewSlicePager returns no pager.
func (*Client) NewSlicePager(options *SliceOptions) ([]Model, error) { return nil, nil }

// BeginRunOptions are the options of BeginRun.
type BeginRunOptions struct{}

// RunResponse is the result of BeginRun.
type RunResponse struct{}

// BeginRun returns no poller.
func (*Client) BeginRun(ctx context.Context, options *BeginRunOptions) (RunResponse, error) {
	return RunResponse{}, nil
}

// AllOptions are the options of All.
type AllOptions struct{}

// All adapts no pager.
func (*Client) All(ctx context.Context, options *AllOptions) iter.Seq2[Model, error] { return nil }

// TileURL takes no options.
func (*Client) TileURL(z int) (string, error) { return "", nil }

// FirstClient and SecondClient have each their own Get, on one options type.
type FirstClient struct{}

// SecondClient is the second client of GetOptions.
type SecondClient struct{}

// GetOptions are the options of both Gets.
type GetOptions struct{}

// GetResponse is the response of both Gets.
type GetResponse struct{}

// Get is FirstClient's.
func (*FirstClient) Get(ctx context.Context, options *GetOptions) (GetResponse, error) {
	return GetResponse{}, nil
}

// Get is SecondClient's.
func (*SecondClient) Get(ctx context.Context, options *GetOptions) (GetResponse, error) {
	return GetResponse{}, nil
}

// Handle does I/O but is no client type, so the walk would not see it.
type Handle struct{}

// FetchOptions are the options of Fetch.
type FetchOptions struct{}

// FetchResponse is the response of Fetch.
type FetchResponse struct{}

// Fetch does I/O.
func (*Handle) Fetch(ctx context.Context, options *FetchOptions) (FetchResponse, error) {
	return FetchResponse{}, nil
}

// Handle returns a sub-client that is no client type.
func (*Client) Handle() *Handle { return nil }

// hidden is an unexported sub-client.
type hidden struct{}

// Hidden returns an unexported sub-client.
func (*Client) Hidden() *hidden { return nil }

// Save takes no ctx but can fail, and is no listed local method.
func (*Client) Save(dir string) error { return nil }

// PageURLOptions are the options of PageURL.
type PageURLOptions struct{}

// PageURL is a URL builder that cannot report an error.
func (*Client) PageURL(options *PageURLOptions) string { return "" }

// LinkURLOptions are the options of LinkURL.
type LinkURLOptions struct{}

// LinkURL is a URL builder that takes a ctx.
func (*Client) LinkURL(ctx context.Context, options *LinkURLOptions) (string, error) {
	return "", nil
}

// Plan is no *Client, but the self-test names it a client type.
type Plan struct{}

// Stage takes no options and returns a bare slice.
func (*Plan) Stage(ctx context.Context, prefix string) ([]string, error) { return nil, nil }
