package geocatalogtest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
)

// Audience is the token audience GeoCatalog accepts. TokenValidator
// implementations that read JWTs check it.
const Audience = "https://geocatalog.spatio.azure.com"

// Principal is the identity a validated bearer token carries.
type Principal struct {
	// TenantID is the Entra tenant that issued the token (claim tid).
	TenantID string
	// ObjectID identifies the principal (claim oid); roles are granted to it.
	ObjectID string
	// AppID is the client application (claim appid or azp), empty for users.
	AppID string
}

// TokenValidator checks a bearer token and returns its principal. An error
// (missing, malformed, expired, wrong audience) makes the catalog answer 401.
// A catalog compares the principal's TenantID with its own tenant itself.
// Implementations must be safe for concurrent use.
type TokenValidator interface {
	ValidateToken(token string) (Principal, error)
}

// Role is a GeoCatalog data-plane role.
type Role int

const (
	// RoleNone means no role: every request is 403.
	RoleNone Role = iota
	// RoleReader is GeoCatalog Reader: reads, searches and SAS requests.
	RoleReader
	// RoleAdministrator is GeoCatalog Administrator: reads and writes.
	RoleAdministrator
)

// String returns the role's name.
func (r Role) String() string {
	switch r {
	case RoleReader:
		return "GeoCatalog Reader"
	case RoleAdministrator:
		return "GeoCatalog Administrator"
	}
	return "none"
}

// ErrUnknownToken is what a StaticTokenValidator returns for a token it does not hold.
var ErrUnknownToken = errors.New("geocatalogtest: unknown token")

// ErrTokenExpired is what a StaticTokenValidator returns for a token past its expiry.
var ErrTokenExpired = errors.New("geocatalogtest: token expired")

// StaticTokenValidator is a TokenValidator over a fixed table of opaque
// tokens. The zero value is not usable: call NewStaticTokenValidator.
type StaticTokenValidator struct {
	mu     sync.RWMutex
	tokens map[string]staticToken
}

type staticToken struct {
	p       Principal
	expires time.Time
}

// NewStaticTokenValidator returns an empty StaticTokenValidator.
func NewStaticTokenValidator() *StaticTokenValidator {
	return &StaticTokenValidator{tokens: make(map[string]staticToken)}
}

// Add makes token valid for principal p, without expiry.
func (v *StaticTokenValidator) Add(token string, p Principal) {
	v.AddExpiring(token, p, time.Time{})
}

// AddExpiring makes token valid for principal p until expires (zero: forever).
func (v *StaticTokenValidator) AddExpiring(token string, p Principal, expires time.Time) {
	v.mu.Lock()
	v.tokens[token] = staticToken{p: p, expires: expires}
	v.mu.Unlock()
}

// Remove makes token invalid.
func (v *StaticTokenValidator) Remove(token string) {
	v.mu.Lock()
	delete(v.tokens, token)
	v.mu.Unlock()
}

// ValidateToken implements TokenValidator.
func (v *StaticTokenValidator) ValidateToken(token string) (Principal, error) {
	v.mu.RLock()
	t, ok := v.tokens[token]
	v.mu.RUnlock()
	if !ok {
		return Principal{}, ErrUnknownToken
	}
	if !t.expires.IsZero() && time.Now().After(t.expires) {
		return Principal{}, ErrTokenExpired
	}
	return t.p, nil
}

// NewStaticCredential returns an azcore.TokenCredential that always returns
// token (valid for an hour from each call), for tokens registered with a
// StaticTokenValidator.
func NewStaticCredential(token string) azcore.TokenCredential {
	return staticCredential(token)
}

type staticCredential string

// GetToken implements azcore.TokenCredential.
func (c staticCredential) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(c), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// TokenValidatorFunc adapts a function to TokenValidator.
type TokenValidatorFunc func(token string) (Principal, error)

// ValidateToken implements TokenValidator.
func (f TokenValidatorFunc) ValidateToken(token string) (Principal, error) { return f(token) }
