package batch

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// MaxTasks is the largest number of shard tasks of one job.
const MaxTasks = 100_000

// maxTasksPerCollection is the most tasks one add-collection request takes.
const maxTasksPerCollection = 100

// Environment settings of the job and its tasks, read by the task program.
const (
	// EnvCatalogURL is the GeoCatalog endpoint (job level).
	EnvCatalogURL = "GEOCATALOG_ENDPOINT"
	// EnvClientID is the client ID of the pool's user-assigned identity
	// (job level).
	EnvClientID = "AZURE_CLIENT_ID"
	// EnvShardIndex and EnvShardCount are the task's shard.
	EnvShardIndex = "GSP_SHARD_INDEX"
	EnvShardCount = "GSP_SHARD_COUNT"
	// EnvManifest is the path, relative to the working directory, of the
	// shard's manifest (absent with hash sharding).
	EnvManifest = "GSP_MANIFEST"
	// EnvReport is the path, relative to the working directory, where the
	// task writes its gsp.Report as JSON.
	EnvReport = "GSP_REPORT"
)

// File names in the task's working directory.
const (
	manifestFile = "manifest.json"
	reportFile   = "report.json"
)

// ExitAccessRevoked is the exit code of a task program whose identity the
// catalog refused (the run's error matched tenancy.ErrAccessRevoked).
const ExitAccessRevoked = 3

// validID is the rule of Batch job IDs.
var validID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// JobSpec describes a sharded job for Submit.
type JobSpec struct {
	// JobID names the job (letters, digits, - and _, at most 64).
	JobID string
	// PoolID is the existing pool the tasks run on; its user-assigned
	// identity is ClientID.
	PoolID string
	// CatalogURL is the GeoCatalog endpoint (https).
	CatalogURL string
	// ClientID is the client ID of the pool's managed identity.
	ClientID string
	// Shards is the number of tasks, in [1, MaxTasks].
	Shards int
	// CommandLine runs the task program, without a shell; it finds its
	// shard, manifest and report path in the environment.
	CommandLine string
	// Manifests are the shard manifests' URLs, by shard, with a read-only
	// SAS (gsp.ShardPlan.Stage). Nil means hash sharding (every task pages
	// through the whole search).
	Manifests []string
	// ReportContainerURL is the blob container the tasks' reports and
	// stdout/stderr are uploaded to, with a SAS that allows writes (Batch's
	// outputFiles destination). Blob names are <job>/<task>/<file>.
	ReportContainerURL string
	// MaxTaskRetryCount is how often Batch retries a failed task (-1:
	// without limit).
	MaxTaskRetryCount int
	// Environment holds more job-level settings. They are visible in the
	// job definition: never a secret.
	Environment map[string]string
	// ShardEnvironment, if set, gives more settings of shard k's task.
	ShardEnvironment func(shard int) map[string]string
}

// SpecError reports a JobSpec that cannot be submitted. It is returned
// before any request is sent.
type SpecError struct {
	// Field is the JobSpec field at fault.
	Field string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *SpecError) Error() string { return "batch: invalid job spec: " + e.Field + ": " + e.Reason }

// Validate checks the spec as Submit does, with a *SpecError, so that a
// program can refuse a bad spec before it plans and stages the manifests
// (Manifests may still be nil then).
func (s *JobSpec) Validate() error { return s.validate() }

// validate checks the spec.
func (s *JobSpec) validate() error {
	bad := func(field, format string, args ...any) error {
		return &SpecError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case !validID.MatchString(s.JobID):
		return bad("JobID", "%q: use 1 to 64 letters, digits, - or _", s.JobID)
	case strings.TrimSpace(s.PoolID) == "":
		return bad("PoolID", "missing: the job runs on an existing pool")
	case s.Shards < 1 || s.Shards > MaxTasks:
		return bad("Shards", "%d: must be in [1, %d]", s.Shards, MaxTasks)
	case strings.TrimSpace(s.CommandLine) == "":
		return bad("CommandLine", "missing")
	case strings.TrimSpace(s.ClientID) == "":
		return bad("ClientID", "missing: the tasks authenticate with the pool's user-assigned identity")
	case s.MaxTaskRetryCount < -1:
		return bad("MaxTaskRetryCount", "%d: must be -1 or more", s.MaxTaskRetryCount)
	case s.Manifests != nil && len(s.Manifests) != s.Shards:
		return bad("Manifests", "%d manifests for %d shards", len(s.Manifests), s.Shards)
	}
	if u, err := url.Parse(s.CatalogURL); err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" {
		return bad("CatalogURL", "%q: must be an https URL without a query", redact(s.CatalogURL))
	}
	if err := checkBlobURL(s.ReportContainerURL, true); err != nil {
		return bad("ReportContainerURL", "%v", err)
	}
	for k, m := range s.Manifests {
		if err := checkBlobURL(m, true); err != nil {
			return bad(fmt.Sprintf("Manifests[%d]", k), "%v", err)
		}
	}
	for name, v := range s.Environment {
		if looksSecret(v) {
			return bad("Environment", "%s looks like a secret (a SAS or key): settings are visible in the job", name)
		}
	}
	if looksSecret(s.CommandLine) {
		return bad("CommandLine", "looks like it holds a secret (a SAS or key)")
	}
	return nil
}

// checkBlobURL checks a blob URL: https (or http on loopback, for Azurite)
// and, when sas, a SAS signature.
func checkBlobURL(raw string, sas bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a URL", redact(raw))
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname())) {
		return fmt.Errorf("%s: must be https", redact(raw))
	}
	if sas && u.Query().Get("sig") == "" {
		return fmt.Errorf("%s: needs a SAS", redact(raw))
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// looksSecret reports a value that holds a SAS signature or an account key.
func looksSecret(v string) bool {
	l := strings.ToLower(v)
	return strings.Contains(l, "sig=") || strings.Contains(l, "accountkey=") || strings.Contains(l, "sharedaccesssignature")
}

// redact drops the query (a SAS) of a URL.
func redact(u string) string {
	base, _, _ := strings.Cut(u, "?")
	return base
}

// taskID is the ID of shard k's task.
func taskID(k int) string { return fmt.Sprintf("shard-%05d", k) }
