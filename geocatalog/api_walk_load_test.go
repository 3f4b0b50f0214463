package geocatalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// listedPackage is what `go list -export -json` says of one package.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	Error      *struct{ Err string }
}

// apiLoader type-checks packages from source with go/types; the packages
// they import come from the compiler's export data, which one
// `go list -export -deps` run builds (or finds in the build cache), so a
// check costs a parse of the checked package only.
type apiLoader struct {
	fset     *token.FileSet
	listed   map[string]*listedPackage // by directory, relative to the module root
	importer types.Importer
}

// newAPILoader lists the packages in dirs (relative to the module root
// root, e.g. "./geocatalog") with their dependencies.
func newAPILoader(t *testing.T, root string, dirs ...string) *apiLoader {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the API walk needs the go tool: %v", err)
	}
	args := append([]string{"list", "-e", "-export", "-deps", "-json=ImportPath,Dir,GoFiles,Export,Error"}, dirs...)
	cmd := exec.Command(goTool, args...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	exports := map[string]string{}
	l := &apiLoader{fset: token.NewFileSet(), listed: map[string]*listedPackage{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		if p.Error != nil {
			t.Fatalf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if rel, err := filepath.Rel(absRoot, p.Dir); err == nil {
			l.listed["./"+filepath.ToSlash(rel)] = p
		}
	}
	l.importer = importer.ForCompiler(l.fset, "gc", func(path string) (io.ReadCloser, error) {
		name, ok := exports[path]
		if !ok || name == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(name)
	})
	return l
}

// check type-checks the package in dir (as given to newAPILoader) from
// its non-test source files.
func (l *apiLoader) check(t *testing.T, dir string) *types.Package {
	t.Helper()
	p, ok := l.listed[dir]
	if !ok {
		t.Fatalf("package %s was not listed", dir)
	}
	var files []*ast.File
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(l.fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	conf := types.Config{Importer: l.importer}
	pkg, err := conf.Check(p.ImportPath, l.fset, files, nil)
	if err != nil {
		t.Fatalf("type-check %s: %v", dir, err)
	}
	return pkg
}
