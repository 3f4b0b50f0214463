package partner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/streaming"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/appendblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
)

// maxJournalBlock is the largest block appended to a journal blob (the
// limit of every service version); a larger batch is cut at line ends.
const maxJournalBlock = 4 << 20

// OpenBlobJournalOptions are the optional parameters of OpenBlobJournal.
type OpenBlobJournalOptions struct {
	// AppendTimeout bounds each mirrored Append's requests to the blob
	// (azcore retries included). They do not stop with the context given
	// to OpenBlobJournal: the record of finished work is still written
	// while the task shuts down. Zero means 2 minutes.
	AppendTimeout time.Duration
}

// OpenBlobJournal opens a Journal mirrored to an Azure append blob, for a
// task that may be retried on another machine (an Azure Batch task on a
// pool without a shared file mount): the blob is the journal, localPath
// its working copy.
//
// It creates the append blob unless it exists, downloads it into localPath
// (replacing that file) and opens it as OpenJournal does: the records are
// replayed, a torn last line is cut (in the blob too, which is rewritten
// under an If-Match condition) and Bind checks the binding lines as
// always. From then on every Append and Bind also appends its lines to the
// blob, in one AppendBlock under an append-position condition, before it
// returns: a journaled record is durable in the blob. When another writer
// appended to the blob meanwhile (two tasks on one journal), the call
// fails with a *JournalConflictError and journals nothing; any other
// failure of the blob undoes the local write too.
//
// Build blob from a container client made with GuardedContainerOptions
// (container.Client.NewAppendBlobClient), with a credential that may read,
// create and write blobs (Storage Blob Data Contributor, or a SAS with
// racw). Errors name the blob without its query. An append blob holds at
// most 50,000 blocks, one per Append or Bind (gsp.Run appends once per
// source item, a Writer about twice per batch). options may be nil.
func OpenBlobJournal(ctx context.Context, blob *appendblob.Client, localPath string, options *OpenBlobJournalOptions) (*Journal, error) {
	if blob == nil || localPath == "" {
		return nil, errors.New("partner: OpenBlobJournal needs an append blob client and a local path")
	}
	var o OpenBlobJournalOptions
	if options != nil {
		o = *options
	}
	if o.AppendTimeout <= 0 {
		o.AppendTimeout = 2 * time.Minute
	}
	m := &journalMirror{blob: blob, name: urlWithoutQuery(blob.URL()), timeout: o.AppendTimeout, ctx: context.WithoutCancel(ctx)}
	data, etag, err := m.download(ctx)
	if err != nil {
		return nil, err
	}
	if err := replaceFile(localPath, data); err != nil {
		return nil, fmt.Errorf("partner: writing the local copy of journal blob %s: %w", m.name, err)
	}
	j, err := OpenJournal(localPath)
	if err != nil {
		return nil, err
	}
	if m.pos, err = j.f.Seek(0, io.SeekCurrent); err != nil {
		j.Close()
		return nil, err
	}
	if m.pos < int64(len(data)) {
		if err := m.cutTornLine(ctx, data[:m.pos], etag); err != nil {
			j.Close()
			return nil, err
		}
	}
	j.name, j.mirror = m.name, m.append
	return j, nil
}

// journalMirror appends a journal's lines to its blob; pos is the blob's
// length as the journal last wrote it.
type journalMirror struct {
	blob    *appendblob.Client
	name    string
	timeout time.Duration
	ctx     context.Context
	pos     int64
}

// download creates the blob unless it exists and returns its content and
// ETag.
func (m *journalMirror) download(ctx context.Context) ([]byte, *azcore.ETag, error) {
	_, err := m.blob.Create(ctx, &appendblob.CreateOptions{AccessConditions: &blob.AccessConditions{
		ModifiedAccessConditions: &blob.ModifiedAccessConditions{IfNoneMatch: to.Ptr(azcore.ETagAny)},
	}})
	if err != nil && !bloberror.HasCode(err, bloberror.BlobAlreadyExists, bloberror.ConditionNotMet) {
		return nil, nil, m.fail("creating", err)
	}
	resp, err := m.blob.DownloadStream(ctx, nil)
	if err != nil {
		return nil, nil, m.fail("downloading", err)
	}
	defer resp.Body.Close()
	if resp.BlobType != nil && *resp.BlobType != blob.BlobTypeAppendBlob {
		return nil, nil, fmt.Errorf("partner: journal blob %s is a %s, not an append blob", m.name, *resp.BlobType)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, m.fail("downloading", err)
	}
	return data, resp.ETag, nil
}

// cutTornLine rewrites the blob as good (its content without the torn
// last line), unless it changed since it was downloaded.
func (m *journalMirror) cutTornLine(ctx context.Context, good []byte, etag *azcore.ETag) error {
	_, err := m.blob.Create(ctx, &appendblob.CreateOptions{AccessConditions: &blob.AccessConditions{
		ModifiedAccessConditions: &blob.ModifiedAccessConditions{IfMatch: etag},
	}})
	if bloberror.HasCode(err, bloberror.ConditionNotMet) {
		return &JournalConflictError{Blob: m.name, Offset: int64(len(good)), Err: err}
	}
	if err != nil {
		return m.fail("cutting the torn last line of", err)
	}
	m.pos = 0
	return m.appendWith(ctx, good)
}

// append is the Journal's mirror.
func (m *journalMirror) append(lines []byte) error {
	ctx, cancel := context.WithTimeout(m.ctx, m.timeout)
	defer cancel()
	return m.appendWith(ctx, lines)
}

// appendWith appends whole lines at m.pos, in blocks of at most
// maxJournalBlock cut at line ends.
func (m *journalMirror) appendWith(ctx context.Context, lines []byte) error {
	for len(lines) > 0 {
		n := len(lines)
		if n > maxJournalBlock {
			n = bytes.LastIndexByte(lines[:maxJournalBlock], '\n') + 1
			if n == 0 {
				return fmt.Errorf("partner: journal blob %s: a journal line is longer than %d bytes", m.name, maxJournalBlock)
			}
		}
		if err := m.appendBlock(ctx, lines[:n]); err != nil {
			return err
		}
		lines = lines[n:]
	}
	return nil
}

// appendBlock appends block at m.pos. A refused position is a conflict,
// unless the blob already holds block there (the response to an earlier
// try of this request was lost and azcore retried it).
func (m *journalMirror) appendBlock(ctx context.Context, block []byte) error {
	_, err := m.blob.AppendBlock(ctx, streaming.NopCloser(bytes.NewReader(block)), &appendblob.AppendBlockOptions{
		AppendPositionAccessConditions: &appendblob.AppendPositionAccessConditions{AppendPosition: to.Ptr(m.pos)},
	})
	if bloberror.HasCode(err, bloberror.AppendPositionConditionNotMet) && m.holds(ctx, block) {
		err = nil
	}
	switch {
	case err == nil:
		m.pos += int64(len(block))
		return nil
	case bloberror.HasCode(err, bloberror.AppendPositionConditionNotMet):
		return &JournalConflictError{Blob: m.name, Offset: m.pos, Err: err}
	case bloberror.HasCode(err, bloberror.BlockCountExceedsLimit):
		return &redactedError{msg: "partner: journal blob " + m.name + " holds 50,000 appends, the most an append blob takes: journal fewer appends per blob (more shards, larger write batches) or use a file journal", err: err}
	}
	return m.fail("appending to", err)
}

// holds reports whether the blob holds exactly block at m.pos.
func (m *journalMirror) holds(ctx context.Context, block []byte) bool {
	resp, err := m.blob.DownloadStream(ctx, &blob.DownloadStreamOptions{Range: blob.HTTPRange{Offset: m.pos, Count: int64(len(block) + 1)}})
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	return err == nil && bytes.Equal(got, block) && resp.ContentRange != nil && rangeEndsBlob(*resp.ContentRange, m.pos+int64(len(block)))
}

// rangeEndsBlob reports whether a Content-Range ("bytes a-b/size") says
// the blob is size bytes long.
func rangeEndsBlob(contentRange string, size int64) bool {
	var a, b, total int64
	_, err := fmt.Sscanf(contentRange, "bytes %d-%d/%d", &a, &b, &total)
	return err == nil && total == size
}

// fail is a failed request to the blob, its text without SAS signature.
func (m *journalMirror) fail(what string, err error) error {
	return &redactedError{msg: redactMessage("partner: " + what + " journal blob " + m.name + ": " + err.Error()), err: err}
}

// replaceFile writes data to path through a temporary file of the same
// directory, synced and renamed over path.
func replaceFile(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// urlWithoutQuery returns u without its query (a SAS) and user info, the
// slashes of its blob name unescaped (as the name reads).
func urlWithoutQuery(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return redactMessage(u)
	}
	p.RawQuery, p.User, p.Fragment, p.RawPath = "", nil, "", ""
	return p.String()
}

// JournalConflictError reports a journal blob that another writer appended
// to (or rewrote) since this journal last wrote it: two processes are
// writing one journal. The lines of the failed call were journaled
// neither in the blob nor locally; reopen the journal (OpenBlobJournal) to
// see the other writer's records. Use errors.As.
type JournalConflictError struct {
	// Blob is the journal blob's URL without query.
	Blob string
	// Offset is the length the journal expected the blob to have.
	Offset int64
	// Err is the service's error (an *azcore.ResponseError).
	Err error
}

// Error implements error.
func (e *JournalConflictError) Error() string {
	return fmt.Sprintf("partner: journal blob %s no longer ends at byte %d: another writer appended to it (two tasks on one journal); nothing was journaled", e.Blob, e.Offset)
}

// Unwrap returns the service's error.
func (e *JournalConflictError) Unwrap() error { return e.Err }
