// Command jobgen writes the Azure Batch JSON files of the examples: the ARM
// body of a pool with the user-assigned identity (pool.json, for az rest), a job
// whose job manager task lists the collections of a GeoCatalog (for
// `az batch job create --json-file job.json`) and, for a sharded GSP run, a
// job plus tasks files with one task per shard (for
// `az batch job create --json-file gsp-job.json` then
// `az batch task create --job-id ... --json-file gsp-tasks-001.json`, one
// call per file: the service takes at most 100 tasks per request).
//
// Values that are not given stay as placeholders (__POOL_ID__, ...). See
// examples/batch/README.md.
package main
