package batchtest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
)

// node is a compute node of the pool. Its free count is guarded by
// Server.mu.
type node struct {
	id     string
	root   string // AZ_BATCH_NODE_ROOT_DIR
	shared string // AZ_BATCH_NODE_SHARED_DIR
	mounts string // AZ_BATCH_NODE_MOUNTS_DIR
	free   int
}

// newNode makes the directories of a node; the shared mounts are linked
// into its mounts directory.
func (s *Server) newNode(id string) (*node, error) {
	root := filepath.Join(s.opts.Root, "nodes", id)
	n := &node{id: id, root: root, shared: filepath.Join(root, "shared"), mounts: filepath.Join(root, "fsmounts"), free: s.opts.SlotsPerNode}
	for _, d := range []string{n.shared, n.mounts} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("batchtest: %w", err)
		}
	}
	for _, m := range s.opts.Mounts {
		if err := os.Symlink(s.MountDir(m), filepath.Join(n.mounts, m)); err != nil {
			return nil, fmt.Errorf("batchtest: mounting %s: %w", m, err)
		}
	}
	return n, nil
}

// poke wakes the scheduler.
func (s *Server) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// schedule starts queued tasks on free slots until the server closes.
func (s *Server) schedule() {
	defer s.running.Done()
	for {
		s.mu.Lock()
		s.dispatch()
		s.mu.Unlock()
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
	}
}

// slots is the number of slots a task takes.
func (t *task) slots() int {
	if n := int(deref(t.content.RequiredSlots)); n > 0 {
		return n
	}
	return 1
}

// dispatch starts what fits, in queue order. s.mu is held.
func (s *Server) dispatch() {
	if s.ctx.Err() != nil {
		return
	}
	kept := s.queue[:0]
	for _, t := range s.queue {
		if t.state != azbatch.TaskStateActive {
			continue
		}
		n := s.pickNode(t)
		if n == nil {
			kept = append(kept, t)
			continue
		}
		n.free -= t.slots()
		now := time.Now().UTC()
		t.node, t.state, t.changed, t.started = n, azbatch.TaskStateRunning, now, now
		t.ranOn = append(t.ranOn, n.id)
		t.dir = filepath.Join(n.root, "workitems", deref(t.job.content.ID), "job-1", deref(t.content.ID))
		s.running.Add(1)
		go s.run(t, n)
	}
	s.queue = kept
}

// pickNode returns a node with room for t, or nil. A retried task goes to
// a node it has not run on while the pool has one (it waits for a slot
// there), so that a retry shows what survives a lost node.
func (s *Server) pickNode(t *task) *node {
	fresh := false
	for _, n := range s.nodes {
		if !slices.Contains(t.ranOn, n.id) {
			fresh = true
		}
	}
	var best *node
	for _, n := range s.nodes {
		if n.free < t.slots() || (fresh && slices.Contains(t.ranOn, n.id)) {
			continue
		}
		if best == nil || n.free > best.free {
			best = n
		}
	}
	return best
}

// run executes one try of t on n and decides what follows.
func (s *Server) run(t *task, n *node) {
	defer s.running.Done()
	exitCode, failure := s.execute(t, n)
	s.mu.Lock()
	defer s.mu.Unlock()
	n.free += t.slots()
	t.cmd = nil
	now := time.Now().UTC()
	processFailed := exitCode != nil && *exitCode != 0
	switch {
	case t.terminated:
		if failure == nil {
			failure = &azbatch.TaskFailureInfo{Category: to.Ptr(azbatch.ErrorCategoryUserError), Code: to.Ptr("TaskEnded"),
				Message: to.Ptr("the task was ended by a job terminate")}
		}
		t.complete(now, exitCode, failure)
	case processFailed && (t.maxRetries() == -1 || t.retries < t.maxRetries()) && s.ctx.Err() == nil:
		t.retries++
		t.state, t.changed, t.killed = azbatch.TaskStateActive, now, false
		s.queue = append(s.queue, t)
	default:
		t.complete(now, exitCode, failure)
	}
	s.taskFinished(t.job)
	s.poke()
}

// KillTask kills the process of a running task, as a lost node or an
// out-of-memory kill would: the task fails and is retried per its
// maxTaskRetryCount.
func (s *Server) KillTask(jobID, taskID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil || j.tasks[taskID] == nil {
		return fmt.Errorf("batchtest: no task %s/%s", jobID, taskID)
	}
	t := j.tasks[taskID]
	if t.state != azbatch.TaskStateRunning || t.cmd == nil {
		return fmt.Errorf("batchtest: task %s/%s is not running its process", jobID, taskID)
	}
	t.kill()
	return nil
}

// TaskRun describes a task as the emulator ran it.
type TaskRun struct {
	// State is the task's state.
	State azbatch.TaskState
	// Nodes are the nodes its tries ran on, in order.
	Nodes []string
	// Dir is the task directory of its last try (stdout.txt, stderr.txt,
	// wd/).
	Dir string
	// Retries counts its retries.
	Retries int
}

// Task returns how the emulator ran a task.
func (s *Server) Task(jobID, taskID string) (TaskRun, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[jobID]
	if j == nil || j.tasks[taskID] == nil {
		return TaskRun{}, false
	}
	t := j.tasks[taskID]
	return TaskRun{State: t.state, Nodes: slices.Clone(t.ranOn), Dir: t.dir, Retries: t.retries}, true
}
