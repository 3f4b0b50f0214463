package azurite_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
)

func TestStartUploadDownload(t *testing.T) {
	inst := azurite.Start(t)
	if !strings.HasPrefix(inst.ServiceURL, "http://127.0.0.1:") {
		t.Fatalf("ServiceURL = %q, want loopback", inst.ServiceURL)
	}
	ctx := context.Background()
	c := inst.NewClient()
	if _, err := c.CreateContainer(ctx, "probe", nil); err != nil {
		t.Fatalf("create container: %v", err)
	}
	if _, err := c.UploadBuffer(ctx, "probe", "a/b.txt", []byte("hello"), nil); err != nil {
		t.Fatalf("upload: %v", err)
	}
	resp, err := c.DownloadStream(ctx, "probe", "a/b.txt", nil)
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if string(got) != "hello" {
		t.Fatalf("downloaded %q", got)
	}
	inst.Stop()
	if resp, err := http.Get(inst.ServiceURL + "?comp=list"); err == nil {
		resp.Body.Close()
		t.Fatal("azurite still answers after Stop")
	}
}
