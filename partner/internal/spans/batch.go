package spans

// Attribute keys of the Batch job spans (partner/batch: batch.Submit,
// batch.Watch, batch.MergeReports, batch.Terminate).
const (
	BatchJobID          = "geocatalog.batch.job_id"
	BatchPoolID         = "geocatalog.batch.pool_id"
	BatchShards         = "geocatalog.batch.shards"
	BatchManifests      = "geocatalog.batch.manifests"
	BatchTasks          = "geocatalog.batch.tasks"
	BatchTasksAdded     = "geocatalog.batch.tasks.added"
	BatchTasksActive    = "geocatalog.batch.tasks.active"
	BatchTasksRunning   = "geocatalog.batch.tasks.running"
	BatchTasksCompleted = "geocatalog.batch.tasks.completed"
	BatchTasksFailed    = "geocatalog.batch.tasks.failed"
	BatchTaskRetries    = "geocatalog.batch.tasks.retries"
	BatchLooks          = "geocatalog.batch.looks"
	// The merged report's counts, with the keys of gsp.Run's span.
	SourcesSearched = "geocatalog.sources.searched"
	SourcesDone     = "geocatalog.sources.done"
	SourcesFailed   = "geocatalog.sources.failed"
	SourcesSkipped  = "geocatalog.sources.skipped"
	DerivedItems    = "geocatalog.derived_items"
)
