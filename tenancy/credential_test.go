package tenancy

import (
	"context"
	"errors"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// scriptedCredential fails with an AADSTS code (0: succeeds), counting
// calls; release, when set, holds every call until closed.
type scriptedCredential struct {
	code     atomic.Int64
	calls    atomic.Int64
	inFlight atomic.Int64
	maxIn    atomic.Int64
	release  chan struct{}
}

func (s *scriptedCredential) GetToken(ctx context.Context, o policy.TokenRequestOptions) (azcore.AccessToken, error) {
	s.calls.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxIn.Load(); n > m && !s.maxIn.CompareAndSwap(m, n); m = s.maxIn.Load() {
	}
	if s.release != nil {
		<-s.release
	}
	code := s.code.Load()
	if code == 0 {
		return azcore.AccessToken{Token: "tok-" + o.TenantID, ExpiresOn: time.Now().Add(time.Hour)}, nil
	}
	body := `{"error":"invalid_client","error_description":"AADSTS` + itoa(code) + `: Something. Trace ID: x Correlation ID: y Timestamp: z","error_codes":[` + itoa(code) + `]}`
	return azcore.AccessToken{}, &azidentity.AuthenticationFailedError{RawResponse: &http.Response{
		StatusCode: 400, Status: "400 Bad Request", Body: io.NopCloser(strings.NewReader(body)), Header: http.Header{}}}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

const tid = "3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f"

func TestBackoffAfterNotOnboarded(t *testing.T) {
	s := &scriptedCredential{}
	s.code.Store(7000229)
	c := &tenantCredential{tenantID: tid, cred: s, backoffMin: time.Minute, backoffMax: 3 * time.Minute}
	ctx := context.Background()
	opts := policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}}

	_, err := c.GetToken(ctx, opts)
	var te *TokenError
	if !errors.As(err, &te) || !errors.Is(err, ErrNotOnboarded) || te.Code != 7000229 || te.Description != "Something." {
		t.Fatalf("first: %v", err)
	}
	if d := time.Until(te.RetryAfter); d < 59*time.Second || d > time.Minute {
		t.Fatalf("retry after %v", d)
	}
	for range 10 {
		if _, err := c.GetToken(ctx, opts); !errors.Is(err, ErrNotOnboarded) {
			t.Fatal(err)
		}
	}
	if s.calls.Load() != 1 {
		t.Fatalf("%d calls during the back-off", s.calls.Load())
	}
	// The back-off ends: asked again; a new failure doubles it, up to the cap.
	for _, want := range []time.Duration{2 * time.Minute, 3 * time.Minute, 3 * time.Minute} {
		c.mu.Lock()
		c.failure.RetryAfter = time.Now().Add(-time.Second)
		c.mu.Unlock()
		_, err := c.GetToken(ctx, opts)
		if !errors.As(err, &te) || time.Until(te.RetryAfter) > want || time.Until(te.RetryAfter) < want-time.Second {
			t.Fatalf("back-off %v, want %v", time.Until(te.RetryAfter), want)
		}
	}
	if s.calls.Load() != 4 {
		t.Fatalf("%d calls", s.calls.Load())
	}
	// Consent granted and the back-off reset: success clears the state.
	s.code.Store(0)
	c.reset()
	if tk, err := c.GetToken(ctx, opts); err != nil || tk.Token != "tok-"+tid {
		t.Fatalf("%v %q", err, tk.Token)
	}
}

func TestNoBackoffForOtherErrors(t *testing.T) {
	for code, kind := range map[int64]error{7000215: ErrPartnerCredential, 53003: ErrBlockedByPolicy, 12345: nil} {
		s := &scriptedCredential{}
		s.code.Store(code)
		c := &tenantCredential{tenantID: tid, cred: s, backoffMin: time.Minute, backoffMax: time.Hour}
		for range 3 {
			_, err := c.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}})
			var te *TokenError
			switch {
			case kind == nil && errors.As(err, &te):
				t.Fatalf("code %d classified: %v", code, err)
			case kind != nil && (!errors.Is(err, kind) || !errors.As(err, &te) || !te.RetryAfter.IsZero()):
				t.Fatalf("code %d: %v", code, err)
			}
		}
		if s.calls.Load() != 3 {
			t.Fatalf("code %d: %d calls, want 3", code, s.calls.Load())
		}
	}
}

// TestConcurrentCallsShareOneRequest: concurrent GetToken calls of one
// tenant share one request (never two at once); a caller whose context ends
// stops waiting without cancelling the others.
func TestConcurrentCallsShareOneRequest(t *testing.T) {
	s := &scriptedCredential{release: make(chan struct{})}
	c := &tenantCredential{tenantID: tid, cred: s, backoffMin: time.Minute, backoffMax: time.Hour}
	opts := policy.TokenRequestOptions{Scopes: []string{geocatalog.Scope}, EnableCAE: true}
	var wg sync.WaitGroup
	var ok atomic.Int64
	for range 100 {
		wg.Go(func() {
			if _, err := c.GetToken(context.Background(), opts); err == nil {
				ok.Add(1)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() {
		_, err := c.GetToken(ctx, opts)
		gaveUp <- err
	}()
	for s.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v", err)
	}
	close(s.release)
	wg.Wait()
	if ok.Load() != 100 || s.maxIn.Load() != 1 {
		t.Fatalf("%d ok, at most %d requests at once; want 100 and 1", ok.Load(), s.maxIn.Load())
	}
}
