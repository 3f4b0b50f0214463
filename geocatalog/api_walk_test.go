package geocatalog_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// apiPackages are the client packages whose exported API TestAPIWalk
// checks, relative to this package's directory.
var apiPackages = []string{".", "../tenancy", "../partner", "../partner/gdp", "../partner/gsp"}

// TestAPIWalk walks the exported API of every client package and fails on
// an exported type alias, or on a method of an exported client type (a type
// named *Client, and partner.Writer) that breaks the Azure SDK for Go
// shape:
//
//   - an operation is Verb(ctx context.Context, <required>, options *VerbOptions) (VerbResponse, error);
//   - a long-running operation is BeginVerb(ctx, ..., options *BeginVerbOptions) (*runtime.Poller[VerbResponse], error);
//   - a pager is NewXxxPager(<required>, options *XxxOptions) *runtime.Pager[XxxResponse] (no ctx);
//   - an iter.Seq2 adapter Xxx(ctx, ..., options *XxxOptions) iter.Seq2[...] takes the
//     options of the pager NewXxxPager it adapts (SearchItems adapts NewSearchPager);
//   - a URL builder (name ending in URL) takes options *<Name>Options;
//   - an accessor takes no ctx and returns no error (it does no I/O).
//
// Every options type belongs to one operation, and every response type is
// a struct, not an alias.
func TestAPIWalk(t *testing.T) {
	for _, dir := range apiPackages {
		t.Run(strings.TrimPrefix(dir, "../"), func(t *testing.T) {
			for _, problem := range walkPackage(t, dir) {
				t.Error(problem)
			}
		})
	}
}

// clientType reports whether the exported type name is one the walk
// checks in the package at dir.
func clientType(dir, name string) bool {
	return strings.HasSuffix(name, "Client") || (dir == "../partner" && name == "Writer")
}

// adapterPager names the pager an iter.Seq2 adapter adapts, when its name
// does not say it.
var adapterPager = map[string]string{"SearchItems": "Search"}

func walkPackage(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	structs := map[string]bool{}
	var problems []string
	var decls []*ast.FuncDecl
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					if ts.Assign.IsValid() {
						problems = append(problems, fset.Position(ts.Pos()).String()+": exported alias "+ts.Name.Name)
						continue
					}
					if _, ok := ts.Type.(*ast.StructType); ok {
						structs[ts.Name.Name] = true
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.IsExported() {
					decls = append(decls, d)
				}
			}
		}
	}
	optionsUsers := map[string][]string{}
	for _, d := range decls {
		recv := recvName(d.Recv.List[0].Type)
		if !ast.IsExported(recv) || !clientType(dir, recv) {
			continue
		}
		where := fset.Position(d.Pos()).String() + ": " + recv + "." + d.Name.Name
		opts, problem := checkMethod(d, structs)
		if problem != "" {
			problems = append(problems, where+": "+problem)
		}
		if opts != "" {
			optionsUsers[opts] = append(optionsUsers[opts], recv+"."+d.Name.Name)
		}
	}
	for opts, users := range optionsUsers {
		if len(users) > 1 {
			sort.Strings(users)
			problems = append(problems, opts+" is shared by "+strings.Join(users, ", "))
		}
	}
	sort.Strings(problems)
	return problems
}

// checkMethod checks one client method; it returns the options type the
// method owns ("" for pagers' adapters and accessors) and a problem.
func checkMethod(d *ast.FuncDecl, structs map[string]bool) (owned, problem string) {
	name := d.Name.Name
	params := paramTypes(d.Type.Params)
	results := paramTypes(d.Type.Results)
	hasCtx := len(params) > 0 && params[0] == "context.Context"
	hasErr := len(results) > 0 && results[len(results)-1] == "error"
	last := ""
	if len(params) > 0 {
		last = params[len(params)-1]
	}
	switch {
	case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Pager"):
		op := strings.TrimSuffix(strings.TrimPrefix(name, "New"), "Pager")
		if hasCtx {
			return "", "a pager takes no ctx"
		}
		if last != "*"+op+"Options" {
			return "", "last parameter is " + last + ", want *" + op + "Options"
		}
		want := "*runtime.Pager[" + op + "Response]"
		if len(results) != 1 || results[0] != want {
			return "", "returns " + strings.Join(results, ", ") + ", want " + want
		}
		if !structs[op+"Response"] {
			return "", op + "Response is not a struct type"
		}
		return op + "Options", ""
	case strings.HasSuffix(name, "URL"):
		if last != "*"+name+"Options" {
			return "", "last parameter is " + last + ", want *" + name + "Options"
		}
		return name + "Options", ""
	case !hasCtx && !hasErr:
		return "", "" // an accessor: no I/O, no error
	}
	if !hasCtx {
		return "", "first parameter is not ctx context.Context"
	}
	if len(results) == 1 && strings.HasPrefix(results[0], "iter.Seq2[") {
		op := name
		if p, ok := adapterPager[name]; ok {
			op = p
		}
		if last != "*"+op+"Options" {
			return "", "an iter.Seq2 adapter takes the options of NewXxxPager: last parameter is " + last + ", want *" + op + "Options"
		}
		return "", ""
	}
	if last != "*"+name+"Options" {
		return "", "last parameter is " + last + ", want options *" + name + "Options"
	}
	if !structs[name+"Options"] {
		return "", name + "Options is not a struct type"
	}
	want := name + "Response"
	if op, ok := strings.CutPrefix(name, "Begin"); ok {
		want = "*runtime.Poller[" + op + "Response]"
		if !structs[op+"Response"] {
			return "", op + "Response is not a struct type"
		}
	} else if !structs[want] {
		return "", want + " is not a struct type"
	}
	if len(results) != 2 || results[0] != want || results[1] != "error" {
		return "", "returns (" + strings.Join(results, ", ") + "), want (" + want + ", error)"
	}
	return name + "Options", ""
}

func recvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// paramTypes lists a field list's types, one per name.
func paramTypes(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		s := typeString(f.Type)
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			out = append(out, s)
		}
	}
	return out
}

func typeString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return "*" + typeString(e.X)
	case *ast.SelectorExpr:
		return typeString(e.X) + "." + e.Sel.Name
	case *ast.ArrayType:
		return "[]" + typeString(e.Elt)
	case *ast.MapType:
		return "map[" + typeString(e.Key) + "]" + typeString(e.Value)
	case *ast.IndexExpr:
		return typeString(e.X) + "[" + typeString(e.Index) + "]"
	case *ast.IndexListExpr:
		parts := make([]string, len(e.Indices))
		for i, x := range e.Indices {
			parts[i] = typeString(x)
		}
		return typeString(e.X) + "[" + strings.Join(parts, ", ") + "]"
	case *ast.Ellipsis:
		return "..." + typeString(e.Elt)
	case *ast.InterfaceType:
		return "any"
	case *ast.FuncType:
		return "func"
	}
	return "?"
}
