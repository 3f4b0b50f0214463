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
// azblob's flat and hierarchy pagers drive it, in name order, each blob
// once; bad paging parameters and trailing-slash paths get Azure Storage's
// XML errors.
func TestListBlobsPaging(t *testing.T) {
	f := newFixture(t)
	c := f.admin
	as := assetServer(t)
	for _, id := range []string{"b", "a", "c"} {
		assets := map[string]any{}
		for _, key := range []string{"red", "green"} {
			assets[key] = map[string]any{"href": as.URL + "/data/" + id + "-" + key + ".tif", "type": "image/tiff"}
		}
		c.mustSucceed(c.do("POST", "/stac/collections/coll/items", itemBody("coll", id, 1, 1, "2021-01-01T00:00:00Z", assets)))
	}
	// The blobs, by item, from the stored hrefs:
	// <BlobURL>/<container>/<blob name>.
	var containerURL string
	var want []string
	blobsOf := map[string][]string{}
	for _, id := range []string{"a", "b", "c"} {
		got := c.do("GET", "/stac/collections/coll/items/"+id, nil).json(t)
		for _, key := range []string{"green", "red"} {
			href := got["assets"].(map[string]any)[key].(map[string]any)["href"].(string)
			container, name, ok := strings.Cut(strings.TrimPrefix(href, f.srv.BlobURL+"/"), "/")
			if !ok || !strings.HasPrefix(href, f.srv.BlobURL+"/") || (containerURL != "" && containerURL != f.srv.BlobURL+"/"+container) {
				t.Fatalf("asset href %s", href)
			}
			containerURL = f.srv.BlobURL + "/" + container
			want = append(want, name)
			blobsOf[id] = append(blobsOf[id], name)
		}
	}
	slices.Sort(want)
	prefixB := blobsOf["b"][0][:strings.LastIndex(blobsOf["b"][0], "/")+1]
	slices.Sort(blobsOf["b"])
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
	names, pages = list(&container.ListBlobsFlatOptions{MaxResults: to.Ptr[int32](1), Prefix: &prefixB})
	if !slices.Equal(names, blobsOf["b"]) || !slices.Equal(pages, []int{1, 1}) {
		t.Fatalf("prefix %s, pages of 1: %v in %v, want %v", prefixB, names, pages, blobsOf["b"])
	}
	names, pages = list(nil)
	if !slices.Equal(names, want) || !slices.Equal(pages, []int{6}) {
		t.Fatalf("one page: %v in %v", names, pages)
	}
	if names, pages = list(&container.ListBlobsFlatOptions{Prefix: to.Ptr("no-such-prefix/")}); len(names) != 0 || !slices.Equal(pages, []int{0}) {
		t.Fatalf("empty listing: %v in %v", names, pages)
	}

	// With a delimiter, one BlobPrefix per "directory" under the prefix,
	// paged with the blobs: the directories of the items at the root, then
	// under one item's directory its two blobs.
	hier := func(prefix string, maxResults int32) (entries []string, pages []int) {
		t.Helper()
		opts := &container.ListBlobsHierarchyOptions{MaxResults: &maxResults}
		if prefix != "" {
			opts.Prefix = &prefix
		}
		for p := cc.NewListBlobsHierarchyPager("/", opts); p.More(); {
			page, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatalf("list blobs by hierarchy: %v", err)
			}
			n := 0
			for _, bp := range page.Segment.BlobPrefixes {
				entries = append(entries, *bp.Name)
				n++
			}
			for _, b := range page.Segment.BlobItems {
				entries = append(entries, *b.Name)
				n++
			}
			pages = append(pages, n)
		}
		return entries, pages
	}
	var roots []string
	for _, name := range want {
		if root := name[:strings.Index(name, "/")+1]; !slices.Contains(roots, root) {
			roots = append(roots, root)
		}
	}
	if entries, pages := hier("", 1); !slices.Equal(entries, roots) || len(pages) != len(roots) {
		t.Fatalf("root by hierarchy: %v in %v, want %v", entries, pages, roots)
	}
	if entries, pages := hier(prefixB, 5000); !slices.Equal(entries, blobsOf["b"]) || !slices.Equal(pages, []int{2}) {
		t.Fatalf("%s by hierarchy: %v in %v, want %v", prefixB, entries, pages, blobsOf["b"])
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
	storageErr(containerURL+"/"+prefixB+"?"+sas, 404, "BlobNotFound")
	storageErr(f.srv.BlobURL+"/", 404, "ContainerNotFound")
}
