package geocatalogtest_test

import (
	"context"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

// TestListBlobsPaging: List Blobs pages by maxresults and NextMarker, as
// azblob's flat pager drives it, in name order, each blob once; bad paging
// parameters and trailing-slash paths get Azure Storage's XML errors.
func TestListBlobsPaging(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)
	var want []string
	for _, id := range []string{"b", "a", "c"} {
		assets := map[string]any{}
		for _, key := range []string{"red", "green"} {
			assets[key] = map[string]any{"href": as.URL + "/data/" + id + "-" + key + ".tif", "type": "image/tiff"}
			want = append(want, id+"/"+key+".tif")
		}
		c.mustSucceed(c.do("POST", "/stac/collections/coll/items", itemBody("coll", id, 1, 1, "2021-01-01T00:00:00Z", assets)))
	}
	slices.Sort(want)
	got := c.do("GET", "/stac/collections/coll/items/a", nil).json(t)
	href := got["assets"].(map[string]any)["red"].(map[string]any)["href"].(string)
	containerURL := href[:strings.LastIndex(href, "/a/red.tif")]
	if !strings.HasSuffix(href, "/a/red.tif") || strings.Count(strings.TrimPrefix(containerURL, f.srv.BlobURL+"/"), "/") != 0 {
		t.Fatalf("asset href %s", href)
	}
	sas := c.do("GET", "/sas/token/coll", nil).json(t)["token"].(string)

	cc, err := container.NewClientWithNoCredential(containerURL+"?"+sas, &container.ClientOptions{
		ClientOptions: policy.ClientOptions{Transport: f.srv.Client(), Retry: policy.RetryOptions{MaxRetries: -1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	list := func(opts *container.ListBlobsFlatOptions) (names []string, pages []int) {
		t.Helper()
		for p := cc.NewListBlobsFlatPager(opts); p.More(); {
			page, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatalf("list blobs: %v", err)
			}
			for _, b := range page.Segment.BlobItems {
				names = append(names, *b.Name)
				if b.Properties == nil || b.Properties.ContentLength == nil || *b.Properties.ContentLength == 0 {
					t.Fatalf("blob %s without its length", *b.Name)
				}
			}
			pages = append(pages, len(page.Segment.BlobItems))
		}
		return names, pages
	}
	names, pages := list(&container.ListBlobsFlatOptions{MaxResults: to.Ptr[int32](4)})
	if !slices.Equal(names, want) || !slices.Equal(pages, []int{4, 2}) {
		t.Fatalf("pages of 4: %v in %v, want %v", names, pages, want)
	}
	names, pages = list(&container.ListBlobsFlatOptions{MaxResults: to.Ptr[int32](1), Prefix: to.Ptr("b/")})
	if !slices.Equal(names, []string{"b/green.tif", "b/red.tif"}) || !slices.Equal(pages, []int{1, 1}) {
		t.Fatalf("prefix b/, pages of 1: %v in %v", names, pages)
	}
	names, pages = list(nil)
	if !slices.Equal(names, want) || !slices.Equal(pages, []int{6}) {
		t.Fatalf("one page: %v in %v", names, pages)
	}

	// Errors: Azure Storage's XML error with its code, header and body.
	storageErr := func(u string, status int, code string) {
		t.Helper()
		st, hdr, body := c.getBlob(u, nil)
		var e struct {
			XMLName xml.Name `xml:"Error"`
			Code    string   `xml:"Code"`
			Message string   `xml:"Message"`
		}
		if err := xml.Unmarshal(body, &e); err != nil || st != status || e.Code != code || hdr.Get("x-ms-error-code") != code || e.Message == "" {
			t.Fatalf("%s: %d %s %q (%v), want %d %s", u, st, hdr.Get("x-ms-error-code"), body, err, status, code)
		}
	}
	listURL := containerURL + "?restype=container&comp=list&" + sas
	storageErr(listURL+"&maxresults=0", 400, "OutOfRangeQueryParameterValue")
	storageErr(listURL+"&maxresults=x", 400, "InvalidQueryParameterValue")
	storageErr(listURL+"&marker=not-a-marker", 400, "OutOfRangeInput")
	storageErr(containerURL+"/?"+sas, 404, "BlobNotFound")
	storageErr(containerURL+"/a/?"+sas, 404, "BlobNotFound")
	storageErr(f.srv.BlobURL+"/", 404, "ContainerNotFound")
}
