package batch_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/geocatalog-partner/sdk-go/partner/batch"
)

// A sharded job with tracing on: Submit, Watch and MergeReports each start
// a span (batch.Submit, batch.Watch, batch.MergeReports) under the
// caller's span, with azbatch's request spans below.
func ExampleClient_Submit() {
	ctx := context.Background()
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		log.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider() // with the partner's exporter
	defer func() { _ = tp.Shutdown(ctx) }()
	client, err := batch.NewClient("https://account.uksouth.batch.azure.com", cred, &batch.ClientOptions{
		ClientOptions: azcore.ClientOptions{TracingProvider: azotel.NewTracingProvider(tp, nil)},
	})
	if err != nil {
		log.Fatal(err)
	}
	spec := batch.JobSpec{
		JobID: "sizes-1", PoolID: "pool", Shards: 16, ClientID: "<pool identity client id>",
		CatalogURL:  "https://name.id.uksouth.geocatalog.spatio.azure.com",
		CommandLine: "/mnt/batch/tasks/shared/shardtask -source scenes -output sizes -journal-mount journals",
		// Manifests: from gsp.Plan(...).Stage(...), read-only SAS URLs.
		ReportContainerURL: "https://acct.blob.core.windows.net/jobs?<write SAS>",
		MaxTaskRetryCount:  2,
	}
	if _, err := client.Submit(ctx, spec, nil); err != nil {
		log.Fatal(err)
	}
	w, err := client.Watch(ctx, spec.JobID, &batch.WatchOptions{Interval: 10 * time.Second, OnProgress: func(p batch.Progress) { fmt.Println(p) }})
	if err != nil {
		log.Fatal(err)
	}
	reports, err := container.NewClient("https://acct.blob.core.windows.net/jobs", cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	merged, err := client.MergeReports(ctx, spec.JobID, reports, &batch.MergeReportsOptions{Tasks: w.Tasks})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(merged.Report.Done, "done,", len(merged.FailedTasks()), "tasks failed")
}
