package partner_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/appendblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/sas"
	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
)

// journalContainer is a new Azurite container, reached through the guarded
// options as a task would.
func journalContainer(t *testing.T) *container.Client {
	t.Helper()
	az := azurite.Shared(t)
	cc, err := container.NewClientWithSharedKeyCredential(az.ServiceURL+"/journals-"+uuid.NewString()[:8], az.Credential(), partner.GuardedContainerOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cc.Create(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return cc
}

// openBlobJournal opens the journal of blob in a new local directory (a
// new node), closed when the test ends.
func openBlobJournal(t *testing.T, blob *appendblob.Client) *partner.Journal {
	t.Helper()
	j, err := partner.OpenBlobJournal(context.Background(), blob, filepath.Join(t.TempDir(), "journal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	return j
}

var blobBinding = partner.JournalBinding{Endpoint: "https://cat.geocatalog.spatio.azure.com", Tenant: "t1", Collection: "out"}

func TestBlobJournalIsFoundFromTheBlobAloneOnAnotherMachine(t *testing.T) {
	ctx := context.Background()
	cc := journalContainer(t)
	blob := cc.NewAppendBlobClient("job/shard-00001.journal")

	first, err := partner.OpenBlobJournal(ctx, blob, filepath.Join(t.TempDir(), "node1.journal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Bind(blobBinding); err != nil {
		t.Fatal(err)
	}
	if err := first.Append(
		partner.JournalRecord{Collection: "out", ItemID: "a", Hash: "h1", Outcome: partner.OutcomeCreated},
		partner.JournalRecord{Collection: "out", ItemID: "b", Hash: "h2", Outcome: partner.OutcomeSubmitted},
	); err != nil {
		t.Fatal(err)
	}
	if err := first.Append(partner.JournalRecord{Collection: "out", ItemID: "c", Hash: "h3", Outcome: partner.OutcomeReplaced}); err != nil {
		t.Fatal(err)
	}
	// The node dies: its local copy is gone with it.
	first.Close()

	// The retry on another node has only the blob (and a stale file at its
	// local path, which the blob replaces).
	local := filepath.Join(t.TempDir(), "node2.journal")
	stale, err := partner.OpenJournal(local)
	if err != nil {
		t.Fatal(err)
	}
	_ = stale.Append(partner.JournalRecord{Collection: "out", ItemID: "zz", Hash: "h9", Outcome: partner.OutcomeCreated})
	stale.Close()
	second, err := partner.OpenBlobJournal(ctx, blob, local, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if err := second.Bind(blobBinding); err != nil {
		t.Fatalf("Bind on reopen: %v", err)
	}
	if !second.Completed("out", "a", "h1") || !second.Completed("out", "c", "h3") || second.Completed("out", "b", "h2") {
		t.Fatalf("reopened journal: a %v c %v b %v", second.Completed("out", "a", "h1"), second.Completed("out", "c", "h3"), second.Completed("out", "b", "h2"))
	}
	if second.Len() != 3 || len(second.Bindings()) != 1 {
		t.Fatalf("reopened journal knows %d items, %d bindings; want 3, 1", second.Len(), len(second.Bindings()))
	}
	// It goes on writing where the first left off; a third node sees both.
	if err := second.Append(partner.JournalRecord{Collection: "out", ItemID: "b", Hash: "h2", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	third, err := partner.OpenBlobJournal(ctx, blob, filepath.Join(t.TempDir(), "node3.journal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	if !third.Completed("out", "b", "h2") || !third.Completed("out", "a", "h1") || third.Len() != 3 {
		t.Fatalf("third node: b %v a %v len %d", third.Completed("out", "b", "h2"), third.Completed("out", "a", "h1"), third.Len())
	}
	recs, err := partner.ReadJournal(third.Path())
	if err != nil || len(recs) != 4 {
		t.Fatalf("local copy holds %d records (%v), want 4", len(recs), err)
	}

	// Bound to one catalog, the blob journal refuses another.
	other := partner.JournalBinding{Endpoint: "https://other.geocatalog.spatio.azure.com", Tenant: "t1", Collection: "out"}
	var mismatch *partner.JournalMismatchError
	if err := third.Bind(other); !errors.As(err, &mismatch) || !strings.HasSuffix(mismatch.Path, "/job/shard-00001.journal") {
		t.Fatalf("Bind to another catalog = %v, want a *JournalMismatchError naming the blob", err)
	}
}

func TestBlobJournalSecondWriterGetsATypedConflict(t *testing.T) {
	blob := journalContainer(t).NewAppendBlobClient("job/shard-00000.journal")
	one := openBlobJournal(t, blob)
	two := openBlobJournal(t, blob)
	if err := one.Append(partner.JournalRecord{Collection: "out", ItemID: "a", Hash: "h1", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	err := two.Append(partner.JournalRecord{Collection: "out", ItemID: "b", Hash: "h2", Outcome: partner.OutcomeCreated})
	var conflict *partner.JournalConflictError
	if !errors.As(err, &conflict) || conflict.Offset != 0 || !strings.HasSuffix(conflict.Blob, "/job/shard-00000.journal") {
		t.Fatalf("second writer's Append = %v, want a *JournalConflictError at offset 0", err)
	}
	// The refused record is journaled nowhere: not in two's memory, its
	// local file or the blob; and the first writer goes on.
	if _, ok := two.Last("out", "b"); ok {
		t.Fatal("the refused record is in the second journal")
	}
	if recs, err := partner.ReadJournal(two.Path()); err != nil || len(recs) != 0 {
		t.Fatalf("second local copy: %d records, %v", len(recs), err)
	}
	if err := one.Append(partner.JournalRecord{Collection: "out", ItemID: "c", Hash: "h3", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	again := openBlobJournal(t, blob)
	if again.Len() != 2 || !again.Completed("out", "a", "h1") || !again.Completed("out", "c", "h3") {
		t.Fatalf("blob after the conflict knows %d items", again.Len())
	}
}

func TestBlobJournalCutsATornLastLineOfTheBlob(t *testing.T) {
	ctx := context.Background()
	blob := journalContainer(t).NewAppendBlobClient("torn.journal")
	j := openBlobJournal(t, blob)
	if err := j.Append(partner.JournalRecord{Collection: "out", ItemID: "a", Hash: "h1", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	// A writer that cut its lines into blocks died between two of them.
	if _, err := blob.AppendBlock(ctx, streaming.NopCloser(strings.NewReader(`{"time":"2026-01-01T00:00:00Z","collection":"out","ite`)), nil); err != nil {
		t.Fatal(err)
	}
	j = openBlobJournal(t, blob)
	if err := j.Append(partner.JournalRecord{Collection: "out", ItemID: "b", Hash: "h2", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j = openBlobJournal(t, blob)
	if j.Len() != 2 || !j.Completed("out", "a", "h1") || !j.Completed("out", "b", "h2") {
		t.Fatalf("after the repair the blob knows %d items", j.Len())
	}
}

func TestBlobJournalErrorsNameNoSAS(t *testing.T) {
	ctx := context.Background()
	cc := journalContainer(t)
	// A read-only SAS: the journal cannot create its blob.
	ro, err := cc.GetSASURL(sas.ContainerPermissions{Read: true}, time.Now().Add(time.Hour), nil)
	if err != nil {
		t.Fatal(err)
	}
	sig := sasSignature(t, ro)
	anon, err := container.NewClientWithNoCredential(ro, partner.GuardedContainerOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	_, err = partner.OpenBlobJournal(ctx, anon.NewAppendBlobClient("j/t.journal"), filepath.Join(t.TempDir(), "j"), nil)
	if err == nil {
		t.Fatal("a read-only SAS opened a journal blob")
	}
	if strings.Contains(err.Error(), sig) || !strings.Contains(err.Error(), "j/t.journal") {
		t.Fatalf("error text %q: want the blob name without the SAS signature", err)
	}
	if _, err := partner.OpenBlobJournal(ctx, nil, "x", nil); err == nil {
		t.Fatal("a nil blob client was accepted")
	}
}

// sasSignature returns the sig value of a SAS URL.
func sasSignature(t *testing.T, u string) string {
	t.Helper()
	_, q, _ := strings.Cut(u, "?")
	for _, kv := range strings.Split(q, "&") {
		if v, ok := strings.CutPrefix(kv, "sig="); ok && v != "" {
			return v
		}
	}
	t.Fatalf("no sig in %s", u)
	return ""
}

// loseFirstAppendResponse sends every request, but reports the first
// AppendBlock's response as lost (the service did append).
type loseFirstAppendResponse struct {
	mu   sync.Mutex
	lost int
}

func (l *loseFirstAppendResponse) Do(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.URL.Query().Get("comp") != "appendblock" {
		return resp, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.lost == 0 && resp.StatusCode == http.StatusCreated {
		l.lost++
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, nil
}

func TestBlobJournalRetriedAppendWhoseResponseWasLostIsNoConflict(t *testing.T) {
	az := azurite.Shared(t)
	cc := journalContainer(t)
	lossy := &loseFirstAppendResponse{}
	opts := partner.GuardedContainerOptions(&container.ClientOptions{ClientOptions: azcore.ClientOptions{
		Transport: lossy, Retry: policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 10 * time.Millisecond},
	}})
	flaky, err := container.NewClientWithSharedKeyCredential(cc.URL(), az.Credential(), opts)
	if err != nil {
		t.Fatal(err)
	}
	j := openBlobJournal(t, flaky.NewAppendBlobClient("lost.journal"))
	if err := j.Append(partner.JournalRecord{Collection: "out", ItemID: "a", Hash: "h1", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatalf("Append whose first response was lost: %v", err)
	}
	if lossy.lost != 1 {
		t.Fatalf("%d responses lost, want 1", lossy.lost)
	}
	if err := j.Append(partner.JournalRecord{Collection: "out", ItemID: "b", Hash: "h2", Outcome: partner.OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	again := openBlobJournal(t, cc.NewAppendBlobClient("lost.journal"))
	if recs, err := partner.ReadJournal(again.Path()); err != nil || len(recs) != 2 {
		t.Fatalf("the blob holds %d records (%v), want 2 (once each)", len(recs), err)
	}
}
