package batch_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/batch/batchtest"
)

// countingCred counts token requests: a request that needs a token asks
// for one first.
type countingCred struct{ n atomic.Int64 }

func (c *countingCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	c.n.Add(1)
	return azcore.AccessToken{Token: "t", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func TestBadJobSpecsFailTypedBeforeAnyRequest(t *testing.T) {
	srv, err := batchtest.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cred := &countingCred{}
	c, err := batch.NewClient(srv.URL, cred, &batch.ClientOptions{ClientOptions: srv.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	const sasURL = "https://acct.blob.core.windows.net/reports?sv=2024&sp=cw&sig=abc"
	good := batch.JobSpec{JobID: "job", PoolID: "pool", CatalogURL: "https://cat.geocatalog.spatio.azure.com", ClientID: "id",
		Shards: 2, CommandLine: "task", ReportContainerURL: sasURL}
	for _, c2 := range []struct {
		field string
		edit  func(*batch.JobSpec)
	}{
		{"Shards", func(s *batch.JobSpec) { s.Shards = 0 }},
		{"Shards", func(s *batch.JobSpec) { s.Shards = batch.MaxTasks + 1 }},
		{"PoolID", func(s *batch.JobSpec) { s.PoolID = "" }},
		{"CatalogURL", func(s *batch.JobSpec) { s.CatalogURL = "http://cat.geocatalog.spatio.azure.com" }},
		{"JobID", func(s *batch.JobSpec) { s.JobID = "bad id!" }},
		{"ClientID", func(s *batch.JobSpec) { s.ClientID = "" }},
		{"CommandLine", func(s *batch.JobSpec) { s.CommandLine = "" }},
		{"Manifests", func(s *batch.JobSpec) { s.Manifests = []string{sasURL} }},
		{"Manifests[1]", func(s *batch.JobSpec) { s.Manifests = []string{sasURL, "https://acct.blob.core.windows.net/m/1.json"} }},
		{"ReportContainerURL", func(s *batch.JobSpec) { s.ReportContainerURL = "https://acct.blob.core.windows.net/reports" }},
		{"Environment", func(s *batch.JobSpec) { s.Environment = map[string]string{"STAGING": sasURL} }},
		{"MaxTaskRetryCount", func(s *batch.JobSpec) { s.MaxTaskRetryCount = -2 }},
	} {
		spec := good
		c2.edit(&spec)
		_, err := c.Submit(context.Background(), spec, nil)
		var se *batch.SpecError
		if !errors.As(err, &se) || se.Field != c2.field {
			t.Errorf("%s: got %v, want a SpecError on %s", c2.field, err, c2.field)
			continue
		}
		if strings.Contains(err.Error(), "sig=") {
			t.Errorf("%s: the error shows a SAS: %v", c2.field, err)
		}
	}
	if n := cred.n.Load(); n != 0 {
		t.Fatalf("%d token requests for bad specs, want 0", n)
	}
	if _, err := batch.NewClient("http://127.0.0.1:1", cred, nil); err == nil {
		t.Fatal("an http Batch endpoint was accepted")
	}
}

func TestSubmitAddsTasksInCollectionsOfAtMost100(t *testing.T) {
	srv, err := batchtest.NewServer(&batchtest.Options{Nodes: 2, SlotsPerNode: 8})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := batch.NewClient(srv.URL, &countingCred{}, &batch.ClientOptions{ClientOptions: srv.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var added []int
	spec := batch.JobSpec{JobID: "many", PoolID: "pool", CatalogURL: "https://cat.geocatalog.spatio.azure.com", ClientID: "id",
		Shards: 230, CommandLine: "/bin/true", ReportContainerURL: "http://127.0.0.1:1/devstoreaccount1/r?sig=x"}
	sub, err := c.Submit(ctx, spec, &batch.SubmitOptions{OnTasksAdded: func(n int) { added = append(added, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.TaskIDs) != 230 || len(added) != 3 || added[2] != 230 {
		t.Fatalf("%d tasks, progress %v", len(sub.TaskIDs), added)
	}
	// The same job again is refused by the service.
	if _, err := c.Submit(ctx, spec, nil); err == nil {
		t.Fatal("a second job with the same id was accepted")
	}
	if _, err := c.Terminate(ctx, "many", nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Watch(ctx, "many", &batch.WatchOptions{Interval: 20 * time.Millisecond})
	if err != nil || w.Progress.Tasks != 230 || !w.Progress.Done() {
		t.Fatalf("watch after terminate: %v %v", err, w.Progress)
	}
}
