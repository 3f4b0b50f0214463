package batch

import (
	"context"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"

	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
)

// DefaultWatchInterval is the time between two looks at the task states.
const DefaultWatchInterval = 5 * time.Second

// Progress counts the tasks of a job by state.
type Progress struct {
	// Tasks is the number of tasks of the job.
	Tasks int
	// Active tasks wait for a slot (a retried task is active again).
	Active int
	// Running tasks have a process on a node.
	Running int
	// Completed tasks are done: Succeeded + Failed.
	Completed int
	// Succeeded and Failed split Completed by result.
	Succeeded int
	Failed    int
	// Retries counts the retries of all tasks so far.
	Retries int
}

// Done reports whether every task is complete.
func (p Progress) Done() bool { return p.Tasks > 0 && p.Completed == p.Tasks }

// String returns the counts in one line for logs.
func (p Progress) String() string {
	return fmt.Sprintf("%d tasks: %d active, %d running, %d completed (%d failed), %d retries",
		p.Tasks, p.Active, p.Running, p.Completed, p.Failed, p.Retries)
}

// WatchOptions are the optional parameters of Watch.
type WatchOptions struct {
	// Interval is the time between two looks (default
	// DefaultWatchInterval).
	Interval time.Duration
	// OnProgress, if set, is called after each look whose counts changed.
	OnProgress func(Progress)
}

// WatchResponse is the result of Watch.
type WatchResponse struct {
	// Progress holds the final counts.
	Progress Progress
	// Tasks are the job's tasks as last listed.
	Tasks []azbatch.Task
}

// Watch follows the job's task states until every task is complete (or ctx
// ends) and returns the final state. Batch retries a failed task on its
// own; Watch only looks.
func (c *Client) Watch(ctx context.Context, jobID string, options *WatchOptions) (resp WatchResponse, err error) {
	ctx, span := c.startSpan(ctx, spanWatch, jobID)
	looks := 0
	defer func() {
		span.SetAttributes(append(progressAttributes(resp.Progress), spans.Attr(spans.BatchLooks, looks))...)
		spans.End(span, err)
	}()
	var opts WatchOptions
	if options != nil {
		opts = *options
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultWatchInterval
	}
	var last Progress
	for first := true; ; first = false {
		tasks, err := c.listTasks(ctx, jobID, "")
		if err != nil {
			return WatchResponse{Progress: last}, err
		}
		looks++
		p := count(tasks)
		if first || p != last {
			span.AddEvent("batch.progress", progressAttributes(p)...)
			if opts.OnProgress != nil {
				opts.OnProgress(p)
			}
		}
		last = p
		if p.Done() {
			return WatchResponse{Progress: p, Tasks: tasks}, nil
		}
		select {
		case <-ctx.Done():
			return WatchResponse{Progress: p, Tasks: tasks}, ctx.Err()
		case <-time.After(opts.Interval):
		}
	}
}

// listTasks lists the job's tasks (filter: an OData $filter, "" for all).
func (c *Client) listTasks(ctx context.Context, jobID, filter string) ([]azbatch.Task, error) {
	o := &azbatch.ListTasksOptions{
		SelectParam: []string{"id", "state", "executionInfo", "nodeInfo"},
		MaxResults:  to.Ptr(int32(1000)),
	}
	if filter != "" {
		o.Filter = to.Ptr(filter)
	}
	var out []azbatch.Task
	pager := c.batch.NewListTasksPager(jobID, o)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("batch: listing the tasks of job %s: %w", jobID, err)
		}
		out = append(out, page.Value...)
	}
	return out, nil
}

// count tallies tasks by state.
func count(tasks []azbatch.Task) Progress {
	p := Progress{Tasks: len(tasks)}
	for _, t := range tasks {
		if t.ExecutionInfo != nil {
			p.Retries += int(deref(t.ExecutionInfo.RetryCount))
		}
		switch deref(t.State) {
		case azbatch.TaskStateCompleted:
			p.Completed++
			if failed(t) {
				p.Failed++
			} else {
				p.Succeeded++
			}
		case azbatch.TaskStateRunning, azbatch.TaskStatePreparing:
			p.Running++
		default:
			p.Active++
		}
	}
	return p
}

// failed reports a completed task whose result is a failure.
func failed(t azbatch.Task) bool {
	e := t.ExecutionInfo
	return e != nil && (deref(e.Result) == azbatch.TaskExecutionResultFailure || e.FailureInfo != nil || deref(e.ExitCode) != 0)
}
