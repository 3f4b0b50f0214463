package batchtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
)

// failureInfo builds a task failure.
func failureInfo(code, format string, args ...any) *azbatch.TaskFailureInfo {
	return &azbatch.TaskFailureInfo{Category: to.Ptr(azbatch.ErrorCategoryUserError), Code: to.Ptr(code), Message: to.Ptr(fmt.Sprintf(format, args...))}
}

// execute runs one try of t on n: resource files, process, output files.
func (s *Server) execute(t *task, n *node) (*int32, *azbatch.TaskFailureInfo) {
	wd := filepath.Join(t.dir, "wd")
	if err := os.RemoveAll(t.dir); err != nil {
		return nil, failureInfo("TaskDirectoryError", "%v", err)
	}
	if err := os.MkdirAll(wd, 0o755); err != nil {
		return nil, failureInfo("TaskDirectoryError", "%v", err)
	}
	for _, rf := range t.content.ResourceFiles {
		if f := s.download(rf, wd); f != nil {
			return nil, f
		}
	}
	args, err := splitCommandLine(deref(t.content.CommandLine))
	if err != nil || len(args) == 0 {
		return nil, failureInfo("CommandLineInvalid", "the command line does not parse: %v", err)
	}
	if strings.Contains(args[0], "/") && !filepath.IsAbs(args[0]) {
		args[0] = filepath.Join(wd, args[0])
	}
	stdout, err1 := os.Create(filepath.Join(t.dir, "stdout.txt"))
	stderr, err2 := os.Create(filepath.Join(t.dir, "stderr.txt"))
	if err := errors.Join(err1, err2); err != nil {
		return nil, failureInfo("TaskDirectoryError", "%v", err)
	}
	defer stdout.Close()
	defer stderr.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = wd, stdout, stderr
	cmd.Env = s.environment(t, n, wd)
	s.mu.Lock()
	if t.terminated {
		s.mu.Unlock()
		return nil, nil
	}
	err = cmd.Start()
	if err == nil {
		t.cmd = cmd
	}
	s.mu.Unlock()
	if err != nil {
		return nil, failureInfo("CommandProgramNotFound", "the task's program could not start: %v", err)
	}
	werr := cmd.Wait()
	code := int32(0)
	if werr != nil {
		code = -1
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			code = int32(ee.ExitCode())
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				code = 128 + int32(ws.Signal())
			}
		}
	}
	var failure *azbatch.TaskFailureInfo
	if code != 0 {
		failure = failureInfo("FailureExitCode", "The task exited with an exit code representing a failure")
	}
	if f := s.uploadOutputs(t, wd, code == 0); f != nil && failure == nil {
		failure = f
	}
	return &code, failure
}

// environment is the environment of a task process.
func (s *Server) environment(t *task, n *node, wd string) []string {
	env := append([]string(nil), s.opts.Environment...)
	env = append(env,
		"AZ_BATCH_ACCOUNT_URL="+s.URL,
		"AZ_BATCH_POOL_ID="+t.job.poolID,
		"AZ_BATCH_NODE_ID="+n.id,
		"AZ_BATCH_NODE_ROOT_DIR="+n.root,
		"AZ_BATCH_NODE_SHARED_DIR="+n.shared,
		"AZ_BATCH_NODE_MOUNTS_DIR="+n.mounts,
		"AZ_BATCH_JOB_ID="+deref(t.job.content.ID),
		"AZ_BATCH_TASK_ID="+deref(t.content.ID),
		"AZ_BATCH_TASK_DIR="+t.dir,
		"AZ_BATCH_TASK_WORKING_DIR="+wd,
	)
	for _, e := range t.job.content.CommonEnvironmentSettings {
		env = append(env, deref(e.Name)+"="+deref(e.Value))
	}
	for _, e := range t.content.EnvironmentSettings {
		env = append(env, deref(e.Name)+"="+deref(e.Value))
	}
	return env
}

// redact drops the query (a SAS) of a URL for messages.
func redact(u string) string {
	base, _, _ := strings.Cut(u, "?")
	return base
}

// localPath resolves a task-relative path inside wd.
func localPath(wd, rel string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(rel))
	if rel == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("filePath %q must be relative to the working directory", rel)
	}
	return filepath.Join(wd, clean), nil
}

// download fetches a resource file (httpUrl) into wd.
func (s *Server) download(rf azbatch.ResourceFile, wd string) *azbatch.TaskFailureInfo {
	src := deref(rf.HTTPURL)
	if src == "" {
		return failureInfo("ResourceFileUnsupported", "the emulator takes resource files with an httpUrl")
	}
	name := deref(rf.FilePath)
	if name == "" {
		if u, err := url.Parse(src); err == nil {
			name = filepath.Base(u.Path)
		}
	}
	dst, err := localPath(wd, name)
	if err != nil {
		return failureInfo("ResourceFilePathInvalid", "%v", err)
	}
	req, err := http.NewRequestWithContext(s.ctx, http.MethodGet, src, nil)
	if err != nil {
		return failureInfo("BlobDownloadMiscError", "resource file %s: %v", redact(src), err)
	}
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return failureInfo("BlobDownloadMiscError", "resource file %s: %s", redact(src), strings.ReplaceAll(err.Error(), src, redact(src)))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return failureInfo("BlobNotFound", "resource file %s: 404", redact(src))
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
		return failureInfo("BlobAccessDenied", "resource file %s: %d", redact(src), resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return failureInfo("BlobDownloadMiscError", "resource file %s: %d", redact(src), resp.StatusCode)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return failureInfo("DiskFull", "%v", err)
	}
	f, err := os.Create(dst)
	if err == nil {
		_, err = io.Copy(f, resp.Body)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		return failureInfo("BlobDownloadMiscError", "resource file %s: %v", redact(src), err)
	}
	return nil
}

// uploadOutputs uploads the task's output files whose condition holds.
func (s *Server) uploadOutputs(t *task, wd string, success bool) *azbatch.TaskFailureInfo {
	for _, of := range t.content.OutputFiles {
		cond := azbatch.OutputFileUploadConditionTaskCompletion
		if of.UploadOptions != nil && of.UploadOptions.UploadCondition != nil {
			cond = *of.UploadOptions.UploadCondition
		}
		if (cond == azbatch.OutputFileUploadConditionTaskSuccess && !success) || (cond == azbatch.OutputFileUploadConditionTaskFailure && success) {
			continue
		}
		if of.Destination == nil || of.Destination.Container == nil || deref(of.Destination.Container.ContainerURL) == "" {
			return failureInfo("FileUploadMiscError", "output file %q has no container destination", deref(of.FilePattern))
		}
		dest := of.Destination.Container
		pattern := filepath.FromSlash(deref(of.FilePattern))
		if !filepath.IsAbs(pattern) {
			pattern = filepath.Join(wd, pattern)
		}
		files, err := filepath.Glob(pattern)
		if err != nil {
			return failureInfo("FileUploadMiscError", "output file pattern %q: %v", deref(of.FilePattern), err)
		}
		wild := strings.ContainsAny(deref(of.FilePattern), "*?[")
		cc, err := container.NewClientWithNoCredential(deref(dest.ContainerURL), &container.ClientOptions{ClientOptions: azcore.ClientOptions{Transport: s.opts.HTTPClient}})
		if err != nil {
			return failureInfo("FileUploadMiscError", "container %s: %v", redact(deref(dest.ContainerURL)), err)
		}
		for _, f := range files {
			name := deref(dest.Path)
			switch {
			case wild || name == "":
				name = strings.TrimSuffix(name, "/") + "/" + filepath.Base(f)
				name = strings.TrimPrefix(name, "/")
			}
			if err := uploadFile(s.ctx, cc, name, f); err != nil {
				return failureInfo("FileUploadMiscError", "uploading %s to %s: %v", filepath.Base(f), redact(deref(dest.ContainerURL)), err)
			}
		}
	}
	return nil
}

// uploadFile uploads one local file as a block blob.
func uploadFile(ctx context.Context, cc *container.Client, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = cc.NewBlockBlobClient(name).UploadFile(ctx, f, nil)
	if err != nil {
		var re *azcore.ResponseError
		if errors.As(err, &re) {
			return fmt.Errorf("%d %s", re.StatusCode, re.ErrorCode)
		}
		return errors.New("the upload failed")
	}
	return nil
}

// splitCommandLine splits a command line into words; single and double
// quotes group words (Batch runs it without a shell).
func splitCommandLine(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unterminated quote")
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}
