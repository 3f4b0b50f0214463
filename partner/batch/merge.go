package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/geocatalog-partner/sdk-go/partner/gsp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/spans"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// maxReportSize bounds a downloaded shard report.
const maxReportSize = 256 << 20

// TaskResult is the outcome of one shard task.
type TaskResult struct {
	// TaskID names the task; Shard is its shard.
	TaskID string
	Shard  int
	// ExitCode is the last try's exit code; Retries counts Batch's retries.
	ExitCode int
	Retries  int
	// NodeID is the node of the last try.
	NodeID string
	// Report is the shard's report (nil when the task wrote none).
	Report *gsp.Report
	// StdoutURL and StderrURL are the blobs of the last try's stdout.txt
	// and stderr.txt (without SAS).
	StdoutURL string
	StderrURL string
	// Err is nil for a task that succeeded, else a *TaskFailedError.
	Err error
}

// TaskFailedError reports a shard task that failed after Batch's retries.
// It matches tenancy.ErrAccessRevoked (errors.Is) when the task's identity
// was refused by the catalog.
type TaskFailedError struct {
	// TaskID names the task.
	TaskID string
	// ExitCode is the last try's exit code.
	ExitCode int
	// Code and Message are Batch's failure information.
	Code    string
	Message string
	// Stopped is why the shard's run stopped, from its report.
	Stopped string
	// StderrURL is the blob of its stderr.txt.
	StderrURL string
}

// Error implements error.
func (e *TaskFailedError) Error() string {
	s := fmt.Sprintf("batch: task %s failed (exit code %d", e.TaskID, e.ExitCode)
	if e.Code != "" {
		s += ", " + e.Code
	}
	s += ")"
	if e.Stopped != "" {
		s += ": " + e.Stopped
	}
	if e.StderrURL != "" {
		s += "; see " + e.StderrURL
	}
	return s
}

// Unwrap returns tenancy.ErrAccessRevoked for a task whose identity the
// catalog refused.
func (e *TaskFailedError) Unwrap() error {
	if e.ExitCode == ExitAccessRevoked {
		return tenancy.ErrAccessRevoked
	}
	return nil
}

// MergeReportsOptions are the optional parameters of MergeReports.
type MergeReportsOptions struct {
	// Tasks are the job's tasks, as Watch returned them; nil means listing
	// them again.
	Tasks []azbatch.Task
}

// MergeReportsResponse is the result of MergeReports.
type MergeReportsResponse struct {
	// Report merges the shard reports (gsp.MergeReports).
	Report *gsp.Report
	// Tasks has one result per shard task, by shard.
	Tasks []TaskResult
}

// FailedTasks returns the results of the tasks that failed.
func (r MergeReportsResponse) FailedTasks() []TaskResult {
	var out []TaskResult
	for _, t := range r.Tasks {
		if t.Err != nil {
			out = append(out, t)
		}
	}
	return out
}

// MergeReports downloads the shard reports of a completed job from the
// report container (ReportContainerURL, here a client with read access)
// and merges them. A task that failed has a *TaskFailedError in its
// result; the error is only for a listing or download that failed.
func (c *Client) MergeReports(ctx context.Context, jobID string, reports *container.Client, options *MergeReportsOptions) (MergeReportsResponse, error) {
	if reports == nil {
		return MergeReportsResponse{}, errors.New("batch: the report container client is nil")
	}
	ctx, span := c.startSpan(ctx, spanMerge, jobID)
	resp, err := c.mergeReports(ctx, jobID, reports, options)
	span.SetAttributes(spans.Attr(spans.BatchTasks, len(resp.Tasks)), spans.Attr(spans.BatchTasksFailed, len(resp.FailedTasks())))
	if r := resp.Report; r != nil {
		span.SetAttributes(spans.Attr(spans.SourcesSearched, r.Searched), spans.Attr(spans.SourcesDone, r.Done),
			spans.Attr(spans.SourcesFailed, r.Failed), spans.Attr(spans.SourcesSkipped, r.Skipped), spans.Attr(spans.DerivedItems, r.DerivedItems))
	}
	spans.End(span, err)
	return resp, err
}

// mergeReports is MergeReports below its span.
func (c *Client) mergeReports(ctx context.Context, jobID string, reports *container.Client, options *MergeReportsOptions) (MergeReportsResponse, error) {
	var opts MergeReportsOptions
	if options != nil {
		opts = *options
	}
	tasks := opts.Tasks
	if tasks == nil {
		var err error
		if tasks, err = c.listTasks(ctx, jobID, ""); err != nil {
			return MergeReportsResponse{}, err
		}
	}
	var resp MergeReportsResponse
	var all []*gsp.Report
	for _, t := range tasks {
		id := deref(t.ID)
		res := TaskResult{TaskID: id, Shard: -1}
		if k, ok := strings.CutPrefix(id, "shard-"); ok {
			if n, err := strconv.Atoi(k); err == nil {
				res.Shard = n
			}
		}
		if e := t.ExecutionInfo; e != nil {
			res.ExitCode, res.Retries = int(deref(e.ExitCode)), int(deref(e.RetryCount))
		}
		if t.NodeInfo != nil {
			res.NodeID = deref(t.NodeInfo.NodeID)
		}
		base := redact(reports.URL()) + "/" + jobID + "/" + id + "/"
		res.StdoutURL, res.StderrURL = base+"stdout.txt", base+"stderr.txt"
		rep, err := downloadReport(ctx, reports, jobID+"/"+id+"/"+reportFile)
		if err != nil {
			return resp, fmt.Errorf("batch: the report of task %s: %w", id, err)
		}
		res.Report = rep
		if failed(t) || deref(t.State) != azbatch.TaskStateCompleted {
			fe := &TaskFailedError{TaskID: id, ExitCode: res.ExitCode, StderrURL: res.StderrURL}
			if deref(t.State) != azbatch.TaskStateCompleted {
				fe.Code, fe.Message = "NotCompleted", "the task is "+string(deref(t.State))
			}
			if e := t.ExecutionInfo; e != nil && e.FailureInfo != nil {
				fe.Code, fe.Message = deref(e.FailureInfo.Code), deref(e.FailureInfo.Message)
			}
			if rep != nil {
				fe.Stopped = rep.Stopped
			}
			res.Err = fe
		}
		all = append(all, rep)
		resp.Tasks = append(resp.Tasks, res)
	}
	resp.Report = gsp.MergeReports(all...)
	return resp, nil
}

// downloadReport reads a shard report; a missing blob gives nil.
func downloadReport(ctx context.Context, cc *container.Client, name string) (*gsp.Report, error) {
	d, err := cc.NewBlobClient(name).DownloadStream(ctx, nil)
	if err != nil {
		var re *azcore.ResponseError
		if errors.As(err, &re) && re.StatusCode == 404 {
			return nil, nil
		}
		return nil, err
	}
	defer d.Body.Close()
	var rep gsp.Report
	if err := json.NewDecoder(io.LimitReader(d.Body, maxReportSize)).Decode(&rep); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	return &rep, nil
}
