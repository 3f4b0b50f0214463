package onboarding

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// checkWrite sends the write probe described in the package documentation
// ("The write probe") and reads its answer: 404 (or 2xx) means the request
// passed authorization (CanWrite); 403 means no write role; 401 is a token
// problem; anything else leaves write access unknown.
func (v *verifier) checkWrite(ctx context.Context) error {
	switch {
	case !v.writeRequired():
		v.r.WriteProbe = "not sent: the partner only reads this customer's catalog"
		return nil
	case !v.r.CatalogChecked:
		v.r.WriteProbe = "not sent: no token"
		return nil
	case !v.r.CanRead:
		v.r.WriteProbe = "not sent: the catalog cannot be read"
		return nil
	}
	id := uuid.NewString()
	var err error
	if c := v.writeCollection(); c != "" {
		v.r.WriteProbe = "PATCH /inma/collections/" + c + "/ingestions/" + id + " {} (random id: nothing to change)"
		_, err = v.client.Ingestion().UpdateIngestion(ctx, c, id, geocatalog.IngestionUpdate{}, nil)
	} else {
		v.r.WriteProbe = "DELETE /inma/operations/" + id + " (random id: nothing to cancel)"
		_, err = v.client.Ingestion().CancelOperation(ctx, id, nil)
	}
	if err == nil || geocatalog.IsNotFound(err) {
		v.r.CanWrite = true
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	switch statusOf(err) {
	case http.StatusForbidden:
		v.problem(CheckWrite, err, "%s", v.roleAction(roleAdministrator))
	case http.StatusUnauthorized:
		v.problem(CheckWrite, err, "Confirm that the GeoCatalog %s belongs to tenant %s: it refused that tenant's token for a write (401)",
			v.customer.Endpoint, v.customer.TenantID)
	default:
		if errors.Is(err, tenancy.ErrCollectionNotGranted) {
			v.problem(CheckWrite, err, "Partner: the write probe was refused by the customer's collection grants; check the customer record")
			break
		}
		v.problem(CheckWrite, err, "Partner: write access is unknown: the write probe got an unexpected answer; retry later")
	}
	return nil
}
