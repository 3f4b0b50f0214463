package geocatalog

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// blobHostSuffixes are the Azure Blob storage host suffixes of the public
// and sovereign clouds.
var blobHostSuffixes = []string{
	".blob.core.windows.net",
	".blob.core.usgovcloudapi.net",
	".blob.core.chinacloudapi.cn",
	".blob.storage.azure.net",
}

// SignItemOptions are the optional parameters of SignItem.
type SignItemOptions struct {
	// Duration asks for a signature lifetime (minutes on /sas).
	Duration time.Duration
	// PerHref signs every asset href with its own GET /sas/sign call instead
	// of appending the item collection's cached container token. Use it for
	// items whose assets live in several containers.
	PerHref bool
}

// SignItemResponse is the result of SignItem, reserved for future fields (the item is signed in place).
type SignItemResponse struct{}

// SignItem signs the href of every asset of item in place. By default it
// appends the (cached) SAS token of the item's collection to every asset
// href on managed storage (an Azure Blob host, or a host listed in
// ClientOptions.AllowedHosts such as an emulator's blob endpoint) that is not
// signed yet; other hrefs are left alone. With PerHref each href is signed
// by the service. The signed hrefs are credentials: do not log them.
func (s *SASClient) SignItem(ctx context.Context, item *stac.Item, options *SignItemOptions) (SignItemResponse, error) {
	const op = "SAS.SignItem"
	if item == nil {
		return SignItemResponse{}, &InvalidArgumentError{Op: op, Param: "item", Reason: "must not be nil"}
	}
	var opts SignItemOptions
	if options != nil {
		opts = *options
	}
	if opts.Duration < 0 {
		return SignItemResponse{}, &InvalidArgumentError{Op: op, Param: "Duration", Reason: "must not be negative"}
	}
	if opts.PerHref {
		for _, a := range item.Assets {
			if a == nil || a.Href == "" || !s.signable(a.Href) {
				continue
			}
			l, err := s.Sign(ctx, a.Href, &SignOptions{Duration: opts.Duration})
			if err != nil {
				return SignItemResponse{}, err
			}
			a.Href = l.Href
		}
		return SignItemResponse{}, nil
	}
	if err := checkID(op, "item.Collection", item.Collection); err != nil {
		return SignItemResponse{}, err
	}
	var tok *SASToken
	for _, a := range item.Assets {
		if a == nil || a.Href == "" || !s.signable(a.Href) {
			continue
		}
		if tok == nil {
			t, err := s.token(ctx, item.Collection, &GetTokenOptions{Duration: opts.Duration})
			if err != nil {
				return SignItemResponse{}, err
			}
			tok = &t
		}
		a.Href = tok.AppendTo(a.Href)
	}
	return SignItemResponse{}, nil
}

// signable reports whether href is an unsigned http(s) URL on managed
// storage.
func (s *SASClient) signable(href string) bool {
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return false
	}
	if u.Query().Has("sig") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, suf := range blobHostSuffixes {
		if strings.HasSuffix(host, suf) {
			return true
		}
	}
	return slices.Contains(s.c.allowedHosts, host)
}
