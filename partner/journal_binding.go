package partner

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
)

// JournalBinding is a journal's binding line: the catalog, tenant and
// collection the journal's records are about. A journal has one binding
// line per collection it was written for, all of one endpoint and tenant.
type JournalBinding struct {
	// Endpoint is the catalog endpoint (geocatalog.Client.Endpoint()).
	Endpoint string `json:"endpoint"`
	// Tenant is the customer's Entra tenant ID; empty when not known.
	Tenant string `json:"tenant,omitempty"`
	// Collection is the collection the records are written to.
	Collection string `json:"collection"`
}

// journalLine is the JSON shape of every line: a record, or a binding.
type journalLine struct {
	JournalRecord
	Binding *JournalBinding `json:"binding,omitempty"`
}

// knownOutcomes are the outcomes a record may hold.
var knownOutcomes = []Outcome{OutcomeCreated, OutcomeReplaced, OutcomeUnchanged, OutcomeFailed, OutcomeSubmitted}

// parseJournalLine parses line n of a journal: a record, a binding, or
// nothing for a blank line. Anything else is a *JournalLineError.
func parseJournalLine(b []byte, n int) (*JournalRecord, *JournalBinding, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, nil, nil
	}
	bad := func(reason string) error { return &JournalLineError{Line: n, Reason: reason} }
	if b[0] != '{' {
		return nil, nil, bad("not a JSON object")
	}
	var l journalLine
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, nil, bad(err.Error())
	}
	if l.Binding != nil {
		if l.Binding.Endpoint == "" || l.Binding.Collection == "" {
			return nil, nil, bad("binding without endpoint or collection")
		}
		return nil, l.Binding, nil
	}
	switch {
	case l.Collection == "" || l.ItemID == "":
		return nil, nil, bad(`record without "collection" or "item"`)
	case !slices.Contains(knownOutcomes, l.Outcome):
		return nil, nil, bad(fmt.Sprintf("unknown outcome %q", l.Outcome))
	}
	return &l.JournalRecord, nil, nil
}

// normalEndpoint is the form endpoints are compared in.
func normalEndpoint(e string) string { return strings.ToLower(strings.TrimRight(e, "/")) }

// Bind ties the journal to b before any record about b.Collection is
// trusted. A journal bound to another endpoint, or to another tenant (when
// both are known), is a *JournalMismatchError, and so is a journal that
// holds records but no binding (written by hand or by an older version:
// nothing says which catalog it is about). A new journal, or a collection
// not yet bound on the same catalog, gets a binding line, synced before
// Bind returns.
func (j *Journal) Bind(b JournalBinding) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	bound, err := j.check(b)
	if err != nil || bound {
		return err
	}
	line, err := json.Marshal(struct {
		Time    time.Time      `json:"time"`
		Binding JournalBinding `json:"binding"`
	}{time.Now().UTC(), b})
	if err != nil {
		return err
	}
	if err := j.write(append(line, '\n'), "writing journal binding"); err != nil {
		return err
	}
	j.bindings = append(j.bindings, b)
	return nil
}

// CheckBinding returns the error Bind would return for b, writing nothing
// (for a dry run).
func (j *Journal) CheckBinding(b JournalBinding) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, err := j.check(b)
	return err
}

// CatalogBinding is the binding of a journal used to write collection on
// the catalog of client for tenantID (empty when not known): what Writer,
// gdp.Deliver and gsp.Run bind their journals to.
func CatalogBinding(client *geocatalog.Client, tenantID, collection string) JournalBinding {
	return JournalBinding{Endpoint: client.Endpoint(), Tenant: tenantID, Collection: collection}
}

// check is Bind without the write (j.mu held): bound reports that b's
// collection is already bound.
func (j *Journal) check(b JournalBinding) (bound bool, err error) {
	if b.Endpoint == "" || b.Collection == "" {
		return false, fmt.Errorf("partner: journal binding needs an endpoint and a collection")
	}
	if j.f == nil {
		return false, fmt.Errorf("partner: journal is closed")
	}
	if len(j.bindings) == 0 && len(j.last) > 0 {
		return false, &JournalMismatchError{Path: j.name, Want: b, Reason: fmt.Sprintf("it holds %d items but no binding line", len(j.last))}
	}
	for _, have := range j.bindings {
		if normalEndpoint(have.Endpoint) != normalEndpoint(b.Endpoint) {
			return false, &JournalMismatchError{Path: j.name, Want: b, Have: have, Reason: "it was written for another catalog endpoint"}
		}
		if have.Tenant != "" && b.Tenant != "" && !strings.EqualFold(have.Tenant, b.Tenant) {
			return false, &JournalMismatchError{Path: j.name, Want: b, Have: have, Reason: "it was written for another tenant"}
		}
	}
	for _, have := range j.bindings {
		if have.Collection == b.Collection && (have.Tenant != "" || b.Tenant == "") {
			return true, nil
		}
	}
	return false, nil
}

// Bindings returns the journal's binding lines, in order.
func (j *Journal) Bindings() []JournalBinding {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.bindings)
}

// JournalMismatchError reports a journal that belongs to another catalog or
// tenant than the one it is used for. Nothing was sent.
type JournalMismatchError struct {
	// Path is the journal file (for a journal mirrored to a blob, the
	// blob's URL without query).
	Path string
	// Want is the binding asked for; Have the journal's (zero when it has
	// none).
	Want, Have JournalBinding
	// Reason says what differs.
	Reason string
}

// Error implements error.
func (e *JournalMismatchError) Error() string {
	msg := fmt.Sprintf("partner: journal %s cannot be used for collection %q of %s", e.Path, e.Want.Collection, e.Want.Endpoint)
	if e.Want.Tenant != "" {
		msg += " (tenant " + e.Want.Tenant + ")"
	}
	msg += ": " + e.Reason
	if e.Have.Endpoint != "" {
		msg += fmt.Sprintf(" (%s, tenant %q)", e.Have.Endpoint, e.Have.Tenant)
	}
	return msg + "; use a new journal for this catalog"
}

// JournalLineError reports a journal line that is neither a record nor a
// binding (and is not a torn last line).
type JournalLineError struct {
	// Line is the 1-based line number.
	Line int
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *JournalLineError) Error() string {
	return fmt.Sprintf("partner: journal line %d: %s", e.Line, e.Reason)
}

// bindJournal binds the writer's journal (if any) to its catalog, tenant
// and collection before anything is sent.
func (w *Writer) bindJournal(collectionID string) error {
	if w.opts.Journal == nil {
		return nil
	}
	return w.opts.Journal.Bind(CatalogBinding(w.client, w.opts.TenantID, collectionID))
}
