package batchtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
)

// validID is the rule of Batch job and task IDs.
var validID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// job is a Batch job.
type job struct {
	content azbatch.CreateJobContent
	state   azbatch.JobState
	created time.Time
	changed time.Time
	reason  string
	tasks   map[string]*task
	order   []string
	poolID  string
}

// addJob serves POST /jobs.
func (s *Server) addJob(w http.ResponseWriter, r *http.Request) {
	var c azbatch.CreateJobContent
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err == nil {
		err = json.Unmarshal(body, &c)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequestBody", "the job is not JSON: "+err.Error())
		return
	}
	id := deref(c.ID)
	if !validID.MatchString(id) {
		writeError(w, http.StatusBadRequest, "InvalidPropertyValue", fmt.Sprintf("job id %q is not valid", id))
		return
	}
	if c.PoolInfo == nil || deref(c.PoolInfo.PoolID) != s.opts.PoolID {
		writeError(w, http.StatusNotFound, "PoolNotFound", "the job's pool does not exist")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[id]; dup {
		writeError(w, http.StatusConflict, "JobExists", fmt.Sprintf("the job %s already exists", id))
		return
	}
	now := time.Now().UTC()
	s.jobs[id] = &job{content: c, state: azbatch.JobStateActive, created: now, changed: now, tasks: map[string]*task{}, poolID: s.opts.PoolID}
	w.Header().Set("DataServiceId", s.URL+"/jobs/"+id)
	w.Header().Set("Location", s.URL+"/jobs/"+id)
	w.WriteHeader(http.StatusCreated)
}

// model returns the job as Batch returns it. s.mu is held.
func (j *job) model(base string) azbatch.Job {
	c := j.content
	m := azbatch.Job{
		ID: c.ID, DisplayName: c.DisplayName, PoolInfo: c.PoolInfo, Constraints: c.Constraints, Priority: c.Priority,
		CommonEnvironmentSettings: c.CommonEnvironmentSettings, OnAllTasksComplete: c.OnAllTasksComplete,
		OnTaskFailure: c.OnTaskFailure, Metadata: c.Metadata, MaxParallelTasks: c.MaxParallelTasks,
		State: to.Ptr(j.state), CreationTime: to.Ptr(j.created), StateTransitionTime: to.Ptr(j.changed),
		URL:           to.Ptr(base + "/jobs/" + deref(c.ID)),
		ExecutionInfo: &azbatch.JobExecutionInfo{StartTime: to.Ptr(j.created), PoolID: to.Ptr(j.poolID)},
	}
	if j.state == azbatch.JobStateCompleted {
		m.ExecutionInfo.EndTime = to.Ptr(j.changed)
		m.ExecutionInfo.TerminationReason = to.Ptr(j.reason)
	}
	return m
}

// getJob serves GET /jobs/{id}.
func (s *Server) getJob(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	if j == nil {
		writeError(w, http.StatusNotFound, "JobNotFound", "the specified job does not exist")
		return
	}
	writeJSON(w, http.StatusOK, j.model(s.URL))
}

// terminateJob serves POST /jobs/{id}/terminate: running tasks are killed
// and no task runs again.
func (s *Server) terminateJob(w http.ResponseWriter, r *http.Request, id string) {
	var c azbatch.TerminateJobContent
	if body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20)); len(body) > 0 {
		if err := json.Unmarshal(body, &c); err != nil {
			writeError(w, http.StatusBadRequest, "InvalidRequestBody", err.Error())
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[id]
	switch {
	case j == nil:
		writeError(w, http.StatusNotFound, "JobNotFound", "the specified job does not exist")
		return
	case j.state == azbatch.JobStateCompleted:
		writeError(w, http.StatusConflict, "JobCompleted", "the specified job is already in a completed state")
		return
	}
	reason := deref(c.TerminationReason)
	if reason == "" {
		reason = "UserTerminate"
	}
	s.endJob(j, reason)
	w.WriteHeader(http.StatusAccepted)
}

// endJob completes j: tasks not completed are ended, running ones killed.
// s.mu is held.
func (s *Server) endJob(j *job, reason string) {
	now := time.Now().UTC()
	j.state, j.changed, j.reason = azbatch.JobStateCompleted, now, reason
	for _, t := range j.tasks {
		t.terminated = true
		switch t.state {
		case azbatch.TaskStateActive:
			t.complete(now, nil, &azbatch.TaskFailureInfo{Category: to.Ptr(azbatch.ErrorCategoryUserError),
				Code: to.Ptr("TaskEnded"), Message: to.Ptr("the job was terminated before the task ran")})
		case azbatch.TaskStateRunning:
			t.kill()
		}
	}
	kept := s.queue[:0]
	for _, t := range s.queue {
		if t.job != j {
			kept = append(kept, t)
		}
	}
	s.queue = kept
}

// taskFinished ends the job when all its tasks are complete and it asks
// for that. s.mu is held.
func (s *Server) taskFinished(j *job) {
	if j.state != azbatch.JobStateActive || deref(j.content.OnAllTasksComplete) != azbatch.OnAllTasksCompleteTerminateJob {
		return
	}
	for _, t := range j.tasks {
		if t.state != azbatch.TaskStateCompleted {
			return
		}
	}
	s.endJob(j, "AllTasksComplete")
}
