package gsp_test

import (
	"context"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
)

func TestProbeTiming(t *testing.T) {
	f := newFixture(t, 1000)
	c := f.partnerClient(t)
	start := time.Now()
	n := 0
	for _, err := range c.STAC().SearchItems(context.Background(), &stac.SearchRequest{Collections: []string{sourceCollection}}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	t.Logf("search %d: %v", n, time.Since(start))
	start = time.Now()
	for _, err := range c.STAC().SearchItems(context.Background(), &stac.SearchRequest{Collections: []string{sourceCollection}, Limit: 500}, nil) {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("search limit 500: %v", time.Since(start))
	for _, sh := range []gsp.Shard{{0, 4}, {0, 1}} {
		start = time.Now()
		rep, err := gsp.Run(context.Background(), c, gsp.Job{Source: gsp.Source{Collections: []string{sourceCollection}}, Processor: checksumProcessor(0),
			Output: outputCollection("p" + sh.String()[2:]), Concurrency: 8, Shard: sh, StorageHosts: []string{f.blobHost()},
			AssetClientOptions: &azcore.ClientOptions{Transport: f.srv.Client()}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("shard %v: done %d in %v", sh, rep.Done, time.Since(start))
	}
}
