// Command submit runs a sharded GSP job on an existing Azure Batch pool
// from Go (partner/batch on azbatch): it plans the shards with one id-only
// pass over the source search (gsp.Plan), stages the manifests to a blob
// container with short-lived read-only SAS URLs, submits one task per
// shard, prints progress until every task is complete, downloads the shard
// reports and prints the merged report. -terminate ends a job instead.
//
// It authenticates with azidentity's DefaultAzureCredential (the partner's
// app or a managed identity) to the catalog, the Batch account and the
// storage account. See examples/batch/README.md.
package main
