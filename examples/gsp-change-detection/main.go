package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gsp-change-detection:", err)
		os.Exit(1)
	}
}

// run runs the job the flags describe, printing the report to stdout and
// live progress to stderr (none with -q).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gsp-change-detection", flag.ContinueOnError)
	var o options
	o.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !o.quiet {
		o.progress = stderr
	}
	shard, err := o.shard()
	if err != nil {
		return err
	}
	var rep any
	if o.demo {
		rep, err = runDemo(ctx, o, shard)
	} else {
		rep, err = runCatalog(ctx, o, shard)
	}
	if rep != nil {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(rep); jerr != nil && err == nil {
			err = jerr
		}
	}
	return err
}
