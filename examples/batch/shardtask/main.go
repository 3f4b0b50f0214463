package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"

	"github.com/geocatalog-partner/sdk-go/examples/batch/batchenv"
	"github.com/geocatalog-partner/sdk-go/geocatalog/stac"
	"github.com/geocatalog-partner/sdk-go/partner"
	"github.com/geocatalog-partner/sdk-go/partner/batch"
	"github.com/geocatalog-partner/sdk-go/partner/gsp"
	"github.com/geocatalog-partner/sdk-go/tenancy"
)

// options are the command-line settings.
type options struct {
	source           string
	output           string
	asset            string
	concurrency      int
	batchItems       int
	bandwidth        float64
	itemDelay        time.Duration
	journalMount     string
	journalContainer string
	journal          string
	storageHosts     string
}

func (o *options) bind(fs *flag.FlagSet) {
	fs.StringVar(&o.source, "source", "scenes", "source collection")
	fs.StringVar(&o.output, "output", "asset-sizes", "output collection (created when missing)")
	fs.StringVar(&o.asset, "asset", "data", "key of the asset read from each source item (\"\": none)")
	fs.IntVar(&o.concurrency, "concurrency", gsp.DefaultProcessConcurrency, "source items processed at once")
	fs.IntVar(&o.batchItems, "batch-items", 25, "derived items per create request")
	fs.Float64Var(&o.bandwidth, "bandwidth-mbps", 0, "asset read bandwidth of the process in MB/s (0: unlimited), emulating the node's network")
	fs.DurationVar(&o.itemDelay, "item-delay", 0, "extra work per source item")
	fs.StringVar(&o.journalMount, "journal-mount", "", "pool mount shared by the nodes that holds the journals")
	fs.StringVar(&o.journalContainer, "journal-container", "", "blob container URL (no SAS; reached with the pool's identity) that holds the journals as append blobs <job>/<task>.journal")
	fs.StringVar(&o.journal, "journal", "", "journal file (overrides -journal-mount)")
	fs.StringVar(&o.storageHosts, "storage-hosts", "", "TESTS ONLY: comma-separated extra managed-storage hosts (an emulator's)")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var o options
	fs := flag.NewFlagSet("shardtask", flag.ExitOnError)
	o.bind(fs)
	_ = fs.Parse(os.Args[1:])
	err := run(ctx, o)
	switch {
	case err == nil:
	case errors.Is(err, tenancy.ErrAccessRevoked):
		fmt.Fprintln(os.Stderr, "shardtask:", err)
		os.Exit(batch.ExitAccessRevoked)
	default:
		fmt.Fprintln(os.Stderr, "shardtask:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	s, err := batchenv.FromEnv()
	if err != nil {
		return err
	}
	shard, err := gsp.ShardFromEnv()
	if err != nil {
		return err
	}
	var manifest *gsp.Manifest
	if p := os.Getenv(batch.EnvManifest); p != "" {
		if manifest, err = gsp.ReadManifestFile(p); err != nil {
			return err
		}
	}
	journal, err := o.openJournal(ctx, s)
	if err != nil {
		return err
	}
	if journal != nil {
		defer journal.Close()
	}
	client, err := batchenv.Connect(ctx, s)
	if err != nil {
		return err
	}
	copts, err := s.ClientOptions()
	if err != nil {
		return err
	}
	job := gsp.Job{
		Source:             gsp.Source{Collections: []string{o.source}},
		Manifest:           manifest,
		Shard:              shard,
		Processor:          sizeProcessor(o.asset, newLimiter(o.bandwidth*1e6), o.itemDelay),
		Output:             stac.NewCollection(o.output, "Asset sizes of "+o.source, "CC0-1.0", stac.NewExtent([]float64{-180, -90, 180, 90}, nil, nil)),
		Processing:         gsp.Processing{Software: map[string]string{"shardtask": "1.0.0"}},
		Concurrency:        o.concurrency,
		Journal:            journal,
		Writer:             &partner.WriterOptions{MaxBatchItems: o.batchItems},
		AssetClientOptions: &azcore.ClientOptions{Transport: copts.Transport},
	}
	if o.storageHosts != "" {
		job.StorageHosts = strings.Split(o.storageHosts, ",")
	}
	rep, runErr := gsp.Run(ctx, client, job)
	if err := writeReport(rep); err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(os.Stdout, "shard %v: %d done, %d skipped, %d failed, %d searched\n", rep.Shard, rep.Done, rep.Skipped, rep.Failed, rep.Searched)
	return runErr
}

// openJournal opens the shard's journal where a retry on another node
// finds it: an append blob of -journal-container, a file of the pool
// mount -journal-mount, or the file -journal. Nil when none is set.
func (o options) openJournal(ctx context.Context, s batchenv.Settings) (*partner.Journal, error) {
	if o.journalContainer != "" {
		if o.journal != "" || o.journalMount != "" {
			return nil, errors.New("-journal-container cannot be combined with -journal or -journal-mount")
		}
		job, task, err := batchTask()
		if err != nil {
			return nil, fmt.Errorf("-journal-container: %w", err)
		}
		cc, err := s.JournalContainer(o.journalContainer)
		if err != nil {
			return nil, err
		}
		local := filepath.Join(os.Getenv("AZ_BATCH_TASK_WORKING_DIR"), task+".journal")
		return partner.OpenBlobJournal(ctx, cc.NewAppendBlobClient(job+"/"+task+".journal"), local, nil)
	}
	path := o.journal
	if path == "" && o.journalMount != "" {
		mounts := os.Getenv("AZ_BATCH_NODE_MOUNTS_DIR")
		job, task, err := batchTask()
		if err != nil || mounts == "" {
			return nil, errors.New("-journal-mount needs AZ_BATCH_NODE_MOUNTS_DIR, AZ_BATCH_JOB_ID and AZ_BATCH_TASK_ID (a Batch task)")
		}
		dir := filepath.Join(mounts, o.journalMount, job)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		path = filepath.Join(dir, task+".journal")
	}
	if path == "" {
		return nil, nil
	}
	return partner.OpenJournal(path)
}

// batchTask returns the job and task IDs of the Batch task.
func batchTask() (job, task string, err error) {
	job, task = os.Getenv("AZ_BATCH_JOB_ID"), os.Getenv("AZ_BATCH_TASK_ID")
	if job == "" || task == "" {
		return "", "", errors.New("AZ_BATCH_JOB_ID and AZ_BATCH_TASK_ID are not set (not a Batch task)")
	}
	return job, task, nil
}

// writeReport writes the report to $GSP_REPORT (nothing when unset).
func writeReport(rep *gsp.Report) error {
	p := os.Getenv(batch.EnvReport)
	if p == "" || rep == nil {
		return nil
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	return os.WriteFile(p, b, 0o644)
}

// sizeProcessor reads the asset (through lim) and derives one item with
// its size.
func sizeProcessor(asset string, lim *limiter, delay time.Duration) gsp.Processor {
	return gsp.ProcessorFunc(func(ctx context.Context, in *gsp.Input) ([]*gsp.Derived, error) {
		var n int64
		if asset != "" {
			a, err := in.OpenAsset(ctx, asset, nil)
			if err != nil {
				return nil, err
			}
			defer a.Close()
			if n, err = io.Copy(io.Discard, lim.reader(ctx, a)); err != nil {
				return nil, err
			}
		}
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		d := stac.NewItem("size-" + in.Item.ID)
		d.Geometry, d.BBox = in.Item.Geometry, in.Item.BBox
		d.Properties.Datetime = in.Item.Properties.Datetime
		if err := d.Properties.Set("shardtask:bytes", n); err != nil {
			return nil, err
		}
		return []*gsp.Derived{{Item: d}}, nil
	})
}
