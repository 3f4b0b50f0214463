package main

import (
	"fmt"
	"io"
)

// emulatorCommand is how to start the standalone emulator.
const emulatorCommand = "go run github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest/cmd/geocatalog-emulator"

// printNext says where to look after the quickstart.
func printNext(out io.Writer) {
	fmt.Fprintf(out, `
Next:
  emulator for any language  %s -load items.ndjson
                             (prints the endpoint, a CA file, the token endpoint, a client ID and
                             secret and a bearer token; curl, Python, JS: README "The emulator for any language")
  more examples              go run ./examples/gdp-delivery              deliver an order with staged assets, live progress
                             go run ./examples/gsp-change-detection -h   read, detect change, write back (sharded)
                             examples/batch/README.md                    the GSP job on Azure Batch
                             go run ./examples/onboarding -h             consent URL and onboarding report per customer
  tracing                    ClientOptions.TracingProvider = azotel.NewTracingProvider(tracerProvider, nil)
                             (github.com/Azure/azure-sdk-for-go/sdk/tracing/azotel): deliveries, GSP runs,
                             batches and every HTTP call become OpenTelemetry spans (README "Tracing")
`, emulatorCommand)
}
