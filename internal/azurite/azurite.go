package azurite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
)

// Version is the azurite npm package version installed when none is found.
const Version = "3.37.0"

// AccountName is Azurite's well-known development account.
const AccountName = "devstoreaccount1"

// AccountKey is the well-known key of AccountName. It is public (documented by
// Azurite) and only valid against the emulator.
const AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

// Instance is a running Azurite blob service.
type Instance struct {
	// ServiceURL is the blob service URL of AccountName,
	// http://127.0.0.1:PORT/devstoreaccount1.
	ServiceURL string
	// Port is the loopback port Azurite listens on.
	Port int

	t        testing.TB
	cmd      *exec.Cmd
	output   *lockedBuffer
	done     chan struct{}
	stopOnce sync.Once
}

// Start starts Azurite for the test and registers its shutdown with
// t.Cleanup. It fails the test (t.Fatal) when Azurite cannot be found,
// installed or started.
func Start(t testing.TB) *Instance {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatalf("azurite: %v", err)
	}
	began := time.Now()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		inst, err := start(t, bin)
		if err == nil {
			t.Logf("azurite %s listening on 127.0.0.1:%d after %s", bin, inst.Port, time.Since(began).Round(time.Millisecond))
			t.Cleanup(inst.Stop)
			return inst
		}
		lastErr = err
	}
	t.Fatalf("azurite: %v", lastErr)
	return nil
}

func start(t testing.TB, bin string) (*Instance, error) {
	return startIn(t, bin, t.TempDir())
}

func startIn(t testing.TB, bin, dir string) (*Instance, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	out := &lockedBuffer{}
	cmd := exec.Command(bin,
		"--blobHost", "127.0.0.1",
		"--blobPort", strconv.Itoa(port),
		"--location", dir,
		"--skipApiVersionCheck", "--loose", "--silent")
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	inst := &Instance{
		ServiceURL: fmt.Sprintf("http://127.0.0.1:%d/%s", port, AccountName),
		Port:       port,
		t:          t,
		cmd:        cmd,
		output:     out,
		done:       make(chan struct{}),
	}
	go func() { _ = cmd.Wait(); close(inst.done) }()
	if err := inst.waitReady(30 * time.Second); err != nil {
		inst.Stop()
		return nil, fmt.Errorf("%w; output: %s", err, out.String())
	}
	return inst, nil
}

// waitReady polls the blob endpoint until Azurite answers HTTP.
func (i *Instance) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-i.done:
			return errors.New("azurite exited during start")
		default:
		}
		resp, err := client.Get(i.ServiceURL + "?comp=list")
		if err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("azurite did not answer on port %d within %s", i.Port, timeout)
}

// Stop stops Azurite: SIGINT, then SIGKILL after a grace period (Azurite may
// ignore SIGTERM). It is safe to call more than once; Start registers it with
// t.Cleanup.
func (i *Instance) Stop() {
	i.stopOnce.Do(func() {
		if i.cmd.Process == nil {
			return
		}
		began := time.Now()
		defer func() {
			if i.t != nil {
				i.t.Logf("azurite stopped after %s", time.Since(began).Round(time.Millisecond))
			}
		}()
		_ = i.cmd.Process.Signal(os.Interrupt)
		select {
		case <-i.done:
			return
		case <-time.After(2 * time.Second):
		}
		_ = i.cmd.Process.Kill()
		<-i.done
	})
}

// Credential returns the shared key credential of the development account.
func (i *Instance) Credential() *azblob.SharedKeyCredential {
	cred, err := azblob.NewSharedKeyCredential(AccountName, AccountKey)
	if err != nil {
		panic("azurite: credential: " + err.Error()) // the key is a valid constant
	}
	return cred
}

// NewClient returns an azblob client of the development account.
func (i *Instance) NewClient() *azblob.Client {
	c, err := azblob.NewClientWithSharedKeyCredential(i.ServiceURL+"/", i.Credential(), nil)
	if err != nil {
		panic("azurite: client: " + err.Error()) // ServiceURL is always valid
	}
	return c
}

// Binary returns the path of the azurite-blob executable, installing the
// npm package under <repo>/.azurite when it is not found.
func Binary() (string, error) {
	if p := os.Getenv("AZURITE_BLOB"); p != "" {
		if isExecutable(p) {
			return p, nil
		}
		return "", fmt.Errorf("AZURITE_BLOB=%s is not an executable file", p)
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	candidates := []string{
		filepath.Join(root, ".azurite", "node_modules", ".bin", "azurite-blob"),
		filepath.Join(root, "node_modules", ".bin", "azurite-blob"),
	}
	for _, c := range candidates {
		if isExecutable(c) {
			return c, nil
		}
	}
	if p, err := exec.LookPath("azurite-blob"); err == nil {
		return p, nil
	}
	return install(root, candidates[0])
}

// install runs npm once under an exclusive file lock; a second test binary
// waiting on the lock finds the binary when it gets the lock.
func install(root, want string) (string, error) {
	dir := filepath.Join(root, ".azurite")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(filepath.Join(dir, "install.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("locking %s: %w", lock.Name(), err)
	}
	defer func() { _ = syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) }()
	if isExecutable(want) {
		return want, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("azurite-blob not found and npm is not installed: install Node.js and npm, or set AZURITE_BLOB")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--prefix", dir, "azurite@"+Version)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm install azurite@%s: %w: %s", Version, err, tail(out.String(), 2000))
	}
	if !isExecutable(want) {
		return "", fmt.Errorf("npm install azurite@%s did not produce %s", Version, want)
	}
	return want, nil
}

// repoRoot walks up from the working directory to the directory of go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// lockedBuffer collects the process output for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
