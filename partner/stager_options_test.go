package partner_test

import (
	"context"
	"crypto/md5"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// TestStagerOptions drives the options of the Stager methods against
// Azurite: UploadBytes' content type (given, by extension, default),
// SignURL's expiry (given, the stager's SASLifetime) and StageFile's
// digest (a wrong one is refused, not stored).
func TestStagerOptions(t *testing.T) {
	ctx := context.Background()
	st := partner.NewStager(azurite.Shared(t).NewClient().ServiceClient().NewContainerClient("staging-options"),
		&partner.StagerOptions{SASLifetime: 3 * time.Hour})
	if _, err := st.EnsureContainer(ctx, nil); err != nil {
		t.Fatal(err)
	}
	get := func(t *testing.T, signed string) *http.Response {
		t.Helper()
		resp, err := http.Get(signed)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, tc := range []struct {
		name    string
		options *partner.UploadBytesOptions
		want    string
	}{
		{"doc.json", &partner.UploadBytesOptions{ContentType: "application/geo+json"}, "application/geo+json"},
		{"doc.json", nil, "application/json"},
		{"blob.unknown-ext", nil, "application/octet-stream"},
	} {
		data := []byte(`{"type":"Feature"}`)
		up, err := st.UploadBytes(ctx, tc.name, data, tc.options)
		if err != nil {
			t.Fatal(err)
		}
		if sum := md5.Sum(data); string(up.ContentMD5) != string(sum[:]) || up.URL != st.ContainerURL()+"/"+tc.name {
			t.Fatalf("UploadBytes(%s) = %+v", tc.name, up)
		}
		signed, err := st.SignURL(up.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp := get(t, signed); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tc.want {
			t.Fatalf("%s: GET %d, Content-Type %q, want %q", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), tc.want)
		}
	}
	expiresIn := func(signed string) time.Duration {
		u, _ := url.Parse(signed)
		se, err := time.Parse(time.RFC3339, u.Query().Get("se"))
		if err != nil {
			t.Fatalf("no SAS expiry in %s: %v", u.Query().Get("se"), err)
		}
		return time.Until(se)
	}
	blobURL := st.ContainerURL() + "/doc.json"
	if signed, err := st.SignURL(blobURL, nil); err != nil || expiresIn(signed) < 3*time.Hour-time.Minute || expiresIn(signed) > 3*time.Hour {
		t.Fatalf("SignURL without options: %v, want valid for the SASLifetime", err)
	}
	if signed, err := st.SignURL(blobURL, &partner.SignURLOptions{ExpiresOn: time.Now().Add(20 * time.Minute)}); err != nil ||
		expiresIn(signed) < 19*time.Minute || expiresIn(signed) > 20*time.Minute {
		t.Fatalf("SignURL with ExpiresOn: %v", err)
	}

	local := filepath.Join(t.TempDir(), "a.tif")
	if err := os.WriteFile(local, []byte("raster bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := partner.DigestFile(local)
	if err != nil {
		t.Fatal(err)
	}
	staged, err := st.StageFile(ctx, local, "given-digest.tif", &partner.StageFileOptions{Digest: &d})
	if err != nil || !staged.Uploaded || staged.Size != d.Size || string(staged.MD5) != string(d.MD5) {
		t.Fatalf("StageFile with its digest = %+v, %v", staged.StagedAsset, err)
	}
	wrong := partner.FileDigest{Size: d.Size, MD5: make([]byte, md5.Size)}
	if _, err := st.StageFile(ctx, local, "wrong-digest.tif", &partner.StageFileOptions{Digest: &wrong}); err == nil {
		t.Fatal("StageFile with a wrong digest: no error")
	}
	signed, err := st.SignURL(st.ContainerURL()+"/wrong-digest.tif", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp := get(t, signed); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("the blob of a wrong digest: GET %d, want 404", resp.StatusCode)
	}
}
