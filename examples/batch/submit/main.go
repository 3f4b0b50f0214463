package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	c, err := parse(os.Args[1:], os.Stdout)
	if err == nil {
		var d deps
		if d, err = defaultDeps(); err == nil {
			err = run(ctx, c, d, os.Stdout, os.Stderr)
		}
	}
	stop()
	program.Exit(err)
}
