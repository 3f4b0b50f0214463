package batchtest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner/batch/batchtest"
	"github.com/geocatalog-partner/sdk-go/tenancy/tenancytest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	azurite.StopShared()
	os.Exit(code)
}

// newClient returns an azbatch client of srv authenticated as a managed
// identity of the fake Entra.
func newClient(t *testing.T, srv *batchtest.Server, entra *tenancytest.Entra) *azbatch.Client {
	t.Helper()
	mi := tenancytest.NewManagedIdentityServer(entra)
	t.Cleanup(mi.Close)
	id := uuid.NewString()
	entra.AddManagedIdentity(entra.NewTenant(), id)
	mi.Setenv(t)
	cred, err := azidentity.NewManagedIdentityCredential(&azidentity.ManagedIdentityCredentialOptions{ID: azidentity.ClientID(id)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := azbatch.NewClient(srv.URL, cred, &azbatch.ClientOptions{ClientOptions: srv.ClientOptions()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func waitTask(t *testing.T, c *azbatch.Client, jobID, taskID string) azbatch.Task {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := c.GetTask(context.Background(), jobID, taskID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if *resp.State == azbatch.TaskStateCompleted {
			return resp.Task
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("task %s did not complete", taskID)
	return azbatch.Task{}
}

func TestEmulatorRunsTasksWithTheBatchEnvironmentFilesAndRetries(t *testing.T) {
	entra := tenancytest.NewEntra()
	defer entra.Close()
	az := azurite.Shared(t)
	ctx := context.Background()
	cc := az.NewClient().ServiceClient().NewContainerClient("out-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12])
	if _, err := cc.Create(ctx, nil); err != nil {
		t.Fatal(err)
	}
	containerSAS, err := cc.GetSASURL(sas.ContainerPermissions{Write: true, Create: true}, time.Now().Add(time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/input.txt" {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, "hello from a resource file\n")
	}))
	defer files.Close()

	srv, err := batchtest.NewServer(&batchtest.Options{Nodes: 2, SlotsPerNode: 1, Mounts: []string{"share"},
		Environment: []string{"PATH=" + os.Getenv("PATH")}, ValidateToken: entra.BatchTokenValidator()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c := newClient(t, srv, entra)

	// A bad token is refused.
	bad, _ := azbatch.NewClient(srv.URL, staticCred("not-a-token"), &azbatch.ClientOptions{ClientOptions: srv.ClientOptions()})
	if _, err := bad.GetJob(ctx, "nope", nil); !isStatus(err, http.StatusUnauthorized) {
		t.Fatalf("bad token: %v", err)
	}
	// A job on a pool that does not exist is refused.
	if _, err := c.CreateJob(ctx, azbatch.CreateJobContent{ID: to.Ptr("j0"), PoolInfo: &azbatch.PoolInfo{PoolID: to.Ptr("other")}}, nil); !isStatus(err, http.StatusNotFound) {
		t.Fatalf("missing pool: %v", err)
	}
	job := azbatch.CreateJobContent{ID: to.Ptr("job1"), PoolInfo: &azbatch.PoolInfo{PoolID: to.Ptr("pool")},
		CommonEnvironmentSettings: []azbatch.EnvironmentSetting{{Name: to.Ptr("JOB_LEVEL"), Value: to.Ptr("from-the-job")}}}
	if _, err := c.CreateJob(ctx, job, nil); err != nil {
		t.Fatal(err)
	}
	// The "flaky" task fails on its first node (no marker in the shared
	// mount yet), writes the marker and is retried on the other node.
	script := `echo "$AZ_BATCH_JOB_ID/$AZ_BATCH_TASK_ID $JOB_LEVEL $TASK_LEVEL $(cat input.txt)" > out.txt; ` +
		`echo to-stderr >&2; if [ "$AZ_BATCH_TASK_ID" = flaky ] && [ ! -e "$AZ_BATCH_NODE_MOUNTS_DIR/share/marker" ]; then ` +
		`echo "$AZ_BATCH_NODE_ID" > "$AZ_BATCH_NODE_MOUNTS_DIR/share/marker"; exit 3; fi`
	mk := func(id string, retries int32) azbatch.CreateTaskContent {
		return azbatch.CreateTaskContent{ID: to.Ptr(id), CommandLine: to.Ptr("/bin/sh -c '" + script + "'"),
			EnvironmentSettings: []azbatch.EnvironmentSetting{{Name: to.Ptr("TASK_LEVEL"), Value: to.Ptr("task-" + id)}},
			ResourceFiles:       []azbatch.ResourceFile{{HTTPURL: to.Ptr(files.URL + "/input.txt"), FilePath: to.Ptr("input.txt")}},
			Constraints:         &azbatch.TaskConstraints{MaxTaskRetryCount: to.Ptr(retries)},
			OutputFiles: []azbatch.OutputFile{{FilePattern: to.Ptr("out.txt"),
				Destination:   &azbatch.OutputFileDestination{Container: &azbatch.OutputFileBlobContainerDestination{ContainerURL: to.Ptr(containerSAS), Path: to.Ptr(id + "/out.txt")}},
				UploadOptions: &azbatch.OutputFileUploadConfig{UploadCondition: to.Ptr(azbatch.OutputFileUploadConditionTaskSuccess)}}},
		}
	}
	tooMany := azbatch.TaskGroup{}
	for i := range 101 {
		tooMany.Value = append(tooMany.Value, mk("t"+string(rune('a'+i%26))+uuid.NewString()[:4], 0))
	}
	if _, err := c.CreateTaskCollection(ctx, "job1", tooMany, nil); !isStatus(err, http.StatusRequestEntityTooLarge) {
		t.Fatalf("101 tasks: %v", err)
	}
	res, err := c.CreateTaskCollection(ctx, "job1", azbatch.TaskGroup{Value: []azbatch.CreateTaskContent{mk("plain", 0), mk("flaky", 1), mk("plain", 0)}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Value) != 3 || *res.Value[0].Status != azbatch.TaskAddStatusSuccess || *res.Value[2].Status != azbatch.TaskAddStatusClientError || *res.Value[2].Error.Code != "TaskExists" {
		t.Fatalf("add results: %+v", res.Value)
	}
	for _, id := range []string{"plain", "flaky"} {
		tk := waitTask(t, c, "job1", id)
		if *tk.ExecutionInfo.Result != azbatch.TaskExecutionResultSuccess || *tk.ExecutionInfo.ExitCode != 0 {
			t.Fatalf("%s: %+v", id, tk.ExecutionInfo)
		}
		blob, err := cc.NewBlobClient(id+"/out.txt").DownloadStream(ctx, nil)
		if err != nil {
			t.Fatalf("%s output: %v", id, err)
		}
		out, _ := io.ReadAll(blob.Body)
		if want := "job1/" + id + " from-the-job task-" + id + " hello from a resource file\n"; string(out) != want {
			t.Fatalf("%s output %q, want %q", id, out, want)
		}
		run, _ := srv.Task("job1", id)
		if stderr, _ := os.ReadFile(filepath.Join(run.Dir, "stderr.txt")); string(stderr) != "to-stderr\n" {
			t.Fatalf("%s stderr %q", id, stderr)
		}
	}
	flaky, _ := srv.Task("job1", "flaky")
	if flaky.Retries != 1 || len(flaky.Nodes) != 2 || flaky.Nodes[0] == flaky.Nodes[1] {
		t.Fatalf("flaky ran %+v, want a retry on another node", flaky)
	}
	// $filter on state, and a task failing for good.
	if _, err := c.CreateTaskCollection(ctx, "job1", azbatch.TaskGroup{Value: []azbatch.CreateTaskContent{
		{ID: to.Ptr("fails"), CommandLine: to.Ptr("/bin/sh -c 'exit 7'"), Constraints: &azbatch.TaskConstraints{MaxTaskRetryCount: to.Ptr(int32(2))}},
	}}, nil); err != nil {
		t.Fatal(err)
	}
	tk := waitTask(t, c, "job1", "fails")
	if *tk.ExecutionInfo.ExitCode != 7 || *tk.ExecutionInfo.RetryCount != 2 || *tk.ExecutionInfo.FailureInfo.Code != "FailureExitCode" {
		t.Fatalf("fails: %+v", tk.ExecutionInfo)
	}
	pager := c.NewListTasksPager("job1", &azbatch.ListTasksOptions{Filter: to.Ptr("state eq 'completed'"), MaxResults: to.Ptr(int32(2))})
	var completed []string
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range page.Value {
			completed = append(completed, *tk.ID)
		}
	}
	if strings.Join(completed, ",") != "plain,flaky,fails" {
		t.Fatalf("completed tasks %v", completed)
	}
	// Terminate kills a running task.
	if _, err := c.CreateTaskCollection(ctx, "job1", azbatch.TaskGroup{Value: []azbatch.CreateTaskContent{
		{ID: to.Ptr("sleeps"), CommandLine: to.Ptr("sleep 60")},
	}}, nil); err != nil {
		t.Fatal(err)
	}
	for {
		if run, _ := srv.Task("job1", "sleeps"); run.State == azbatch.TaskStateRunning {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := c.TerminateJob(ctx, "job1", nil); err != nil {
		t.Fatal(err)
	}
	tk = waitTask(t, c, "job1", "sleeps")
	if *tk.ExecutionInfo.Result != azbatch.TaskExecutionResultFailure {
		t.Fatalf("terminated task: %+v", tk.ExecutionInfo)
	}
	j, err := c.GetJob(ctx, "job1", nil)
	if err != nil || *j.State != azbatch.JobStateCompleted || *j.ExecutionInfo.TerminationReason != "UserTerminate" {
		t.Fatalf("job after terminate: %v %+v", err, j.Job)
	}
}

type staticCred string

func (s staticCred) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(s), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func isStatus(err error, code int) bool {
	re, ok := err.(*azcore.ResponseError)
	return ok && re.StatusCode == code
}
