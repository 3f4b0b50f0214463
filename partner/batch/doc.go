// Package batch runs a sharded GSP job on Azure Batch with azbatch: Submit
// creates a job on an existing pool (job-level environment: the catalog
// endpoint and the pool identity's client ID, no secret) and adds one task
// per shard in collections of at most 100, each with its shard manifest as
// a resource file (a read-only SAS URL) and its report, stdout.txt and
// stderr.txt as output files uploaded to a blob container; Watch follows the
// task states until every task is complete, reporting progress; Batch
// retries a failed task up to MaxTaskRetryCount; MergeReports downloads the
// shard reports and merges them into one gsp.Report with exact totals, and
// names the failed tasks with a *TaskFailedError that points at their
// stderr.txt; Terminate ends a job.
//
// With ClientOptions.TracingProvider set (azotel), each of these methods
// starts a span (batch.Submit, batch.Watch, batch.MergeReports,
// batch.Terminate) with the job's ids and task counts, never a URL, SAS or
// token; azbatch's and azcore's request spans are its children.
//
// The task program reads its settings from the environment (see the Env
// constants), runs gsp.Run with the manifest, writes its report to
// $GSP_REPORT and exits with ExitAccessRevoked when the catalog refused its
// identity. examples/batch/shardtask is such a program, and
// partner/batch/batchtest runs them locally.
package batch
