package gsp_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestRunRejectsInvalidJobs(t *testing.T) {
	f := newFixture(t, 0)
	c := f.partnerClient(t)
	ok := gsp.Job{Source: gsp.Source{Collections: []string{sourceCollection}}, Processor: checksumProcessor(0), Output: outputCollection("out")}
	for name, mutate := range map[string]func(*gsp.Job){
		"no source":        func(j *gsp.Job) { j.Source.Collections = nil },
		"no processor":     func(j *gsp.Job) { j.Processor = nil },
		"no output":        func(j *gsp.Job) { j.Output = nil },
		"output is source": func(j *gsp.Job) { j.Output = outputCollection(sourceCollection) },
		"bad shard":        func(j *gsp.Job) { j.Shard = gsp.Shard{Index: 2, Count: 2} },
		"negative":         func(j *gsp.Job) { j.Concurrency = -1 },
	} {
		j := ok
		mutate(&j)
		if _, err := gsp.Run(context.Background(), c, j); err == nil || !strings.Contains(err.Error(), "invalid job") {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

func TestProcessorFailuresFailTheirSourceAlone(t *testing.T) {
	f := newFixture(t, 6)
	inner := checksumProcessor(0)
	boom := errors.New("model crashed")
	rep, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
		Source: gsp.Source{Collections: []string{sourceCollection}},
		Output: outputCollection("out"),
		Processor: gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
			switch in.Item.ID {
			case "scene-0001":
				return nil, boom
			case "scene-0002":
				return []*gsp.Derived{{Item: stac.NewItem("")}}, nil
			case "scene-0003":
				d := stac.NewItem("same")
				return []*gsp.Derived{{Item: d}, {Item: d}}, nil
			case "scene-0004":
				return nil, nil // nothing to derive: done
			}
			return inner.Process(ctx, in)
		}),
		StorageHosts:       []string{f.blobHost()},
		AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Done != 3 || rep.Failed != 3 || rep.DerivedItems != 2 {
		t.Fatalf("done %d failed %d derived %d", rep.Done, rep.Failed, rep.DerivedItems)
	}
	reasons := map[string]string{}
	for _, s := range rep.FailedSources() {
		reasons[s.ItemID] = s.Message
		if s.ItemID == "scene-0001" && !errors.Is(s.Err, boom) {
			t.Errorf("scene-0001: %v does not wrap the processor's error", s.Err)
		}
	}
	for id, want := range map[string]string{"scene-0001": "model crashed", "scene-0002": "without an id", "scene-0003": "repeats"} {
		if !strings.Contains(reasons[id], want) {
			t.Errorf("%s: reason %q, want it to mention %q", id, reasons[id], want)
		}
	}
	if n := len(f.outputItems(t, "out")); n != 2 {
		t.Fatalf("%d derived items, want 2", n)
	}
}

func TestMaxItemsCountsBeforeSharding(t *testing.T) {
	f := newFixture(t, 30)
	seen := map[string]int{}
	for k := range 3 {
		rep, err := gsp.Run(context.Background(), f.partnerClient(t), gsp.Job{
			Source: gsp.Source{Collections: []string{sourceCollection}, MaxItems: 10,
				Search: &stac.SearchRequest{SortBy: []stac.SortBy{{Field: "id", Direction: "desc"}}}},
			Processor:          checksumProcessor(0),
			Output:             outputCollection("out"),
			Shard:              gsp.Shard{Index: k, Count: 3},
			DryRun:             true,
			StorageHosts:       []string{f.blobHost()},
			AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()},
		})
		if err != nil || rep.Searched != 10 {
			t.Fatalf("shard %d: %v, searched %d", k, err, rep.Searched)
		}
		for _, s := range rep.Sources {
			seen[s.ItemID]++
		}
	}
	if len(seen) != 10 {
		t.Fatalf("the 3 shards did %d sources, want the first 10 of the search", len(seen))
	}
	for i := 20; i < 30; i++ {
		if id := f.ids[i]; seen[id] != 1 {
			t.Errorf("%s done %d times, want once (the last 10 ids come first in descending order)", id, seen[id])
		}
	}
}
