package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/geocatalog-partner/sdk-go/examples/internal/cli"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// With no settings the program runs offline: consent URLs for both
// customers, a clean report for the Administrator and one action for the
// Reader.
func TestRunEmbedded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, run(ctx, nil, &out, env(nil)), out.String())
	s := out.String()

	require.Contains(t, s, "contoso's admin opens the consent URL:\n  https://")
	require.Contains(t, s, "fabrikam's admin opens the consent URL:\n  https://")
	require.Equal(t, 4, strings.Count(s, "/v2.0/adminconsent?client_id="), "two printed, one in each report: %s", s)
	contoso, fabrikam, ok := strings.Cut(s[strings.Index(s, "Onboarding report for contoso"):], "Onboarding report for fabrikam")
	require.True(t, ok, s)
	for _, want := range []string{"service principal: yes, found, enabled", "can write:         yes", "collections:       contoso-imagery", "Ready: nothing to do."} {
		require.Contains(t, contoso, want)
	}
	for _, want := range []string{"can read:          yes", "can write:         NO", "collections:       fabrikam-imagery", "To do (1):",
		"[write] Assign the GeoCatalog Administrator role"} {
		require.Contains(t, fabrikam, want)
	}
}

func TestLoadSettings(t *testing.T) {
	s, err := loadSettings(env(nil))
	require.NoError(t, err)
	require.Nil(t, s, "no settings: offline demo")

	_, err = loadSettings(env(map[string]string{"PARTNER_CLIENT_ID": "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f"}))
	require.ErrorContains(t, err, "REGISTRY")

	_, err = loadSettings(env(map[string]string{"PARTNER_CLIENT_ID": "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f", "REGISTRY": "r.json"}))
	require.ErrorContains(t, err, "one credential")

	s, err = loadSettings(env(map[string]string{"PARTNER_CLIENT_ID": "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f", "REGISTRY": "r.json",
		"PARTNER_CLIENT_SECRET": "s3cret-value", "CUSTOMER": "contoso"}))
	require.NoError(t, err)
	require.Equal(t, "contoso", s.customer)
	require.Equal(t, "s3cret-value", s.config.Credential.ClientSecret.Reveal())
	require.Equal(t, "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f", s.config.ClientID)
}

// An unknown CUSTOMER is reported with the registry's names, before any
// request.
func TestRunUnknownCustomer(t *testing.T) {
	reg := filepath.Join(t.TempDir(), "customers.json")
	require.NoError(t, os.WriteFile(reg, []byte(`{"customers":[{"name":"contoso","tenantId":"3f1c6a2e-8d4b-4c1a-9e5f-0a1b2c3d4e5f",
		"endpoint":"https://contoso.abc.westeurope.geocatalog.spatio.azure.com"}]}`), 0o600))
	err := run(context.Background(), nil, &bytes.Buffer{}, env(map[string]string{"PARTNER_CLIENT_ID": "4c2f5b7e-1d3a-4e8b-9f60-7a1b2c3d4e5f",
		"PARTNER_CLIENT_SECRET": "s", "REGISTRY": reg, "CUSTOMER": "fabrikam"}))
	require.ErrorContains(t, err, `customer "fabrikam" is not in`)
	require.ErrorContains(t, err, "contoso")
}

// TestUsage checks -h prints the usage and is not an error, and that a bad
// flag is.
func TestUsage(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-h"}, &out, env(nil))
	require.Error(t, err)
	require.Equal(t, 0, cli.ExitCode(err))
	for _, want := range []string{"Usage: onboarding", "PARTNER_CLIENT_ID", "REGISTRY", "CUSTOMER", "Exit status"} {
		require.Contains(t, out.String(), want)
	}
	require.Equal(t, 2, cli.ExitCode(run(context.Background(), []string{"-nope"}, &out, env(nil))))
}
