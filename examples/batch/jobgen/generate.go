package main

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// MaxTasksPerRequest is the most tasks the Batch service takes in one
// add-task-collection request, so in one tasks file.
const MaxTasksPerRequest = 100

// Placeholders left in the files when a value is not given; replace them
// (for example with sed) before running az.
const (
	PlaceholderPoolID     = "__POOL_ID__"
	PlaceholderCatalogURL = "__GEOCATALOG_ENDPOINT__"
	PlaceholderClientID   = "__AZURE_CLIENT_ID__"
	PlaceholderIdentityID = "__POOL_IDENTITY_RESOURCE_ID__"
	PlaceholderTaskURL    = "__TASK_BINARY_URL__"
	PlaceholderGSPURL     = "__GSP_BINARY_URL__"
	PlaceholderStaging    = "__STAGING_CONTAINER_URL__"
)

// Config is what the generator needs to know.
type Config struct {
	// PoolID is the Batch pool the jobs run on.
	PoolID string
	// CatalogURL is the GeoCatalog endpoint (GEOCATALOG_ENDPOINT).
	CatalogURL string
	// ClientID is the client ID of the pool's user-assigned managed
	// identity (AZURE_CLIENT_ID).
	ClientID string
	// IdentityResourceID is the ARM resource ID of that identity, with
	// which Batch downloads the resource files from blob storage.
	IdentityResourceID string
	// PartnerAppID, when set, makes the tasks authenticate as the partner's
	// multitenant app with the pool identity as its federated credential,
	// in the customer tenant TenantID.
	PartnerAppID string
	// TenantID is the customer's tenant (partner pools only).
	TenantID string

	// ListJobID is the ID of the job that lists the collections.
	ListJobID string
	// TaskURL is the blob URL of the task program (examples/batch/task).
	TaskURL string

	// Shards is the number of GSP shards; 0 writes no GSP files.
	Shards int
	// GSPJobID is the ID of the sharded GSP job.
	GSPJobID string
	// GSPURL is the blob URL of the GSP program
	// (examples/gsp-change-detection).
	GSPURL string
	// GSPArgs are extra arguments of the GSP program.
	GSPArgs string
	// StagingURL is the blob container the GSP tasks stage result files
	// to (STAGING_CONTAINER_URL), with the pool's identity.
	StagingURL string
	// MaxTaskRetryCount is how often Batch retries a failed task.
	MaxTaskRetryCount int
	// Nodes is the node count of the pool (default 1).
	Nodes int
}

func orPlaceholder(v, placeholder string) string {
	if v == "" {
		return placeholder
	}
	return v
}

// withDefaults fills the empty values with placeholders and defaults.
func (c Config) withDefaults() Config {
	c.PoolID = orPlaceholder(c.PoolID, PlaceholderPoolID)
	c.CatalogURL = orPlaceholder(c.CatalogURL, PlaceholderCatalogURL)
	c.ClientID = orPlaceholder(c.ClientID, PlaceholderClientID)
	c.IdentityResourceID = orPlaceholder(c.IdentityResourceID, PlaceholderIdentityID)
	c.TaskURL = orPlaceholder(c.TaskURL, PlaceholderTaskURL)
	c.GSPURL = orPlaceholder(c.GSPURL, PlaceholderGSPURL)
	c.StagingURL = orPlaceholder(c.StagingURL, PlaceholderStaging)
	c.ListJobID = orPlaceholder(c.ListJobID, "geocatalog-list-collections")
	c.GSPJobID = orPlaceholder(c.GSPJobID, "geocatalog-gsp")
	return c
}

// environment returns the settings every task gets.
func (c Config) environment() []EnvironmentSetting {
	env := []EnvironmentSetting{
		{Name: "GEOCATALOG_ENDPOINT", Value: c.CatalogURL},
		{Name: "AZURE_CLIENT_ID", Value: c.ClientID},
	}
	if c.PartnerAppID != "" {
		env = append(env,
			EnvironmentSetting{Name: "PARTNER_CLIENT_ID", Value: c.PartnerAppID},
			EnvironmentSetting{Name: "GEOCATALOG_TENANT_ID", Value: orPlaceholder(c.TenantID, "__CUSTOMER_TENANT_ID__")})
	}
	return env
}

func (c Config) resourceFile(url, name string) ResourceFile {
	return ResourceFile{HTTPURL: url, FilePath: name, FileMode: "0755",
		IdentityReference: &IdentityReference{ResourceID: c.IdentityResourceID}}
}

// ListJob is the job that runs the task program once, as its job manager
// task, and ends when it ends.
func (c Config) ListJob() Job {
	c = c.withDefaults()
	return Job{
		ID:       c.ListJobID,
		PoolInfo: PoolInfo{PoolID: c.PoolID},
		JobManagerTask: &JobManagerTask{
			ID:                  "list-collections",
			DisplayName:         "List the collections of a GeoCatalog",
			CommandLine:         `/bin/sh -c "./geocatalog-task"`,
			ResourceFiles:       []ResourceFile{c.resourceFile(c.TaskURL, "geocatalog-task")},
			EnvironmentSettings: c.environment(),
			UserIdentity:        &UserIdentity{AutoUser: &AutoUser{Scope: "task", ElevationLevel: "nonadmin"}},
			Constraints:         &TaskConstraints{MaxTaskRetryCount: c.MaxTaskRetryCount},
			KillJobOnCompletion: true,
		},
	}
}

// GSPJob is the job that holds the shard tasks (added with GSPTasks).
func (c Config) GSPJob() Job {
	c = c.withDefaults()
	return Job{ID: c.GSPJobID, PoolInfo: PoolInfo{PoolID: c.PoolID},
		Constraints: &JobConstraints{MaxTaskRetryCount: c.MaxTaskRetryCount}}
}

// GSPTasks returns one task per shard, each with its GSP_SHARD_INDEX and
// GSP_SHARD_COUNT.
func (c Config) GSPTasks() []Task {
	c = c.withDefaults()
	cmd := "./gsp"
	if c.GSPArgs != "" {
		cmd += " " + c.GSPArgs
	}
	tasks := make([]Task, c.Shards)
	width := len(strconv.Itoa(c.Shards - 1))
	for i := range tasks {
		env := append(c.environment(),
			EnvironmentSetting{Name: "STAGING_CONTAINER_URL", Value: c.StagingURL},
			EnvironmentSetting{Name: "GSP_SHARD_INDEX", Value: strconv.Itoa(i)},
			EnvironmentSetting{Name: "GSP_SHARD_COUNT", Value: strconv.Itoa(c.Shards)})
		tasks[i] = Task{
			ID:                  fmt.Sprintf("shard-%0*d-of-%d", width, i, c.Shards),
			CommandLine:         `/bin/sh -c "` + cmd + `"`,
			ResourceFiles:       []ResourceFile{c.resourceFile(c.GSPURL, "gsp")},
			EnvironmentSettings: env,
			Constraints:         &TaskConstraints{MaxTaskRetryCount: c.MaxTaskRetryCount},
		}
	}
	return tasks
}

// Files returns the files to write, by name: pool.json (the ARM body of the
// pool), job.json (the listing job) and,
// for Shards > 0, gsp-job.json and gsp-tasks-NNN.json files of at most
// MaxTasksPerRequest tasks each.
func (c Config) Files() (map[string][]byte, error) {
	if c.Shards < 0 {
		return nil, fmt.Errorf("shards %d: must not be negative", c.Shards)
	}
	if c.MaxTaskRetryCount < -1 {
		return nil, fmt.Errorf("max task retry count %d: must be -1 (unlimited) or more", c.MaxTaskRetryCount)
	}
	out := map[string][]byte{}
	add := func(name string, v any) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		out[name] = append(b, '\n')
		return nil
	}
	if err := add("pool.json", c.Pool()); err != nil {
		return nil, err
	}
	if err := add("job.json", c.ListJob()); err != nil {
		return nil, err
	}
	if c.Shards == 0 {
		return out, nil
	}
	if err := add("gsp-job.json", c.GSPJob()); err != nil {
		return nil, err
	}
	tasks := c.GSPTasks()
	for n, start := 1, 0; start < len(tasks); n, start = n+1, start+MaxTasksPerRequest {
		end := min(start+MaxTasksPerRequest, len(tasks))
		if err := add(fmt.Sprintf("gsp-tasks-%03d.json", n), tasks[start:end]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
