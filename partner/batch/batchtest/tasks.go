package batchtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
)

// maxTasksPerCollection is the most tasks one add-collection request takes.
const maxTasksPerCollection = 100

// task is a Batch task. Its fields are guarded by Server.mu.
type task struct {
	job        *job
	content    azbatch.CreateTaskContent
	state      azbatch.TaskState
	created    time.Time
	changed    time.Time
	retries    int
	started    time.Time
	ended      time.Time
	exitCode   *int32
	failure    *azbatch.TaskFailureInfo
	node       *node
	ranOn      []string
	dir        string
	cmd        *exec.Cmd
	killed     bool
	terminated bool
}

// maxRetries is the task's maxTaskRetryCount (-1: unlimited).
func (t *task) maxRetries() int {
	if c := t.content.Constraints; c != nil && c.MaxTaskRetryCount != nil {
		return int(*c.MaxTaskRetryCount)
	}
	if c := t.job.content.Constraints; c != nil && c.MaxTaskRetryCount != nil {
		return int(*c.MaxTaskRetryCount)
	}
	return 0
}

// kill kills the task's process, if it runs.
func (t *task) kill() {
	if t.cmd != nil && t.cmd.Process != nil {
		t.killed = true
		_ = t.cmd.Process.Kill()
	}
}

// complete marks the task completed. s.mu is held.
func (t *task) complete(now time.Time, exitCode *int32, failure *azbatch.TaskFailureInfo) {
	t.state, t.changed, t.ended, t.exitCode, t.failure = azbatch.TaskStateCompleted, now, now, exitCode, failure
}

// model returns the task as Batch returns it. s.mu is held.
func (t *task) model(base string) azbatch.Task {
	c := t.content
	m := azbatch.Task{
		ID: c.ID, DisplayName: c.DisplayName, CommandLine: c.CommandLine, EnvironmentSettings: c.EnvironmentSettings,
		ResourceFiles: c.ResourceFiles, OutputFiles: c.OutputFiles, Constraints: c.Constraints, RequiredSlots: c.RequiredSlots,
		State: to.Ptr(t.state), CreationTime: to.Ptr(t.created), StateTransitionTime: to.Ptr(t.changed),
		URL: to.Ptr(base + "/jobs/" + deref(t.job.content.ID) + "/tasks/" + deref(c.ID)),
	}
	info := &azbatch.TaskExecutionInfo{RetryCount: to.Ptr(int32(t.retries)), RequeueCount: to.Ptr(int32(0))}
	if !t.started.IsZero() {
		info.StartTime = to.Ptr(t.started)
	}
	if t.state == azbatch.TaskStateCompleted {
		info.EndTime, info.ExitCode, info.FailureInfo = to.Ptr(t.ended), t.exitCode, t.failure
		info.Result = to.Ptr(azbatch.TaskExecutionResultSuccess)
		if t.failure != nil || (t.exitCode != nil && *t.exitCode != 0) {
			info.Result = to.Ptr(azbatch.TaskExecutionResultFailure)
		}
	}
	m.ExecutionInfo = info
	if t.node != nil {
		m.NodeInfo = &azbatch.NodeInfo{NodeID: to.Ptr(t.node.id), PoolID: to.Ptr(t.job.poolID),
			TaskRootDirectory: to.Ptr(t.dir), TaskRootDirectoryURL: to.Ptr((&url.URL{Scheme: "file", Path: t.dir}).String())}
	}
	return m
}

// addTasks serves POST /jobs/{id}/addtaskcollection.
func (s *Server) addTasks(w http.ResponseWriter, r *http.Request, jobID string) {
	var g azbatch.TaskGroup
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err == nil && len(body) > 1<<20 {
		writeError(w, http.StatusRequestEntityTooLarge, "RequestBodyTooLarge", "the request body is larger than 1 MB")
		return
	}
	if err == nil {
		err = json.Unmarshal(body, &g)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequestBody", "the tasks are not JSON: "+err.Error())
		return
	}
	if len(g.Value) == 0 || len(g.Value) > maxTasksPerCollection {
		writeError(w, http.StatusRequestEntityTooLarge, "RequestBodyTooLarge",
			fmt.Sprintf("%d tasks: a collection holds 1 to %d", len(g.Value), maxTasksPerCollection))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	switch {
	case j == nil:
		writeError(w, http.StatusNotFound, "JobNotFound", "the specified job does not exist")
		return
	case j.state != azbatch.JobStateActive:
		writeError(w, http.StatusConflict, "JobCompleted", "the specified job is not active")
		return
	}
	var res azbatch.AddTaskCollectionResult
	now := time.Now().UTC()
	for _, c := range g.Value {
		id := deref(c.ID)
		add := azbatch.TaskAddResult{TaskID: c.ID, Status: to.Ptr(azbatch.TaskAddStatusSuccess)}
		fail := func(code, msg string) {
			add.Status = to.Ptr(azbatch.TaskAddStatusClientError)
			add.Error = &azbatch.Error{Code: to.Ptr(code), Message: &azbatch.ErrorMessage{Lang: to.Ptr("en-US"), Value: to.Ptr(msg)}}
		}
		switch {
		case !validID.MatchString(id):
			fail("InvalidPropertyValue", fmt.Sprintf("task id %q is not valid", id))
		case j.tasks[id] != nil:
			fail("TaskExists", "the specified task already exists")
		case strings.TrimSpace(deref(c.CommandLine)) == "":
			fail("MissingRequiredProperty", "the task has no commandLine")
		default:
			t := &task{job: j, content: c, state: azbatch.TaskStateActive, created: now, changed: now}
			j.tasks[id] = t
			j.order = append(j.order, id)
			s.queue = append(s.queue, t)
			add.Location = to.Ptr(s.URL + "/jobs/" + jobID + "/tasks/" + id)
		}
		res.Value = append(res.Value, add)
	}
	s.poke()
	writeJSON(w, http.StatusOK, res)
}

// getTask serves GET /jobs/{id}/tasks/{task}.
func (s *Server) getTask(w http.ResponseWriter, jobID, taskID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		writeError(w, http.StatusNotFound, "JobNotFound", "the specified job does not exist")
		return
	}
	t := j.tasks[taskID]
	if t == nil {
		writeError(w, http.StatusNotFound, "TaskNotFound", "the specified task does not exist")
		return
	}
	writeJSON(w, http.StatusOK, t.model(s.URL))
}

// listTasks serves GET /jobs/{id}/tasks, with $filter on state ("state eq
// 'running'", terms joined by "or"), maxresults and next links.
func (s *Server) listTasks(w http.ResponseWriter, r *http.Request, jobID string) {
	q := r.URL.Query()
	states, err := parseStateFilter(q.Get("$filter"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidQueryParameterValue", err.Error())
		return
	}
	limit := 1000
	if v := q.Get("maxresults"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			writeError(w, http.StatusBadRequest, "InvalidQueryParameterValue", "maxresults must be in [1, 1000]")
			return
		}
	}
	skip := 0
	if v := q.Get("skiptoken"); v != "" {
		if skip, err = strconv.Atoi(v); err != nil || skip < 0 {
			writeError(w, http.StatusBadRequest, "InvalidQueryParameterValue", "bad skiptoken")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil {
		writeError(w, http.StatusNotFound, "JobNotFound", "the specified job does not exist")
		return
	}
	res := azbatch.TaskListResult{Value: []azbatch.Task{}}
	for i := skip; i < len(j.order); i++ {
		t := j.tasks[j.order[i]]
		if len(states) > 0 && !slices.Contains(states, t.state) {
			continue
		}
		if len(res.Value) == limit {
			next := *r.URL
			nq := next.Query()
			nq.Set("skiptoken", strconv.Itoa(i))
			next.RawQuery = nq.Encode()
			res.NextLink = to.Ptr(s.URL + next.RequestURI())
			break
		}
		res.Value = append(res.Value, t.model(s.URL))
	}
	writeJSON(w, http.StatusOK, res)
}

// parseStateFilter reads "state eq 'a' or state eq 'b'" (empty: all).
func parseStateFilter(f string) ([]azbatch.TaskState, error) {
	f = strings.TrimSpace(f)
	if f == "" {
		return nil, nil
	}
	var out []azbatch.TaskState
	for _, term := range strings.Split(f, " or ") {
		fields := strings.Fields(term)
		if len(fields) != 3 || fields[0] != "state" || fields[1] != "eq" || len(fields[2]) < 3 ||
			fields[2][0] != '\'' || fields[2][len(fields[2])-1] != '\'' {
			return nil, fmt.Errorf("$filter %q: the emulator takes state eq '<state>' terms joined by or", f)
		}
		st := azbatch.TaskState(fields[2][1 : len(fields[2])-1])
		if !slices.Contains(azbatch.PossibleTaskStateValues(), st) {
			return nil, fmt.Errorf("$filter %q: unknown task state %q", f, st)
		}
		out = append(out, st)
	}
	return out, nil
}
