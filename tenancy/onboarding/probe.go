package onboarding

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// The write probe: a request that needs write access (the GeoCatalog
// Administrator role) but addresses a resource that cannot exist, so the
// service authorizes it and then finds nothing to change.
//
//   - Customer with no collection grants: DELETE /inma/operations/{id}
//     (cancel one operation) with a fresh random UUID v4 as id.
//   - Customer that granted collections: PATCH
//     /inma/collections/{c}/ingestions/{id} with the empty merge patch {},
//     c the first collection granted for writing, id a fresh random UUID
//     v4. (The partner's own client refuses catalog-wide writes for such a
//     customer, and {} would change nothing even if the id existed.)
//
// Reading of the answer: 404 (or 2xx) means the request passed
// authorization: CanWrite. 403 means the principal lacks the write role: a
// Reader. 401 is a token problem. Anything else leaves write access unknown
// (CanWrite false, with a problem saying so).
//
// Why this is safe and why it tells Reader from Administrator:
//   - The reference (GEOCATALOG-API.md §7, AUTH.md §6.3) gives GeoCatalog
//     roles per catalog, checked on every data-plane request: a Reader calling
//     any PUT/PATCH/DELETE or /inma write gets 403; authorization of the data
//     action precedes the handler, so the id is never looked up for a Reader.
//     The emulator (geocatalogtest) does the same: its gateway answers 403 to a
//     Reader's write before routing, and the route answers 404 for an unknown
//     operation or ingestion.
//   - Nothing is created: the operation cancel and the ingestion update are
//     synchronous (no long-running operation, unlike item PATCH or DELETE,
//     which answer 202 and record a failed operation in the customer's
//     operation list), and a random 122-bit id names no existing resource.
//   - Rejected alternatives: an item PATCH/DELETE of a missing item (creates
//     an operation); an invalid POST body (a 400 may come before
//     authorization, so a Reader and an Administrator could look alike);
//     DELETE /inma/operations with no id (cancels every operation: never).
//
// Assumption not verified against the live service: that it authorizes
// before looking the id up. If it looked up first, a Reader would get 404 and
// be reported as able to write; the first real write would then fail with
// 403 (tenancy.ErrAccessRevoked).
func (v *verifier) checkWrite(ctx context.Context) error {
	switch {
	case !v.writeRequired():
		v.r.WriteProbe = "not sent: the partner only reads this customer's catalog"
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
		err = v.client.Ingestion().CancelOperation(ctx, id, nil)
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
