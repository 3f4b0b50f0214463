package geocatalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/geocatalogtest"
)

// TestResumeToken: a process that dies after starting an item create picks
// the operation up again from its resume token; another catalog's client
// refuses the token.
func TestResumeToken(t *testing.T) {
	srv, client := newEmulator(t, &geocatalogtest.Options{OperationDelay: 300 * time.Millisecond})
	ctx := context.Background()
	s := client.STAC()
	await(s.BeginCreateCollection(ctx, testCollection("resume"), nil)).done(t)
	p, err := s.BeginCreateItem(ctx, "resume", newItem("r1", "resume", 1, 1, time.Now().UTC(), nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := p.ResumeToken()
	if err != nil {
		t.Fatal(err)
	}

	other := srv.NewCatalog(geocatalogtest.CatalogOptions{Name: "other"})
	oc, err := geocatalog.NewClient(other.URL, other.Credential(), other.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	before := other.Stats().Total
	_, err = oc.STAC().BeginCreateItem(ctx, "", nil, &geocatalog.BeginCreateItemOptions{ResumeToken: tok})
	var ue *geocatalog.UnsafeURLError
	if !errors.As(err, &ue) || other.Stats().Total != before {
		t.Fatalf("other catalog: %v", err)
	}

	fresh, err := geocatalog.NewClient(srv.URL, srv.Credential(), srv.ClientOptions())
	if err != nil {
		t.Fatal(err)
	}
	rp, err := fresh.STAC().BeginCreateItem(ctx, "", nil, &geocatalog.BeginCreateItemOptions{ResumeToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	res, err := rp.PollUntilDone(ctx, nil)
	if err != nil || !res.Operation.Status.IsSucceeded() || res.Operation.Type != "AddItem" {
		t.Fatalf("resumed: %+v %v", res.Operation, err)
	}
	if _, err := fresh.STAC().GetItem(ctx, "resume", "r1", nil); err != nil {
		t.Fatal(err)
	}
}
