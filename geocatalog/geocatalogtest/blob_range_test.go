package geocatalogtest_test

import (
	"context"
	"io"
	"strconv"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
)

// checkRangeReads reads parts of the blob at href, whose content is want,
// with x-ms-range (what azblob sends, winning over Range) and through
// azblob's DownloadStream: 206 with Content-Range each time.
func checkRangeReads(t *testing.T, f *fixture, href, sas, want string) {
	t.Helper()
	st, hdr, body := f.admin.getBlob(href+"?"+sas, map[string]string{"x-ms-range": "bytes=6-7", "Range": "bytes=0-4"})
	if st != 206 || string(body) != want[6:8] || hdr.Get("Content-Range") != "bytes 6-7/"+strconv.Itoa(len(want)) {
		t.Fatalf("x-ms-range read: %d %q Content-Range %q", st, body, hdr.Get("Content-Range"))
	}

	bc, err := blob.NewClientWithNoCredential(href+"?"+sas, &blob.ClientOptions{
		ClientOptions: policy.ClientOptions{Transport: f.srv.Client(), Retry: policy.RetryOptions{MaxRetries: -1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := bc.DownloadStream(context.Background(), &blob.DownloadStreamOptions{Range: blob.HTTPRange{Offset: 9, Count: 5}})
	if err != nil {
		t.Fatalf("azblob ranged download: %v", err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(got) != want[9:14] || resp.ContentRange == nil || *resp.ContentRange != "bytes 9-13/"+strconv.Itoa(len(want)) {
		t.Fatalf("azblob ranged download: %q %v, Content-Range %v", got, err, resp.ContentRange)
	}
	if resp.ContentLength == nil || *resp.ContentLength != 5 {
		t.Fatalf("azblob ranged download: Content-Length %v", resp.ContentLength)
	}
	full, err := bc.DownloadStream(context.Background(), nil)
	if err != nil {
		t.Fatalf("azblob download: %v", err)
	}
	got, err = io.ReadAll(full.Body)
	full.Body.Close()
	if err != nil || string(got) != want {
		t.Fatalf("azblob download: %q %v", got, err)
	}
}
