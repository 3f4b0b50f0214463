package main

// The Azure Batch REST shapes that `az batch job create --json-file` and
// `az batch task create --json-file` read (only the members used here).

// Job is a Batch job (JobAddParameter).
type Job struct {
	ID                 string          `json:"id"`
	DisplayName        string          `json:"displayName,omitempty"`
	PoolInfo           PoolInfo        `json:"poolInfo"`
	JobManagerTask     *JobManagerTask `json:"jobManagerTask,omitempty"`
	Constraints        *JobConstraints `json:"constraints,omitempty"`
	OnAllTasksComplete string          `json:"onAllTasksComplete,omitempty"`
}

// PoolInfo names the pool the job runs on.
type PoolInfo struct {
	PoolID string `json:"poolId"`
}

// JobConstraints bound a job.
type JobConstraints struct {
	MaxWallClockTime  string `json:"maxWallClockTime,omitempty"`
	MaxTaskRetryCount int    `json:"maxTaskRetryCount"`
}

// JobManagerTask is the task Batch starts when the job is created.
type JobManagerTask struct {
	ID                  string               `json:"id"`
	DisplayName         string               `json:"displayName,omitempty"`
	CommandLine         string               `json:"commandLine"`
	ResourceFiles       []ResourceFile       `json:"resourceFiles,omitempty"`
	EnvironmentSettings []EnvironmentSetting `json:"environmentSettings,omitempty"`
	UserIdentity        *UserIdentity        `json:"userIdentity,omitempty"`
	Constraints         *TaskConstraints     `json:"constraints,omitempty"`
	KillJobOnCompletion bool                 `json:"killJobOnCompletion"`
}

// Task is a Batch task (TaskAddParameter); tasks files are JSON arrays of it.
type Task struct {
	ID                  string               `json:"id"`
	DisplayName         string               `json:"displayName,omitempty"`
	CommandLine         string               `json:"commandLine"`
	ResourceFiles       []ResourceFile       `json:"resourceFiles,omitempty"`
	EnvironmentSettings []EnvironmentSetting `json:"environmentSettings,omitempty"`
	UserIdentity        *UserIdentity        `json:"userIdentity,omitempty"`
	Constraints         *TaskConstraints     `json:"constraints,omitempty"`
}

// ResourceFile is a file Batch downloads into the task's working directory
// before it starts: one blob (httpUrl) or a whole container
// (storageContainerUrl), here read with the pool's managed identity.
type ResourceFile struct {
	HTTPURL             string             `json:"httpUrl,omitempty"`
	StorageContainerURL string             `json:"storageContainerUrl,omitempty"`
	FilePath            string             `json:"filePath,omitempty"`
	FileMode            string             `json:"fileMode,omitempty"`
	IdentityReference   *IdentityReference `json:"identityReference,omitempty"`
}

// IdentityReference names a user-assigned identity of the pool by its ARM
// resource ID.
type IdentityReference struct {
	ResourceID string `json:"resourceId"`
}

// EnvironmentSetting is one environment variable of a task.
type EnvironmentSetting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// UserIdentity is the account a task runs as.
type UserIdentity struct {
	AutoUser *AutoUser `json:"autoUser,omitempty"`
}

// AutoUser is Batch's automatic user account.
type AutoUser struct {
	Scope          string `json:"scope"`
	ElevationLevel string `json:"elevationLevel"`
}

// TaskConstraints bound one task.
type TaskConstraints struct {
	MaxWallClockTime  string `json:"maxWallClockTime,omitempty"`
	MaxTaskRetryCount int    `json:"maxTaskRetryCount"`
}
