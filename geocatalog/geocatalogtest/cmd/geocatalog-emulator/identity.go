package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

// app is the registered application a client signs in as.
type app struct {
	TenantID string
	ClientID string
	Secret   string
	ObjectID string // its service principal in TenantID, granted on every catalog
}

// newApp registers an app with a client secret in tenantID of e (an empty
// clientID or secret means a new one) and returns it.
func newApp(e *tenancytest.Entra, tenantID, clientID, secret string) (app, error) {
	if clientID == "" {
		clientID = uuid.NewString()
	}
	if secret == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return app{}, err
		}
		secret = base64.RawURLEncoding.EncodeToString(b)
	}
	e.AddTenant(tenantID)
	e.RegisterApp(clientID, tenancytest.WithSecret(secret), tenancytest.WithHomeTenant(tenantID), tenancytest.WithDisplayName("geocatalog-emulator"))
	oid := e.Consent(tenantID, clientID)
	return app{TenantID: tenantID, ClientID: clientID, Secret: secret, ObjectID: oid}, nil
}

// token is an access token of the token endpoint.
type token struct {
	Value     string
	ExpiresOn time.Time
}

// fetchToken asks the token endpoint for a GeoCatalog token of a by the
// client credentials grant, as any language's identity library does.
func fetchToken(ctx context.Context, hc *http.Client, endpoint string, a app) (token, error) {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {a.ClientID},
		"client_secret": {a.Secret},
		"scope":         {geocatalog.Scope},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return token{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
	if err != nil {
		return token{}, fmt.Errorf("token request: %w", err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return token{}, fmt.Errorf("token response (%s): %w", resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK || body.AccessToken == "" {
		return token{}, fmt.Errorf("token request refused: %s %s", resp.Status, body.Error)
	}
	return token{Value: body.AccessToken, ExpiresOn: time.Now().Add(time.Duration(body.ExpiresIn) * time.Second)}, nil
}
