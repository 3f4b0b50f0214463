package spans_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel"
	"github.com/google/uuid"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
)

// BenchmarkDeliverTracing measures a direct delivery of 100 items (batches
// of 20) into the emulator without a tracing provider and with azotel over
// the OpenTelemetry SDK (in-memory span recorder, every span sampled), and
// reports the spans per delivery.
func BenchmarkDeliverTracing(b *testing.B) {
	items := make([]*stac.Item, 100)
	for i := range items {
		items[i] = newItem(fmt.Sprintf("b-%03d", i), i, nil)
	}
	for _, traced := range []bool{false, true} {
		b.Run(fmt.Sprintf("traced=%v", traced), func(b *testing.B) {
			srv := geocatalogtest.NewServer(&geocatalogtest.Options{OperationDelay: -1})
			defer srv.Close()
			opts := srv.ClientOptions()
			rec := tracetest.NewSpanRecorder()
			if traced {
				tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
				defer func() { _ = tp.Shutdown(context.Background()) }()
				opts.TracingProvider = azotel.NewTracingProvider(tp, nil)
			}
			client, err := geocatalog.NewClient(srv.URL, srv.Credential(), opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				col := gdp.CollectionFor("bench-"+uuid.NewString()[:8], "bench", "CC0-1.0", items)
				rep, err := gdp.Deliver(context.Background(), client, gdp.Order{Collection: col, Items: gdp.ItemSlice(items)},
					&gdp.DeliverOptions{MaxBatchItems: 20})
				if err != nil || rep.Created != len(items) {
					b.Fatalf("created %d: %v", rep.Created, err)
				}
			}
			b.ReportMetric(float64(len(rec.Ended()))/float64(b.N), "spans/op")
		})
	}
}
