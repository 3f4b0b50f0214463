package partner_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
)

func TestStagerUploadsChecksSignsReadOnly(t *testing.T) {
	az := azurite.Shared(t)
	ctx := context.Background()
	st := partner.NewStager(az.NewClient().ServiceClient().NewContainerClient("staging"), &partner.StagerOptions{Prefix: "orders/1"})
	if created, err := st.EnsureContainer(ctx, nil); err != nil || !created.Created {
		t.Fatalf("EnsureContainer = %+v, %v, want Created", created, err)
	}
	if again, err := st.EnsureContainer(ctx, nil); err != nil || again.Created {
		t.Fatalf("second EnsureContainer = %+v, %v, want not Created", again, err)
	}
	data := bytes.Repeat([]byte("geotiff"), 1000)
	local := filepath.Join(t.TempDir(), "a.tif")
	os.WriteFile(local, data, 0o644)

	got, err := st.StageFile(ctx, local, st.BlobName("item1", "image.tif"), nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(data)
	if !got.Uploaded || got.Size != int64(len(data)) || !bytes.Equal(got.MD5, sum[:]) || got.Blob != "orders/1/item1/image.tif" {
		t.Fatalf("staged = %+v", got)
	}
	u, _ := url.Parse(got.SignedURL)
	if sp := u.Query().Get("sp"); sp != "r" {
		t.Fatalf("SAS permissions %q, want r", sp)
	}
	resp, err := http.Get(got.SignedURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, data) {
		t.Fatalf("GET signed URL: %d, %d bytes", resp.StatusCode, len(body))
	}
	// The SAS does not allow writing.
	req, _ := http.NewRequest(http.MethodPut, got.SignedURL, bytes.NewReader([]byte("x")))
	req.Header.Set("x-ms-blob-type", "BlockBlob")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("PUT with read SAS: %d", resp.StatusCode)
	}
	// Unsigned access is refused.
	resp, err = http.Get(got.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("GET without SAS: %d", resp.StatusCode)
	}
	// Staging the same content again uploads nothing.
	again, err := st.StageFile(ctx, local, got.Blob, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Uploaded {
		t.Fatal("identical file uploaded again")
	}
	// Changed content is uploaded again.
	os.WriteFile(local, []byte("changed"), 0o644)
	changed, err := st.StageFile(ctx, local, got.Blob, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !changed.Uploaded || changed.Size != 7 {
		t.Fatalf("changed = %+v", changed)
	}
	expires := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	sasURL, err := st.ContainerSASURL(&partner.ContainerSASURLOptions{ExpiresOn: expires})
	if err != nil {
		t.Fatal(err)
	}
	cu, _ := url.Parse(sasURL)
	if v := cu.Query(); v.Get("sp") != "rl" || v.Get("sr") != "c" || v.Get("se") != expires.Format(time.RFC3339) ||
		cu.Scheme+"://"+cu.Host+cu.Path != st.ContainerURL() {
		t.Fatalf("container SAS URL %s (container %s)", sasURL, st.ContainerURL())
	}
}
