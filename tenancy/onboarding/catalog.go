package onboarding

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// Role names of GeoCatalog (Azure RBAC roles on the GeoCatalog resource).
const (
	roleReader        = "GeoCatalog Reader"
	roleAdministrator = "GeoCatalog Administrator"
)

// checkCatalog reads the collection list through the app's client for the
// customer: any HTTP answer means reachable, 200 means readable.
func (v *verifier) checkCatalog(ctx context.Context) error {
	if !v.r.Token.OK {
		return nil
	}
	client, err := v.app.Client(ctx, v.customer, nil)
	if err != nil {
		return err
	}
	v.client = client.Client
	v.r.CatalogChecked = true
	list, err := client.STAC().NewListCollectionsPager(nil).NextPage(ctx)
	if err == nil {
		v.r.CatalogReachable, v.r.CanRead = true, true
		v.r.Collections = make([]string, 0, len(list.Collections))
		for _, c := range list.Collections {
			if c != nil {
				v.r.Collections = append(v.r.Collections, c.ID)
			}
		}
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		v.problem(CheckCatalog, err, "Confirm the GeoCatalog URI of %s: %s did not answer (if the catalog restricts network access, allow the partner's outbound addresses)",
			v.customer.Name, v.customer.Endpoint)
		return nil
	}
	v.r.CatalogReachable = true
	switch re.StatusCode {
	case http.StatusForbidden:
		v.problem(CheckRead, err, "%s", v.roleAction(v.neededRole()))
	case http.StatusUnauthorized:
		v.problem(CheckRead, err, "Confirm that the GeoCatalog %s belongs to tenant %s: it refused that tenant's token (401 %s)",
			v.customer.Endpoint, v.customer.TenantID, re.ErrorCode)
	case http.StatusNotFound:
		v.problem(CheckCatalog, err, "Confirm the GeoCatalog URI of %s: %s has no STAC API (404)", v.customer.Name, v.customer.Endpoint)
	default:
		v.problem(CheckRead, err, "Partner: the catalog answered %d %s to GET /stac/collections; retry later", re.StatusCode, re.ErrorCode)
	}
	return nil
}

// writeRequired reports whether the partner writes to this customer's
// catalog.
func (v *verifier) writeRequired() bool {
	if v.opts.ReadOnly {
		return false
	}
	return !v.customer.Scoped() || v.writeCollection() != ""
}

// writeCollection is the first collection the customer granted for
// writing ("" if none, or for an unscoped customer).
func (v *verifier) writeCollection() string {
	for _, g := range v.customer.Collections {
		if g.Access == tenancy.AccessWrite {
			return g.ID
		}
	}
	return ""
}

func (v *verifier) neededRole() string {
	if v.writeRequired() {
		return roleAdministrator
	}
	return roleReader
}

// roleAction asks for role on the catalog, naming the service principal by
// object ID when Graph gave it.
func (v *verifier) roleAction(role string) string {
	assignee := v.app.ClientID()
	who := appRef(v.app, v.r.ServicePrincipal)
	if oid := v.r.ServicePrincipal.ObjectID; oid != "" {
		assignee = oid
		who += ", service principal object ID " + oid
	}
	return fmt.Sprintf("Assign the %s role to %s on the GeoCatalog %s (Access control (IAM) of the GeoCatalog resource; or: az role assignment create --assignee %s --role %q --scope <GeoCatalog resource ID>)",
		role, who, v.customer.Endpoint, assignee, role)
}

// statusOf is the HTTP status of a catalog error, or 0 when the catalog did
// not answer.
func statusOf(err error) int {
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		return re.StatusCode
	}
	return 0
}
