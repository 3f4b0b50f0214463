// Command shardtask is the task program of a sharded GSP job on Azure
// Batch (partner/batch): it runs one shard with gsp.Run and a simple
// processor that reads each source item's asset (optionally at a fixed
// bandwidth, emulating a node's network) and derives one item recording
// its size.
//
// Settings come from the task's environment: GEOCATALOG_ENDPOINT and
// AZURE_CLIENT_ID (the pool identity, see batchenv), GSP_SHARD_INDEX and
// GSP_SHARD_COUNT, GSP_MANIFEST (the shard's manifest, a resource file; without it the
// shard hashes the whole search) and GSP_REPORT (where the report is
// written, an output file). The journal is kept where a retry on another
// node finds it:
//
//   - -journal-mount names a pool mount shared by the nodes
//     ($AZ_BATCH_NODE_MOUNTS_DIR/<name>/<job>/<task>.journal), for pools with
//     a file share: each append is a local fsync;
//   - -journal-container is the URL (without SAS) of a blob container that
//     holds the journal as the append blob <job>/<task>.journal
//     (partner.OpenBlobJournal), reached with the pool's identity (Storage
//     Blob Data Contributor), for pools without a share: each append is one
//     position-conditioned AppendBlock, and a second writer of the same
//     journal fails with a *partner.JournalConflictError. The working copy
//     is in the task directory. FOR TESTS ONLY, GSP_TEST_JOURNAL_SAS
//     (batchenv.EnvTestJournalSAS) gives a SAS for the container instead of
//     the identity (Azurite speaks http);
//   - -journal is a plain file (for runs outside Batch).
//
// The exit code is 0 when the shard ran (failed source items are in the
// report), 3 when the catalog refused the identity, 1 otherwise.
package main
