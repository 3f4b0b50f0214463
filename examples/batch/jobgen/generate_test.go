package main

import (
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
)

var batchID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func envOf(settings []EnvironmentSetting) map[string]string {
	m := map[string]string{}
	for _, s := range settings {
		if _, dup := m[s.Name]; dup {
			panic("duplicate environment setting " + s.Name)
		}
		m[s.Name] = s.Value
	}
	return m
}

func TestTasksFilesSplitAndCoverEveryShard(t *testing.T) {
	for _, shards := range []int{1, 4, 100, 101, 250} {
		files, err := Config{Shards: shards, PoolID: "pool", CatalogURL: "https://c.x.geocatalog.spatio.azure.com"}.Files()
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		ids := map[string]bool{}
		nfiles := 0
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if matched, _ := filepath.Match("gsp-tasks-*.json", name); !matched {
				continue
			}
			nfiles++
			var tasks []Task
			if err := json.Unmarshal(files[name], &tasks); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(tasks) == 0 || len(tasks) > MaxTasksPerRequest {
				t.Fatalf("%d shards: %s holds %d tasks", shards, name, len(tasks))
			}
			for _, task := range tasks {
				if !batchID.MatchString(task.ID) || ids[task.ID] {
					t.Fatalf("bad or duplicate task id %q", task.ID)
				}
				ids[task.ID] = true
				env := envOf(task.EnvironmentSettings)
				idx, err := strconv.Atoi(env["GSP_SHARD_INDEX"])
				if err != nil || env["GSP_SHARD_COUNT"] != strconv.Itoa(shards) || seen[idx] {
					t.Fatalf("task %s: shard %q of %q", task.ID, env["GSP_SHARD_INDEX"], env["GSP_SHARD_COUNT"])
				}
				seen[idx] = true
				if env["GEOCATALOG_ENDPOINT"] != "https://c.x.geocatalog.spatio.azure.com" || env["AZURE_CLIENT_ID"] != PlaceholderClientID {
					t.Fatalf("task %s env %v", task.ID, env)
				}
				if len(task.ResourceFiles) != 1 || task.ResourceFiles[0].HTTPURL != PlaceholderGSPURL {
					t.Fatalf("task %s resource files %+v", task.ID, task.ResourceFiles)
				}
			}
		}
		if want := (shards + MaxTasksPerRequest - 1) / MaxTasksPerRequest; nfiles != want {
			t.Errorf("%d shards: %d tasks files, want %d", shards, nfiles, want)
		}
		for i := range shards {
			if !seen[i] {
				t.Errorf("%d shards: shard %d has no task", shards, i)
			}
		}
	}
}

func TestListJobShape(t *testing.T) {
	files, err := Config{PartnerAppID: "11111111-1111-1111-1111-111111111111"}.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files["pool.json"] == nil {
		t.Fatalf("no shards: want pool.json and job.json, got %v", slices.Collect(maps.Keys(files)))
	}
	var pool ARMPool
	if err := json.Unmarshal(files["pool.json"], &pool); err != nil || pool.Identity.Type != "UserAssigned" ||
		len(pool.Identity.UserAssignedIdentities) != 1 || pool.Properties.ScaleSettings.FixedScale.TargetDedicatedNodes != 1 {
		t.Fatalf("pool.json: %v %+v", err, pool)
	}
	var job map[string]any
	if err := json.Unmarshal(files["job.json"], &job); err != nil {
		t.Fatal(err)
	}
	if job["poolInfo"].(map[string]any)["poolId"] != PlaceholderPoolID {
		t.Errorf("poolInfo %v", job["poolInfo"])
	}
	jm := job["jobManagerTask"].(map[string]any)
	for _, k := range []string{"id", "commandLine", "resourceFiles", "environmentSettings"} {
		if jm[k] == nil {
			t.Errorf("jobManagerTask has no %s", k)
		}
	}
	var typed Job
	_ = json.Unmarshal(files["job.json"], &typed)
	env := envOf(typed.JobManagerTask.EnvironmentSettings)
	if env["PARTNER_CLIENT_ID"] == "" || env["GEOCATALOG_TENANT_ID"] == "" || env["GEOCATALOG_ENDPOINT"] != PlaceholderCatalogURL {
		t.Errorf("partner pool env %v", env)
	}
	if !batchID.MatchString(typed.ID) || !batchID.MatchString(typed.JobManagerTask.ID) {
		t.Errorf("ids %q %q", typed.ID, typed.JobManagerTask.ID)
	}
}

func TestRejectsBadConfig(t *testing.T) {
	if _, err := (Config{Shards: -1}).Files(); err == nil {
		t.Error("negative shards accepted")
	}
	if err := run([]string{"-shards", "x"}, io.Discard); err == nil {
		t.Error("bad flag accepted")
	}
}

// The files checked in next to the README are the generator's output for
// `jobgen -out examples/batch/jobs -shards 4`.
func TestCheckedInFilesAreCurrent(t *testing.T) {
	files, err := Config{Shards: 4, MaxTaskRetryCount: 2, GSPArgs: "-source rasters -output change-masks"}.Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "jobs")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(files) {
		t.Errorf("%s holds %d files, the generator writes %d", dir, len(entries), len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s is stale: rerun go run ./examples/batch/jobgen -out examples/batch/jobs -shards 4", name)
		}
	}
}
