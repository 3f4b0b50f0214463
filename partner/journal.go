package partner

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Outcome is what happened to one item.
type Outcome string

// Outcomes of an item. Submitted is only a journal state: the item was sent
// and its outcome was not known yet when the record was written.
const (
	OutcomeCreated   Outcome = "created"
	OutcomeReplaced  Outcome = "replaced"
	OutcomeUnchanged Outcome = "unchanged"
	OutcomeFailed    Outcome = "failed"
	OutcomeSubmitted Outcome = "submitted"
)

// Actions of submitted journal records.
const (
	actionCreate  = "create"
	actionReplace = "replace"
)

// Done reports whether the outcome means the item is in the catalog with the
// content that was asked for.
func (o Outcome) Done() bool {
	return o == OutcomeCreated || o == OutcomeReplaced || o == OutcomeUnchanged
}

// JournalRecord is one line of a Journal.
type JournalRecord struct {
	Time       time.Time `json:"time"`
	Collection string    `json:"collection"`
	ItemID     string    `json:"item"`
	Hash       string    `json:"hash"`
	Outcome    Outcome   `json:"outcome"`
	// Action is what a submitted record sent: "create" or "replace".
	Action      string `json:"action,omitempty"`
	OperationID string `json:"operation,omitempty"`
	Code        string `json:"code,omitempty"`
	Message     string `json:"message,omitempty"`
}

// Journal is an append-only file of JSON lines, one JournalRecord per line,
// synced to disk once per Append. Opening an existing journal replays it;
// a torn last line (the process was killed while writing it, no newline) is
// cut off, and any other line that is not a journal line is an error naming
// the line.
//
// A journal belongs to one catalog: its binding lines (JournalBinding) name
// the catalog endpoint, the tenant and the collections it was written for.
// Bind writes them on first use and checks them on reuse, so that a journal
// copied to another catalog (or to a collection of the same id in another
// tenant) fails with a *JournalMismatchError before anything is sent,
// instead of reporting every item Unchanged. Writer binds its journal at
// the start of every Write. A Journal is safe for concurrent use.
//
// OpenBlobJournal opens a Journal whose file is the working copy of an
// Azure append blob, for a task retried on another machine.
type Journal struct {
	mu       sync.Mutex
	f        *os.File
	path     string
	last     map[journalKey]JournalRecord
	bindings []JournalBinding
	// name is the journal in error texts: path, or its blob's URL.
	name string
	// mirror, when set, is called with every batch of lines after it is
	// written and synced locally (j.mu held); when it fails, the local
	// write is undone and the error returned (OpenBlobJournal).
	mirror func(lines []byte) error
}

type journalKey struct{ collection, item string }

// OpenBoundJournal opens or creates the journal at path, replays it and
// binds it to b (see Journal.Bind): a journal of another catalog or tenant
// is a *JournalMismatchError.
func OpenBoundJournal(path string, b JournalBinding) (*Journal, error) {
	j, err := OpenJournal(path)
	if err != nil {
		return nil, err
	}
	if err := j.Bind(b); err != nil {
		j.Close()
		return nil, err
	}
	return j, nil
}

// OpenJournal opens or creates the journal at path and replays it. The
// journal is bound to its catalog on first use (Bind, done by Writer).
func OpenJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("partner: opening journal: %w", err)
	}
	j := &Journal{f: f, path: path, name: path, last: map[journalKey]JournalRecord{}}
	good, err := j.replay(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, fmt.Errorf("partner: truncating torn journal line: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// replay reads every complete record and returns the offset after the last
// one. Only the final line may be torn; a bad line before it is an error.
func (j *Journal) replay(r io.Reader) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var off int64
	line := 0
	for {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 && err == nil {
			line++
			rec, bind, perr := parseJournalLine(b, line)
			if perr != nil {
				return 0, perr
			}
			if bind != nil {
				j.bindings = append(j.bindings, *bind)
			} else if rec != nil {
				j.last[journalKey{rec.Collection, rec.ItemID}] = *rec
			}
			off += int64(len(b))
			continue
		}
		if errors.Is(err, io.EOF) {
			return off, nil // a last line without newline is torn: dropped
		}
		if err != nil {
			return 0, fmt.Errorf("partner: reading journal: %w", err)
		}
	}
}

// Append writes records as one batch and syncs the file.
func (j *Journal) Append(records ...JournalRecord) error {
	if len(records) == 0 {
		return nil
	}
	var buf bytes.Buffer
	now := time.Now().UTC()
	for i := range records {
		if records[i].Time.IsZero() {
			records[i].Time = now
		}
		b, err := json.Marshal(records[i])
		if err != nil {
			return err
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errors.New("partner: journal is closed")
	}
	if err := j.write(buf.Bytes(), "writing journal"); err != nil {
		return err
	}
	for _, r := range records {
		j.last[journalKey{r.Collection, r.ItemID}] = r
	}
	return nil
}

// write appends lines (whole lines) to the file, syncs it and hands them
// to the mirror, if any (j.mu held, the journal open). When the mirror
// fails, the file is cut back to what it held before, so the local
// journal never knows more than its mirror.
func (j *Journal) write(lines []byte, what string) error {
	before, err := j.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("partner: %s: %w", what, err)
	}
	if _, err := j.f.Write(lines); err != nil {
		return fmt.Errorf("partner: %s: %w", what, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("partner: syncing journal: %w", err)
	}
	if j.mirror == nil {
		return nil
	}
	merr := j.mirror(lines)
	if merr == nil {
		return nil
	}
	if err := j.f.Truncate(before); err != nil {
		return errors.Join(merr, fmt.Errorf("partner: undoing the local journal write: %w", err))
	}
	if _, err := j.f.Seek(before, io.SeekStart); err != nil {
		return errors.Join(merr, fmt.Errorf("partner: undoing the local journal write: %w", err))
	}
	return merr
}

// Last returns the latest record of an item.
func (j *Journal) Last(collection, itemID string) (JournalRecord, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.last[journalKey{collection, itemID}]
	return r, ok
}

// Completed reports whether the journal records the item as delivered with
// the content hash hash.
func (j *Journal) Completed(collection, itemID, hash string) bool {
	r, ok := j.Last(collection, itemID)
	return ok && r.Hash == hash && r.Outcome.Done()
}

// Len returns the number of items the journal knows.
func (j *Journal) Len() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.last)
}

// Path returns the journal's file name (for OpenBlobJournal, its local
// working copy).
func (j *Journal) Path() string { return j.path }

// Close closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// ReadJournal returns every complete record (binding lines left out) of the journal file at path, in
// order, ignoring a torn last line.
func ReadJournal(path string) ([]JournalRecord, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []JournalRecord
	lines := bytes.Split(b, []byte("\n"))
	lines = lines[:len(lines)-1] // after the last newline: empty, or a torn line
	for i, l := range lines {
		rec, _, err := parseJournalLine(l, i+1)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out = append(out, *rec)
		}
	}
	return out, nil
}
