package partner

import (
	"os"
	"path/filepath"
	"testing"
)

func TestJournalReplayAndTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.ndjson")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Append(
		JournalRecord{Collection: "c", ItemID: "a", Hash: "h1", Outcome: OutcomeSubmitted, OperationID: "op1"},
		JournalRecord{Collection: "c", ItemID: "b", Hash: "h2", Outcome: OutcomeSubmitted, OperationID: "op1"},
	); err != nil {
		t.Fatal(err)
	}
	if err := j.Append(JournalRecord{Collection: "c", ItemID: "a", Hash: "h1", Outcome: OutcomeCreated, OperationID: "op1"}); err != nil {
		t.Fatal(err)
	}
	j.Close()

	// A crash in the middle of the next write leaves half a line.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"time":"2026-01-01T00:00:00Z","collection":"c","item":"b","ha`)
	f.Close()

	j, err = OpenJournal(path)
	if err != nil {
		t.Fatalf("reopen after torn line: %v", err)
	}
	defer j.Close()
	if !j.Completed("c", "a", "h1") {
		t.Error("a not completed")
	}
	if j.Completed("c", "a", "other") {
		t.Error("a completed with another hash")
	}
	if r, ok := j.Last("c", "b"); !ok || r.Outcome != OutcomeSubmitted {
		t.Errorf("b = %+v, %v; want submitted", r, ok)
	}
	if err := j.Append(JournalRecord{Collection: "c", ItemID: "b", Hash: "h2", Outcome: OutcomeCreated}); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[3].ItemID != "b" || recs[3].Outcome != OutcomeCreated {
		t.Fatalf("records after repair = %+v", recs)
	}
}

func TestJournalRejectsCorruptMiddle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.ndjson")
	os.WriteFile(path, []byte("{\"item\":\"a\"}\nnot json\n{\"item\":\"b\"}\n"), 0o644)
	if _, err := OpenJournal(path); err == nil {
		t.Fatal("corrupt journal opened")
	}
}
