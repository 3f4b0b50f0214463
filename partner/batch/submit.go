package batch

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
	"golang.org/x/sync/errgroup"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// submitConcurrency is the number of task collections added at once.
const submitConcurrency = 4

// SubmitOptions are the optional parameters of Submit.
type SubmitOptions struct {
	// OnTasksAdded, if set, is called with the number of tasks added so
	// far, after each collection (from one goroutine at a time).
	OnTasksAdded func(added int)
}

// SubmitResponse is the result of Submit.
type SubmitResponse struct {
	// JobID is the job created.
	JobID string
	// TaskIDs are the shard tasks, TaskIDs[k] for shard k.
	TaskIDs []string
}

// TaskAddError reports tasks the service refused to add.
type TaskAddError struct {
	// JobID is the job.
	JobID string
	// Tasks maps a task ID to the service's error code and message.
	Tasks map[string]string
}

// Error implements error.
func (e *TaskAddError) Error() string {
	ids := slices.Sorted(maps.Keys(e.Tasks))
	first := ids[0]
	return fmt.Sprintf("batch: job %s: %d tasks were not added (%s: %s)", e.JobID, len(ids), first, e.Tasks[first])
}

// Submit validates spec (a *SpecError before any request), creates the
// job on its pool and adds one task per shard, in collections of at most
// 100. The job ends by itself when all its tasks are complete. The response
// names the job and its tasks also with an error after the job was created
// (for Terminate).
func (c *Client) Submit(ctx context.Context, spec JobSpec, options *SubmitOptions) (SubmitResponse, error) {
	if err := spec.validate(); err != nil {
		return SubmitResponse{}, err
	}
	ctx, span := c.startSpan(ctx, spanSubmit, spec.JobID, spans.Attr(spans.BatchPoolID, spec.PoolID),
		spans.Attr(spans.BatchShards, spec.Shards), spans.Attr(spans.BatchManifests, spec.Manifests != nil))
	added, err := c.submit(ctx, spec, options)
	span.SetAttributes(spans.Attr(spans.BatchTasksAdded, added))
	spans.End(span, err)
	return SubmitResponse{JobID: spec.JobID, TaskIDs: taskIDs(spec.Shards)}, err
}

// submit creates the job and adds its tasks; it returns the number of
// tasks added.
func (c *Client) submit(ctx context.Context, spec JobSpec, options *SubmitOptions) (int, error) {
	var opts SubmitOptions
	if options != nil {
		opts = *options
	}
	env := []azbatch.EnvironmentSetting{
		setting(EnvCatalogURL, spec.CatalogURL),
		setting(EnvClientID, spec.ClientID),
		setting(EnvShardCount, strconv.Itoa(spec.Shards)),
		setting(EnvReport, reportFile),
	}
	for _, name := range slices.Sorted(maps.Keys(spec.Environment)) {
		env = append(env, setting(name, spec.Environment[name]))
	}
	job := azbatch.CreateJobContent{
		ID:                        to.Ptr(spec.JobID),
		PoolInfo:                  &azbatch.PoolInfo{PoolID: to.Ptr(spec.PoolID)},
		CommonEnvironmentSettings: env,
		Constraints:               &azbatch.JobConstraints{MaxTaskRetryCount: to.Ptr(int32(spec.MaxTaskRetryCount))},
		OnAllTasksComplete:        to.Ptr(azbatch.OnAllTasksCompleteTerminateJob),
	}
	if _, err := c.batch.CreateJob(ctx, job, nil); err != nil {
		return 0, fmt.Errorf("batch: creating job %s: %w", spec.JobID, err)
	}
	var tasks []azbatch.CreateTaskContent
	for k := range spec.Shards {
		tasks = append(tasks, spec.task(k))
	}
	added := 0
	refused := map[string]string{}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(submitConcurrency)
	for chunk := range slices.Chunk(tasks, maxTasksPerCollection) {
		g.Go(func() error {
			res, err := c.batch.CreateTaskCollection(gctx, spec.JobID, azbatch.TaskGroup{Value: chunk}, nil)
			if err != nil {
				return fmt.Errorf("batch: adding tasks to job %s: %w", spec.JobID, err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, r := range res.Value {
				if deref(r.Status) == azbatch.TaskAddStatusSuccess {
					added++
					continue
				}
				msg := "refused"
				if r.Error != nil {
					msg = deref(r.Error.Code)
					if r.Error.Message != nil {
						msg += ": " + deref(r.Error.Message.Value)
					}
				}
				refused[deref(r.TaskID)] = msg
			}
			if opts.OnTasksAdded != nil {
				opts.OnTasksAdded(added)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return added, err
	}
	if len(refused) > 0 {
		return added, &TaskAddError{JobID: spec.JobID, Tasks: refused}
	}
	return added, nil
}

// taskIDs are the IDs of the tasks of n shards, by shard.
func taskIDs(n int) []string {
	ids := make([]string, n)
	for k := range ids {
		ids[k] = taskID(k)
	}
	return ids
}

// task is the definition of shard k's task.
func (s *JobSpec) task(k int) azbatch.CreateTaskContent {
	id := taskID(k)
	env := []azbatch.EnvironmentSetting{setting(EnvShardIndex, strconv.Itoa(k))}
	var files []azbatch.ResourceFile
	if s.Manifests != nil {
		env = append(env, setting(EnvManifest, manifestFile))
		files = append(files, azbatch.ResourceFile{HTTPURL: to.Ptr(s.Manifests[k]), FilePath: to.Ptr(manifestFile)})
	}
	if s.ShardEnvironment != nil {
		extra := s.ShardEnvironment(k)
		for _, name := range slices.Sorted(maps.Keys(extra)) {
			env = append(env, setting(name, extra[name]))
		}
	}
	prefix := s.JobID + "/" + id
	dest := func(path string) *azbatch.OutputFileDestination {
		return &azbatch.OutputFileDestination{Container: &azbatch.OutputFileBlobContainerDestination{
			ContainerURL: to.Ptr(s.ReportContainerURL), Path: to.Ptr(path)}}
	}
	always := &azbatch.OutputFileUploadConfig{UploadCondition: to.Ptr(azbatch.OutputFileUploadConditionTaskCompletion)}
	return azbatch.CreateTaskContent{
		ID:                  to.Ptr(id),
		DisplayName:         to.Ptr(fmt.Sprintf("shard %d of %d", k, s.Shards)),
		CommandLine:         to.Ptr(s.CommandLine),
		EnvironmentSettings: env,
		ResourceFiles:       files,
		OutputFiles: []azbatch.OutputFile{
			{FilePattern: to.Ptr(reportFile), Destination: dest(prefix + "/" + reportFile), UploadOptions: always},
			{FilePattern: to.Ptr("../std*.txt"), Destination: dest(prefix), UploadOptions: always},
		},
	}
}

func setting(name, value string) azbatch.EnvironmentSetting {
	return azbatch.EnvironmentSetting{Name: to.Ptr(name), Value: to.Ptr(strings.TrimSpace(value))}
}
