// Package batchtest is a local Azure Batch emulator for tests: an https
// loopback server that speaks the subset of the Batch REST API (api-version
// 2024-07-01.20.0) that azbatch uses to run a job of tasks (job add, get
// and terminate; task add collection, list with $filter on state, and get),
// checks bearer tokens, and RUNS each task's command line as a local child
// process, as a pool of Nodes x SlotsPerNode slots would.
//
// A task process gets the Batch environment (AZ_BATCH_TASK_ID,
// AZ_BATCH_JOB_ID, AZ_BATCH_POOL_ID, AZ_BATCH_NODE_ID,
// AZ_BATCH_TASK_DIR, AZ_BATCH_TASK_WORKING_DIR, AZ_BATCH_NODE_ROOT_DIR,
// AZ_BATCH_NODE_SHARED_DIR, AZ_BATCH_NODE_MOUNTS_DIR), the job's common
// environment settings and its own, on top of Options.Environment. Its
// resource files (httpUrl) are downloaded into the working directory
// first; its stdout.txt and stderr.txt are kept in the task directory; its
// output files are uploaded to their blob containers (containerUrl with a
// SAS, Azurite in tests) per uploadCondition when it exits. A task that
// exits non-zero, or that is killed (Server.KillTask), is retried up to its
// maxTaskRetryCount (the task's constraint, else the job's), on another
// node when there is one.
//
// Each node has its own root and shared directory. Options.Mounts names
// directories shared by every node under AZ_BATCH_NODE_MOUNTS_DIR, as a
// pool's mountConfiguration (an Azure Files share) gives real nodes.
package batchtest
