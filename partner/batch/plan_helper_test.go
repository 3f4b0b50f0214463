package batch_test

import (
	"context"

	"github.com/geocatalog-partner/sdk-go/geocatalog"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func gspPlan(ctx context.Context, c *geocatalog.Client, shards int) (*gsp.ShardPlan, error) {
	return gsp.Plan(ctx, c, gsp.Source{Collections: []string{sourceCollection}}, shards, nil)
}
