package tenancy

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"golang.org/x/sync/singleflight"
)

// tenantCredential is the app's credential pinned to one customer tenant:
// it classifies token errors, shares concurrent requests and backs off
// after ErrNotOnboarded.
type tenantCredential struct {
	tenantID   string
	cred       azcore.TokenCredential
	backoffMin time.Duration
	backoffMax time.Duration
	flights    singleflight.Group

	mu      sync.Mutex
	failure *TokenError // the last ErrNotOnboarded, while backing off
	delay   time.Duration
}

// GetToken implements azcore.TokenCredential.
func (c *tenantCredential) GetToken(ctx context.Context, opts policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if err := c.remembered(); err != nil {
		return azcore.AccessToken{}, err
	}
	opts.TenantID = c.tenantID
	key := strings.Join(opts.Scopes, " ") + "|" + opts.Claims + "|" + strconv.FormatBool(opts.EnableCAE)
	// The shared request must not die with the first caller's context;
	// each caller still stops waiting when its own context ends.
	shared := context.WithoutCancel(ctx)
	ch := c.flights.DoChan(key, func() (any, error) {
		tk, err := c.cred.GetToken(shared, opts)
		return tk, c.afterFetch(err)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return azcore.AccessToken{}, r.Err
		}
		return r.Val.(azcore.AccessToken), nil
	case <-ctx.Done():
		return azcore.AccessToken{}, ctx.Err()
	}
}

// remembered returns the back-off error while it lasts.
func (c *tenantCredential) remembered() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failure != nil && time.Now().Before(c.failure.RetryAfter) {
		f := *c.failure
		return &f
	}
	return nil
}

// afterFetch classifies err and updates the back-off.
func (c *tenantCredential) afterFetch(err error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		c.failure, c.delay = nil, 0
		return nil
	}
	te := classifyTokenError(c.tenantID, err)
	if te == nil {
		return err
	}
	if te.Kind == ErrNotOnboarded && c.backoffMin > 0 {
		switch {
		case c.delay == 0:
			c.delay = c.backoffMin
		case c.delay < c.backoffMax:
			c.delay = min(2*c.delay, c.backoffMax)
		}
		te.RetryAfter = time.Now().Add(c.delay)
		f := *te
		c.failure = &f
	}
	return te
}

func (c *tenantCredential) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failure, c.delay = nil, 0
}
