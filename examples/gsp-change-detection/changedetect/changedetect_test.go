package changedetect_test

import (
	"context"
	"io"
	"math"
	"net/url"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/examples/gsp-change-detection/changedetect"
	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/internal/geotiff"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestChangeDetectionOnTheEmulator(t *testing.T) {
	ctx := context.Background()
	az := azurite.Start(t)
	stager := partner.NewStager(az.NewClient().ServiceClient().NewContainerClient("staging"), nil)
	if _, err := stager.EnsureContainer(ctx, nil); err != nil {
		t.Fatal(err)
	}
	srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
	defer srv.Close()
	client, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	const cells, size = 5, 64
	g, err := changedetect.Generate(ctx, client, partner.NewWriter(client, &partner.WriterOptions{Stager: stager}),
		changedetect.GenerateOptions{Collection: "rasters", Cells: cells, Size: size, Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := url.Parse(srv.BlobURL)
	rep, err := gsp.Run(ctx, client, gsp.Job{
		Source:             gsp.Source{Collections: []string{"rasters"}},
		Processor:          changedetect.Processor{AssetKey: "image", Threshold: 20},
		Output:             stac.NewCollection("changes", "Change masks", "CC0-1.0", stac.NewExtent([]float64{0, 0, cells, 1}, &changedetect.Before, &changedetect.After)),
		Processing:         gsp.Processing{Software: map[string]string{"gsp-change-detection": "0.1.0"}},
		Writer:             &partner.WriterOptions{Stager: stager},
		StorageHosts:       []string{blob.Host},
		AssetClientOptions: &azcore.ClientOptions{Transport: srv.Client()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Done != 2*cells || rep.DerivedItems != cells || rep.Failed != 0 {
		t.Fatalf("report: done %d derived %d failed %d: %+v", rep.Done, rep.DerivedItems, rep.Failed, rep.FailedSources())
	}
	tok, err := client.SAS().GetToken(ctx, "changes", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it, err := range client.STAC().ListItems(ctx, "changes", nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		from := gsp.DerivedFrom(it)
		laterID := it.ID[len("change-"):]
		want, ok := g.Fractions[laterID]
		if !ok || len(from) != 2 {
			t.Fatalf("%s: unexpected item or derived_from %v", it.ID, from)
		}
		got, _ := it.Properties.Float(changedetect.PropFraction)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: fraction %v, want %v", it.ID, got, want)
		}
		if it.Properties.StartDatetime == nil || !it.Properties.StartDatetime.Equal(changedetect.Before) {
			t.Errorf("%s: start_datetime %v", it.ID, it.Properties.StartDatetime)
		}
		// The mask was staged, copied into managed storage, and decodes.
		mask := it.Assets["mask"]
		if mask == nil {
			t.Fatalf("%s has no mask", it.ID)
		}
		resp, err := srv.Client().Get(tok.AppendTo(mask.Href))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		r, err := geotiff.ReadBytes(b)
		if err != nil {
			t.Fatalf("%s mask: %v (HTTP %d)", it.ID, err, resp.StatusCode)
		}
		ones := 0
		for _, v := range r.Data[0] {
			if v == 1 {
				ones++
			}
		}
		if float64(ones)/float64(size*size) != want || r.EPSG != 4326 {
			t.Errorf("%s mask: %d changed pixels, EPSG %d", it.ID, ones, r.EPSG)
		}
	}
	if n != cells {
		t.Fatalf("%d derived items, want %d", n, cells)
	}
}

func TestDetectRejectsDifferentGrids(t *testing.T) {
	a := geotiff.New(4, 4, 1, geotiff.Uint8)
	b := geotiff.New(4, 4, 1, geotiff.Uint8)
	b.SetBounds(0, 0, 2, 2)
	if _, _, _, err := changedetect.Detect(a, b, 1); err == nil {
		t.Fatal("different grids accepted")
	}
	c := geotiff.New(5, 4, 1, geotiff.Uint8)
	if _, _, _, err := changedetect.Detect(a, c, 1); err == nil {
		t.Fatal("different sizes accepted")
	}
	nd := 0.0
	b = geotiff.New(4, 4, 1, geotiff.Uint8)
	b.NoData = &nd
	a.Data[0][0], a.Data[0][1] = 9, 9
	b.Data[0][1] = 1 // pixel 0 is nodata in b; pixel 1 changed by 8
	mask, changed, valid, err := changedetect.Detect(a, b, 5)
	if err != nil || changed != 1 || valid != 1 || mask.Data[0][0] != 255 {
		t.Fatalf("changed %d valid %d mask[0] %v err %v", changed, valid, mask.Data[0][0], err)
	}
}
