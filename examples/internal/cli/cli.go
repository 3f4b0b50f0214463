// Package cli gives the example programs one way to parse their command
// line: a flag set whose usage says what the program does, its flags and
// the environment variables it reads; -h prints that and exits 0.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Var is an environment variable a program reads.
type Var struct {
	Name  string
	Usage string
}

// Program describes a program for its usage text.
type Program struct {
	// Name is the command name.
	Name string
	// Synopsis is the argument summary after the name ("[flags]" when empty).
	Synopsis string
	// About says what the program does (paragraphs separated by blank lines).
	About string
	// Env lists the environment variables the program reads.
	Env []Var
}

// FlagSet returns a flag set for p that writes its usage to out and returns
// flag.ErrHelp from Parse on -h or -help.
func (p Program) FlagSet(out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(p.Name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() { p.writeUsage(out, fs) }
	return fs
}

func (p Program) writeUsage(out io.Writer, fs *flag.FlagSet) {
	synopsis := p.Synopsis
	if synopsis == "" {
		synopsis = "[flags]"
	}
	fmt.Fprintf(out, "Usage: %s %s\n\n%s\n", p.Name, synopsis, strings.TrimSpace(p.About))
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(out, "\nFlags:\n")
		fs.PrintDefaults()
	}
	if len(p.Env) > 0 {
		fmt.Fprintf(out, "\nEnvironment:\n")
		width := 0
		for _, v := range p.Env {
			width = max(width, len(v.Name))
		}
		for _, v := range p.Env {
			fmt.Fprintf(out, "  %-*s  %s\n", width, v.Name, v.Usage)
		}
	}
}

// Exit ends main with the status ExitCode gives; for status 1 the error is
// printed on stderr first.
func (p Program) Exit(err error) {
	code := ExitCode(err)
	if code == 1 {
		fmt.Fprintf(os.Stderr, "%s: %v\n", p.Name, err)
	}
	if code != 0 {
		os.Exit(code)
	}
}

// ExitCode is the exit status of a program whose run returned err: 0 for
// nil and flag.ErrHelp (the usage was printed on -h), 2 for a bad command
// line (reported by Parse, with the usage), 1 for any other error.
func ExitCode(err error) int {
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errBadFlag):
		return 2
	}
	return 1
}

var errBadFlag = errors.New("bad command line")

// Parse parses args with fs. A bad flag (already reported by fs, with the
// usage) gives an error that makes Exit end with status 2; -h gives
// flag.ErrHelp. Arguments left after the flags are an error.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errBadFlag, err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected arguments %q (see -h)\n", fs.Name(), fs.Args())
		return fmt.Errorf("%w: unexpected arguments %q", errBadFlag, fs.Args())
	}
	return nil
}

// Count writes n and noun, plural unless n is 1: "1 collection", "2 collections".
func Count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
