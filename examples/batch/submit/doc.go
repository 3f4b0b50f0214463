// Command submit runs a sharded GSP job on an existing Azure Batch pool
// from Go (partner/batch on azbatch): it plans the shards with one id-only
// pass over the source search (gsp.Plan), stages the manifests to a blob
// container with short-lived read-only SAS URLs, submits one task per
// shard, shows live progress (internal/progress; -q for none) until every
// task is complete, downloads the shard reports and prints the merged
// report; the exit status is 1 when a task failed. -terminate ends a job
// instead.
//
// It authenticates with azidentity's DefaultAzureCredential (the partner's
// app or a managed identity) to the catalog, the Batch account and the
// storage account; run takes them as injected deps, so that its test runs
// against the Batch and GeoCatalog emulators and Azurite. See
// examples/batch/README.md.
package main
