package gdp_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gdp"
	"github.com/geocatalog-partner/sdk-go/partner/internal/ordertest"
)

// TestDeliverResumesAfterSIGKILL kills a delivering child process at five
// random points and resumes each time: every item ends up stored exactly
// once, each is journaled created exactly once, and nothing fails.
func TestDeliverResumesAfterSIGKILL(t *testing.T) {
	t.Parallel()
	env := ordertest.NewEnv(t, nil)
	const n = 300
	order, items, dir := naipOrder(t, "naip-kill", n)
	principal := geocatalogtest.Principal{TenantID: geocatalogtest.DefaultTenantID, ObjectID: "kill-test-partner"}
	env.Catalog.Grant(principal.ObjectID, geocatalogtest.RoleAdministrator)
	token := "kill-test-token"
	env.Server.Tokens().Add(token, principal)
	certPEM, err := serverCertPEM(env.Server)
	if err != nil {
		t.Fatal(err)
	}
	colJSON, _ := json.Marshal(order.Collection)
	journal := filepath.Join(dir, "journal.ndjson")
	cfg := childConfig{
		Endpoint: env.Server.URL, Token: token, CertPEM: certPEM, ContainerURL: env.Stager.ContainerURL(),
		JournalPath: journal, OrderPath: filepath.Join(dir, "order.ndjson"), CollectionJSON: string(colJSON), BatchItems: 20,
	}
	cfgPath := filepath.Join(dir, "child.json")
	b, _ := json.Marshal(cfg)
	os.WriteFile(cfgPath, b, 0o600)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 7))
	t.Logf("kill points seed %d", seed)
	// run starts a child; with killAt > 0 it is SIGKILLed once the journal
	// has killAt lines, plus a random few milliseconds (mid-batch).
	run := func(killAt int) ([]byte, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+cfgPath)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if killAt > 0 {
			extra := time.Duration(rng.IntN(40)) * time.Millisecond
			tick := time.NewTicker(5 * time.Millisecond)
			defer tick.Stop()
		watch:
			for {
				select {
				case err := <-done:
					return out.Bytes(), err // finished before the kill point
				case <-tick.C:
					if journalLines(journal) >= killAt {
						time.Sleep(extra)
						_ = cmd.Process.Signal(syscall.SIGKILL)
						break watch
					}
				}
			}
		}
		err := <-done
		if err != nil && killAt == 0 {
			t.Fatalf("final run: %v: %s", err, errOut.String())
		}
		return out.Bytes(), err
	}
	killed := 0
	for i := range 5 {
		at := journalLines(journal) + 1 + rng.IntN(2*n/5)
		_, err := run(at)
		recs, rerr := partner.ReadJournal(journal)
		if rerr != nil {
			t.Fatalf("journal after kill %d: %v", i, rerr)
		}
		if err != nil {
			killed++
		}
		t.Logf("run %d killed at journal line %d (%v): %d journal records", i, at, err, len(recs))
	}
	if killed == 0 {
		t.Fatal("no run was killed mid-delivery")
	}
	out, _ := run(0)
	var rep gdp.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("final report: %v: %s", err, out)
	}
	if rep.Failed != 0 || rep.Created+rep.Unchanged != n || rep.Total() != n {
		t.Fatalf("final run: created %d unchanged %d failed %d", rep.Created, rep.Unchanged, rep.Failed)
	}
	checkDelivered(t, env, "naip-kill", items, &rep)

	recs, err := partner.ReadJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	created := map[string]int{}
	last := map[string]partner.JournalRecord{}
	for _, r := range recs {
		switch r.Outcome {
		case partner.OutcomeCreated:
			created[r.ItemID]++
		case partner.OutcomeFailed, partner.OutcomeReplaced:
			t.Errorf("journal: %s %s (%s)", r.ItemID, r.Outcome, r.Message)
		}
		last[r.ItemID] = r
	}
	for _, it := range items {
		if created[it.ID] != 1 {
			t.Errorf("item %s journaled created %d times", it.ID, created[it.ID])
		}
		if !last[it.ID].Outcome.Done() {
			t.Errorf("item %s ends %s in the journal", it.ID, last[it.ID].Outcome)
		}
	}
	t.Logf("%d kills, %d journal records, final run: %d created (recovered or new), %d unchanged", killed, len(recs), rep.Created, rep.Unchanged)
}

// journalLines counts the complete lines of the journal file.
func journalLines(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}
