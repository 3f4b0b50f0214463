package partner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
)

// LinkMode says how an ingestion run reads the static catalog of Ingest.
type LinkMode string

// Link modes of IngestResult.Links.
const (
	// LinksThroughSource: the staging container is a registered SasToken
	// ingestion source; the catalog, its item links and the staged asset
	// hrefs are plain URLs that the service reads with the source's SAS.
	LinksThroughSource LinkMode = "source"
	// LinksSigned: the source could not be registered (the catalog refused
	// it, or the stager cannot sign a container SAS); every link and staged
	// asset href carries its own read-only SAS.
	LinksSigned LinkMode = "signed"
)

// Source actions of IngestResult.SourceAction.
const (
	// SourceCreated: no source existed for the container; one was created.
	SourceCreated = "created"
	// SourceRotated: the container's SasToken source existed; its SAS was
	// replaced by a fresh one covering the run.
	SourceRotated = "rotated"
	// SourceReused: the container's source is not a SasToken source (a
	// managed identity the customer set up); it is used as it is.
	SourceReused = "reused"
)

// maxSourceConflicts bounds the re-listings after a 409 on create (another
// delivery registered the container at the same moment).
const maxSourceConflicts = 3

// sourceRefusedError says why the staging container cannot be an ingestion
// source; Ingest then signs every link instead.
type sourceRefusedError struct {
	reason string
	err    error
}

func (e *sourceRefusedError) Error() string { return "partner: ingestion source refused: " + e.reason }
func (e *sourceRefusedError) Unwrap() error { return e.err }

// refused classifies a failed source call: the catalog refusing the source
// (the client or the service rejecting the URL, a role that may not manage
// sources) becomes a *sourceRefusedError; other errors are returned as is.
func refused(what string, err error) error {
	var ia *geocatalog.InvalidArgumentError
	switch {
	case errors.As(err, &ia):
		return &sourceRefusedError{reason: what + ": " + ia.Reason, err: err}
	case statusOf(err) == http.StatusBadRequest, statusOf(err) == http.StatusForbidden,
		statusOf(err) == http.StatusUnauthorized:
		return &sourceRefusedError{reason: fmt.Sprintf("%s: %s", what, errorCode(err)), err: err}
	}
	return err
}

// sourceOutcome is the result of ensureSource.
type sourceOutcome struct {
	id, action string
	expires    time.Time
}

// ensureSource registers the staging container as a SasToken ingestion
// source with a fresh read+list container SAS valid for lifetime, or
// rotates the SAS of the container's source (knownID first, when set). A
// *sourceRefusedError means the container cannot be a source.
func (r *writeRun) ensureSource(ctx context.Context, lifetime time.Duration, knownID string) (sourceOutcome, error) {
	st := r.w.opts.Stager
	containerURL := st.ContainerURL()
	expiry := time.Now().UTC().Add(lifetime)
	sasURL, err := st.ContainerSASURL(&ContainerSASURLOptions{ExpiresOn: expiry})
	if err != nil {
		return sourceOutcome{}, &sourceRefusedError{reason: "no container SAS (the stager needs a shared key)", err: err}
	}
	_, token, _ := strings.Cut(sasURL, "?")
	ic := r.w.client.Ingestion()
	src := geocatalog.IngestionSource{Kind: geocatalog.IngestionSourceKindSASToken,
		ConnectionInfo: geocatalog.IngestionSourceConnectionInfo{ContainerURL: containerURL, SASToken: token}}
	rotate := func(id string) (sourceOutcome, error) {
		if err := r.cat.wait(ctx); err != nil {
			return sourceOutcome{}, err
		}
		rotated := src
		rotated.ID = id
		if _, err := ic.ReplaceSource(ctx, id, rotated, nil); err != nil {
			return sourceOutcome{}, err
		}
		return sourceOutcome{id: id, action: SourceRotated, expires: expiry}, nil
	}
	if knownID != "" {
		out, err := rotate(knownID)
		if !geocatalog.IsNotFound(err) {
			return out, refused("rotating the source", err)
		}
		// Deleted meanwhile: look again.
	}
	for attempt := 0; ; attempt++ {
		found, err := r.findSource(ctx, containerURL)
		if err != nil {
			return sourceOutcome{}, refused("listing sources", err)
		}
		if found != nil {
			if found.Kind != geocatalog.IngestionSourceKindSASToken {
				return sourceOutcome{id: found.ID, action: SourceReused}, nil
			}
			out, err := rotate(found.ID)
			return out, refused("rotating the source", err)
		}
		src.ID = uuid.NewString()
		if err := r.cat.wait(ctx); err != nil {
			return sourceOutcome{}, err
		}
		_, err = ic.CreateSource(ctx, src, nil)
		switch {
		case err == nil:
			return sourceOutcome{id: src.ID, action: SourceCreated, expires: expiry}, nil
		case !geocatalog.IsConflict(err):
			return sourceOutcome{}, refused("creating the source", err)
		case attempt+1 >= maxSourceConflicts:
			return sourceOutcome{}, &sourceRefusedError{reason: "the container has a source that cannot be found", err: err}
		}
		// Another delivery registered the container meanwhile: list again.
	}
}

// findSource returns the ingestion source of containerURL, nil when none.
// The list does not show container URLs: each source is read.
func (r *writeRun) findSource(ctx context.Context, containerURL string) (*geocatalog.IngestionSource, error) {
	ic := r.w.client.Ingestion()
	want := strings.TrimSuffix(containerURL, "/")
	pager := ic.NewListSourcesPager(nil)
	for pager.More() {
		if err := r.cat.wait(ctx); err != nil {
			return nil, err
		}
		page, err := pager.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Value {
			if err := r.cat.wait(ctx); err != nil {
				return nil, err
			}
			full, err := ic.GetSource(ctx, s.ID, nil)
			switch {
			case geocatalog.IsNotFound(err):
				continue // deleted since the listing
			case err != nil:
				return nil, err
			}
			if strings.EqualFold(strings.TrimSuffix(full.ConnectionInfo.ContainerURL, "/"), want) {
				return &full.IngestionSource, nil
			}
		}
	}
	return nil, nil
}

// useSource decides, before each static catalog, whether its links go
// through the ingestion source, and records (and logs) the way in res.
func (r *writeRun) useSource(ctx context.Context, o *IngestOptions, res *IngestResult) (bool, error) {
	if res.Links == LinksSigned {
		return false, nil
	}
	out, err := r.ensureSource(ctx, o.SourceLifetime, res.SourceID)
	var sr *sourceRefusedError
	switch {
	case errors.As(err, &sr):
		res.Links, res.SourceID, res.SourceAction, res.SourceRefused = LinksSigned, "", "", sr.reason
		r.logSource(res)
		return false, nil
	case err != nil:
		return false, err
	}
	first := res.Links == ""
	res.Links, res.SourceID, res.SourceExpires = LinksThroughSource, out.id, out.expires
	if first {
		res.SourceAction = out.action
	}
	r.logSource(res)
	return true, nil
}

func (r *writeRun) logSource(res *IngestResult) {
	lg := r.w.opts.Logger
	if lg == nil {
		return
	}
	attrs := append(slices.Clone(r.w.opts.LogAttrs), slog.String("collection", r.collection),
		slog.String("links", string(res.Links)))
	if res.Links == LinksSigned {
		attrs = append(attrs, slog.String("reason", redactMessage(res.SourceRefused)))
	} else {
		attrs = append(attrs, slog.String("source", res.SourceID), slog.String("action", res.SourceAction))
	}
	lg.LogAttrs(context.Background(), slog.LevelInfo, "partner.ingest.source", attrs...)
}

// plainHrefs returns a copy of item whose asset hrefs in the staging
// container (containerURL) have no query: the service reads them through
// the container's ingestion source. Other hrefs are kept.
func plainHrefs(item *stac.Item, containerURL string) *stac.Item {
	prefix := strings.ToLower(strings.TrimSuffix(containerURL, "/") + "/")
	cp := *item
	cp.Assets = make(map[string]*stac.Asset, len(item.Assets))
	for k, a := range item.Assets {
		if a != nil && strings.HasPrefix(strings.ToLower(a.Href), prefix) {
			ac := *a
			ac.Href, _, _ = strings.Cut(a.Href, "?")
			a = &ac
		}
		cp.Assets[k] = a
	}
	return &cp
}
