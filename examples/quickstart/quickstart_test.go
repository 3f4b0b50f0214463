package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/tenancy"
	"github.com/stretchr/testify/require"
)

// TestQuickstartOnEmulator runs the quickstart twice against one emulator:
// the first run creates everything, the second finds it already there.
func TestQuickstartOnEmulator(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := geocatalogtest.NewServer(nil)
	defer srv.Close()
	assets, err := serveSampleAssets(sampleItemCount)
	require.NoError(t, err)
	defer assets.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)

	var out bytes.Buffer
	sum, err := quickstart(ctx, &out, client, assets.URL, srv.Client())
	require.NoError(t, err, out.String())
	require.Equal(t, summary{Collections: 1, Created: sampleItemCount, Found: 6, AssetBytes: sum.AssetBytes}, sum)
	tiff, err := sampleTIFF(5)
	require.NoError(t, err)
	require.Greater(t, sum.AssetBytes, 0)
	require.LessOrEqual(t, sum.AssetBytes, 2*len(tiff))

	// The stored item's asset now lives in managed storage, not at the source.
	got, err := client.STAC().GetItem(ctx, collectionID, "quickstart-03", nil)
	require.NoError(t, err)
	require.False(t, strings.HasPrefix(got.Asset("image").Href, assets.URL), "href not rewritten: %s", got.Asset("image").Href)

	out.Reset()
	sum, err = quickstart(ctx, &out, client, assets.URL, srv.Client())
	require.NoError(t, err, out.String())
	require.Equal(t, 0, sum.Created)
	require.Contains(t, out.String(), "already there")
	require.Equal(t, 6, sum.Found)
}

// TestRunEmbedded runs the program's own entry point on the embedded emulator.
func TestRunEmbedded(t *testing.T) {
	t.Setenv("GEOCATALOG_ENDPOINT", "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, run(ctx, nil, &out), out.String())
	require.Contains(t, out.String(), "== customer contoso")
	require.Contains(t, out.String(), "== customer fabrikam")
	require.Equal(t, 2, strings.Count(out.String(), "12 items created"), out.String())
	require.Equal(t, 2, strings.Count(out.String(), "12 created, 0 replaced, 0 unchanged, 0 failed"), out.String())
	// The closing lines say where to look next.
	for _, next := range []string{emulatorCommand, "./examples/gdp-delivery", "./examples/gsp-change-detection", "TracingProvider", "azotel"} {
		require.Contains(t, out.String(), next)
	}
}

// TestDeliveryIsIdempotent delivers the quickstart's order twice to one
// customer: the second delivery finds every item unchanged.
func TestDeliveryIsIdempotent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	emu, err := startEmbedded()
	require.NoError(t, err)
	defer emu.Close()
	targets, err := emu.targets(ctx)
	require.NoError(t, err)
	var out bytes.Buffer
	rep, err := deliver(ctx, &out, targets[1].name, targets[1].client, emu.assets.URL)
	require.NoError(t, err)
	require.Equal(t, sampleItemCount, rep.Created, out.String())
	rep, err = deliver(ctx, &out, targets[1].name, targets[1].client, emu.assets.URL)
	require.NoError(t, err)
	require.Equal(t, 0, rep.Created+rep.Replaced+rep.Failed, out.String())
	require.Equal(t, sampleItemCount, rep.Unchanged)
}

// TestEmbeddedCustomersAreIsolated checks the embedded world the quickstart
// runs in: each customer's client reaches its own catalog with a token of
// its own tenant, and fabrikam's client stays inside its granted collection.
func TestEmbeddedCustomersAreIsolated(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	emu, err := startEmbedded()
	require.NoError(t, err)
	defer emu.Close()
	targets, err := emu.targets(ctx)
	require.NoError(t, err)
	require.Len(t, targets, 2)
	for _, tg := range targets {
		landing, err := tg.client.STAC().GetLandingPage(ctx, nil)
		require.NoError(t, err)
		require.Equal(t, tg.name, landing.ID)
	}
	_, err = targets[1].client.STAC().GetCollection(ctx, "not-granted", nil)
	require.ErrorIs(t, err, tenancy.ErrCollectionNotGranted)
	for _, c := range emu.custs {
		require.Equal(t, 1, emu.entra.TokenRequests(c.TenantID), c.Name)
	}
}
