package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	quiet := flag.Bool("q", false, "no live progress on standard error")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, progressOut(*quiet)); err != nil {
		fmt.Fprintln(os.Stderr, "gdp-delivery:", err)
		os.Exit(1)
	}
}
