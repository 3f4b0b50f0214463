package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := run(ctx, os.Stdout, os.Getenv)
	cancel()
	switch {
	case errors.Is(err, errProblems):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "onboarding:", err)
		os.Exit(1)
	}
}

// errProblems means a report listed problems (against Azure).
var errProblems = errors.New("some customers are not ready")

// run reads the settings and runs against Azure, or offline when none are
// given.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	s, err := loadSettings(getenv)
	if err != nil {
		return err
	}
	if s == nil {
		return runEmbedded(ctx, out)
	}
	return runAzure(ctx, out, s)
}
