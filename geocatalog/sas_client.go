package geocatalog

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// sasRefreshMargin is how long before msft:expiry a cached token is renewed.
const sasRefreshMargin = 5 * time.Minute

// SASClient is the client of the shared access signature API (/sas). It
// caches collection tokens until 5 minutes before they expire, with one
// fetch in flight per collection. Get it with Client.SAS; it is safe for
// concurrent use.
type SASClient struct {
	c     *Client
	now   func() time.Time
	group singleflight.Group

	mu    sync.Mutex
	cache map[string]SASToken
}

func newSASClient(c *Client) *SASClient {
	return &SASClient{c: c, now: time.Now, cache: map[string]SASToken{}}
}

// SASToken is a SAS token for the managed-storage container of a collection.
type SASToken struct {
	// Token is the SAS query string, without a leading "?". It is a
	// credential: never log it.
	Token string `json:"token"`
	// Expiry is msft:expiry, when the token stops working.
	Expiry time.Time `json:"msft:expiry"`
}

// AppendTo returns href with the token appended as its query string ("?"
// or "&" as needed). It does not check the href's host.
func (t SASToken) AppendTo(href string) string {
	tok := strings.TrimPrefix(t.Token, "?")
	if tok == "" {
		return href
	}
	frag := ""
	if i := strings.IndexByte(href, '#'); i >= 0 {
		href, frag = href[:i], href[i:]
	}
	sep := "?"
	if strings.Contains(href, "?") {
		sep = "&"
		if strings.HasSuffix(href, "?") || strings.HasSuffix(href, "&") {
			sep = ""
		}
	}
	return href + sep + tok + frag
}

// GetTokenOptions are the optional parameters of GetToken.
type GetTokenOptions struct {
	// Duration asks for a token lifetime (sent in minutes; "only valid for
	// approved users" says the service). Zero means the service default.
	Duration time.Duration
	// Refresh bypasses the cache and fetches a new token.
	Refresh bool
}

// GetTokenResponse is the result of GetToken.
type GetTokenResponse struct {
	SASToken
}

// GetToken returns a SAS token for the managed-storage container of the
// collection (GET /sas/token/{collectionId}). Tokens are cached per
// collection (and duration) until 5 minutes before msft:expiry; concurrent
// callers share one fetch.
func (s *SASClient) GetToken(ctx context.Context, collectionID string, options *GetTokenOptions) (GetTokenResponse, error) {
	t, err := s.token(ctx, collectionID, options)
	return GetTokenResponse{SASToken: t}, err
}

// token is GetToken.
func (s *SASClient) token(ctx context.Context, collectionID string, options *GetTokenOptions) (SASToken, error) {
	if err := checkID("SAS.GetToken", "collectionID", collectionID); err != nil {
		return SASToken{}, err
	}
	var opts GetTokenOptions
	if options != nil {
		opts = *options
	}
	if opts.Duration < 0 {
		return SASToken{}, &InvalidArgumentError{Op: "SAS.GetToken", Param: "Duration", Reason: "must not be negative"}
	}
	minutes := sasDurationMinutes(opts.Duration)
	key := collectionID + "\x00" + itoa(minutes)
	if !opts.Refresh {
		if t, ok := s.cached(key); ok {
			return t, nil
		}
	}
	v, err, _ := s.group.Do(key, func() (any, error) {
		if !opts.Refresh {
			if t, ok := s.cached(key); ok {
				return t, nil
			}
		}
		q := url.Values{}
		if minutes > 0 {
			q.Set("duration", itoa(minutes))
		}
		req, err := s.c.newRequest(ctx, http.MethodGet, "/sas/token/"+pathSegment(collectionID), q)
		if err != nil {
			return SASToken{}, err
		}
		resp, err := s.c.do(req, http.StatusOK)
		if err != nil {
			return SASToken{}, err
		}
		var t SASToken
		if err := decodeJSON(resp, &t); err != nil {
			return SASToken{}, err
		}
		t.Token = strings.TrimPrefix(t.Token, "?")
		s.mu.Lock()
		s.cache[key] = t
		s.mu.Unlock()
		return t, nil
	})
	if err != nil {
		return SASToken{}, err
	}
	return v.(SASToken), nil
}

func (s *SASClient) cached(key string) (SASToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.cache[key]
	if !ok || !s.now().Add(sasRefreshMargin).Before(t.Expiry) {
		return SASToken{}, false
	}
	return t, true
}

// SignedLink is a href signed by SASClient.Sign.
type SignedLink struct {
	// Href is the signed href (unchanged when the service does not sign it,
	// e.g. a href outside Azure Blob storage). It carries a credential.
	Href string `json:"href"`
	// Expiry is msft:expiry; nil when the href was not signed.
	Expiry *time.Time `json:"msft:expiry,omitempty"`
}

// SignOptions are the optional parameters of Sign.
type SignOptions struct {
	// Duration asks for a signature lifetime (sent in minutes).
	Duration time.Duration
}

// SignResponse is the result of Sign.
type SignResponse struct {
	SignedLink
}

// Sign signs one href (GET /sas/sign?href=...).
func (s *SASClient) Sign(ctx context.Context, href string, options *SignOptions) (SignResponse, error) {
	if strings.TrimSpace(href) == "" {
		return SignResponse{}, &InvalidArgumentError{Op: "SAS.Sign", Param: "href", Reason: "must not be empty"}
	}
	if u, err := url.Parse(href); err != nil || !u.IsAbs() {
		return SignResponse{}, &InvalidArgumentError{Op: "SAS.Sign", Param: "href", Reason: "must be an absolute URL"}
	}
	var opts SignOptions
	if options != nil {
		opts = *options
	}
	if opts.Duration < 0 {
		return SignResponse{}, &InvalidArgumentError{Op: "SAS.Sign", Param: "Duration", Reason: "must not be negative"}
	}
	q := url.Values{"href": {href}}
	if m := sasDurationMinutes(opts.Duration); m > 0 {
		q.Set("duration", itoa(m))
	}
	req, err := s.c.newRequest(ctx, http.MethodGet, "/sas/sign", q)
	if err != nil {
		return SignResponse{}, err
	}
	resp, err := s.c.do(req, http.StatusOK)
	if err != nil {
		return SignResponse{}, err
	}
	var out SignResponse
	if err := decodeJSON(resp, &out.SignedLink); err != nil {
		return SignResponse{}, err
	}
	return out, nil
}

// RevokeTokenOptions are the optional parameters of RevokeToken.
type RevokeTokenOptions struct {
	// Duration is passed to the service as "duration" (minutes).
	Duration time.Duration
}

// RevokeTokenResponse is the result of RevokeToken, reserved for future fields.
type RevokeTokenResponse struct{}

// RevokeToken revokes the SAS tokens of the catalog's managed storage
// (POST /sas/token/revoke; catalog-wide, an administrator action) and
// empties the client's token cache.
func (s *SASClient) RevokeToken(ctx context.Context, options *RevokeTokenOptions) (RevokeTokenResponse, error) {
	var opts RevokeTokenOptions
	if options != nil {
		opts = *options
	}
	if opts.Duration < 0 {
		return RevokeTokenResponse{}, &InvalidArgumentError{Op: "SAS.RevokeToken", Param: "Duration", Reason: "must not be negative"}
	}
	q := url.Values{}
	if m := sasDurationMinutes(opts.Duration); m > 0 {
		q.Set("duration", itoa(m))
	}
	req, err := s.c.newRequest(ctx, http.MethodPost, "/sas/token/revoke", q)
	if err != nil {
		return RevokeTokenResponse{}, err
	}
	s.mu.Lock()
	s.cache = map[string]SASToken{}
	s.mu.Unlock()
	_, err = s.c.do(req, http.StatusOK, http.StatusNoContent)
	return RevokeTokenResponse{}, err
}
