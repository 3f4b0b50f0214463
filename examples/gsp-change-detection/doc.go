// Command gsp-change-detection runs the change-detection GSP job of package
// changedetect: one shard of it (shard k of n from -shard-index and
// -shard-count, or GSP_SHARD_INDEX and GSP_SHARD_COUNT as an Azure Batch
// task sets them).
//
// Against a real catalog (GEOCATALOG_ENDPOINT set, see package batchenv) it
// authenticates with the pool's managed identity, stages the masks into the
// blob container -staging-container (STAGING_CONTAINER_URL) with the same
// identity (a user delegation SAS hands them to the catalog), checkpoints
// in -journal, and prints the shard's report as JSON.
//
// With -demo it runs on the embedded emulator with generated input data,
// staging to a local Azurite it starts itself (installed with npm on first
// use; -staging-container selects another Azurite container instead):
//
//	go run ./examples/gsp-change-detection -demo
//
// -h prints the flags and environment variables.
package main
