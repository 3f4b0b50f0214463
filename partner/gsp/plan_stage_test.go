package gsp_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/geocatalog-partner/sdk-go/internal/azurite"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

// TestShardPlanStageUploadsSignedManifests stages a plan's manifests to
// Azurite and reads each back through its SAS URL, with the SAS lifetime
// of StageOptions and the default one.
func TestShardPlanStageUploadsSignedManifests(t *testing.T) {
	const n, shards = 7, 3
	f := newFixture(t, n)
	ctx := context.Background()
	plan, err := gsp.Plan(ctx, f.partnerClient(t), gsp.Source{Collections: []string{sourceCollection}}, shards, nil)
	if err != nil {
		t.Fatal(err)
	}
	stager := partner.NewStager(azurite.Shared(t).NewClient().ServiceClient().NewContainerClient("manifests"), nil)
	if _, err := stager.EnsureContainer(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Stage(ctx, nil, "job", nil); err == nil {
		t.Fatal("Stage with a nil stager: no error")
	}
	for _, tc := range []struct {
		options *gsp.StageOptions
		want    time.Duration
	}{{&gsp.StageOptions{SASLifetime: 2 * time.Hour}, 2 * time.Hour}, {nil, gsp.DefaultStageSASLifetime}} {
		staged, err := plan.Stage(ctx, stager, "job", tc.options)
		if err != nil {
			t.Fatal(err)
		}
		if len(staged.URLs) != shards {
			t.Fatalf("%d URLs, want %d", len(staged.URLs), shards)
		}
		for k, u := range staged.URLs {
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			q := parsed.Query()
			se, err := time.Parse(time.RFC3339, q.Get("se"))
			if err != nil || q.Get("sp") != "r" {
				t.Fatalf("shard %d: SAS sp=%q se=%q: %v", k, q.Get("sp"), q.Get("se"), err)
			}
			if left := time.Until(se); left < tc.want-time.Minute || left > tc.want+time.Minute {
				t.Fatalf("shard %d: SAS valid for %v, want %v", k, left, tc.want)
			}
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			m, err := gsp.ReadManifest(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("shard %d: GET %d %s: %v", k, resp.StatusCode, resp.Header.Get("Content-Type"), err)
			}
			if m.Shard != (gsp.Shard{Index: k, Count: shards}) || len(m.Items) != len(plan.Manifests[k].Items) {
				t.Fatalf("shard %d: staged manifest of shard %v with %d items", k, m.Shard, len(m.Items))
			}
		}
	}
}
