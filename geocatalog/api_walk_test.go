package geocatalog_test

import (
	"cmp"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"
	"testing"
)

// apiPackages are the client packages whose exported client types
// TestAPIWalk checks, relative to the module root.
var apiPackages = []string{
	"./geocatalog", "./tenancy", "./partner", "./partner/gdp", "./partner/gsp", "./partner/batch",
}

// aliasPackages are the further packages of the module whose exported
// names TestAPIWalk checks for aliases (they have no client types).
var aliasPackages = []string{
	"./geocatalog/stac", "./geocatalog/geocatalogtest", "./tenancy/tenancytest", "./partner/batch/batchtest",
}

// mustCheck are methods, some promoted from unexported embedded types,
// that the walk of each package must see, so that it cannot pass by
// seeing nothing.
var mustCheck = map[string][]string{
	"./geocatalog": {
		"STACClient.NewListCollectionsPager", "Client.Data", "STACClient.SearchItems", "ItemDataClient.GetTile", "CollectionMosaicClient.GetTile",
		"SearchMosaicClient.GetTile", "SearchMosaicClient.GetPointAssets", "ItemDataClient.GetPreview",
	},
	"./partner":       {"Writer.WriteItems", "Writer.Ingest", "Stager.EnsureContainer", "Stager.StageFile", "Stager.UploadBytes", "Stager.SignURL", "Stager.ContainerSASURL"},
	"./partner/batch": {"Client.Submit", "Client.Watch"},
	"./partner/gsp":   {"Input.OpenAsset", "Input.OpenItemAsset", "ShardPlan.Stage"},
	"./tenancy":       {"PartnerApp.Client", "PartnerApp.AdminConsentURL", "PartnerApp.AdminConsentV1URL"},
}

// clientTypes names, by package name, the exported types besides those
// named *Client whose methods do I/O, so that the walk checks them as
// client types.
var clientTypes = map[string][]string{
	"partner": {"Writer", "Stager"},
	"tenancy": {"PartnerApp"},
	"gsp":     {"Input", "ShardPlan"},
}

// localMethods are the methods of client types that take no ctx and can
// fail, because they send no request: each is named as package.Type.Method,
// with why it needs no ctx. The walk reports any other method without ctx
// that returns an error, and a listed method it does not find.
var localMethods = map[string]string{
	"tenancy.PartnerApp.Credential": "builds (or finds) the tenant's credential; its GetToken(ctx, ...) is the I/O",
	"gsp.Input.TempDir":             "creates a local directory, once",
	"gsp.ShardPlan.WriteFiles":      "writes the manifests to local files",
}

// TestAPIWalk type-checks every client package of the module and fails on
// an exported type alias, or on a method in the method set of an exported
// client type (a type named *Client, and those clientTypes names), promoted
// methods of embedded types included, that breaks the Azure SDK for Go
// shape:
//
//   - an operation is Verb(ctx context.Context, <required>, options *VerbOptions) (VerbResponse, error);
//   - a long-running operation is BeginVerb(ctx, ..., options *BeginVerbOptions) (*runtime.Poller[VerbResponse], error);
//   - a pager is NewXxxPager(<required>, options *XxxOptions) *runtime.Pager[XxxResponse] (no ctx);
//   - an iter.Seq2 adapter Xxx(ctx, ..., options *XxxOptions) iter.Seq2[...] takes the
//     options of the pager NewXxxPager it adapts (SearchItems adapts NewSearchPager),
//     and that pager is a method of the same type;
//   - a URL builder (name ending in URL, with parameters) takes options
//     *<Name>Options and returns (string, error): it signs or builds
//     locally and sends no request;
//   - a local method (localMethods: no request, so no ctx) may return an
//     error; any other method without ctx is an accessor;
//   - an accessor takes no ctx and returns no error (it does no I/O); a
//     sub-client it returns (a type of the package with a method taking ctx)
//     is an exported client type, so that the walk checks it too;
//   - no parameter is named _ (ignored).
//
// Every options and response type is a struct type of the package (not an
// alias), and every options type belongs to one method: the same method
// promoted into several client types counts once.
func TestAPIWalk(t *testing.T) {
	l := newAPILoader(t, "..", append(append([]string{}, apiPackages...), aliasPackages...)...)
	rules := apiRules{client: clientRule(clientTypes), local: localMethods}
	var seen []string // every checked method, as package.Type.Method
	for _, dir := range apiPackages {
		t.Run(strings.TrimPrefix(dir, "./"), func(t *testing.T) {
			pkg := l.check(t, dir)
			problems, checked := walkAPI(l.fset, pkg, rules)
			for _, problem := range problems {
				t.Error(problem)
			}
			for _, m := range mustCheck[dir] {
				if !slices.Contains(checked, m) {
					t.Errorf("the walk did not check %s (checked %d methods)", m, len(checked))
				}
			}
			for _, m := range checked {
				seen = append(seen, pkg.Name()+"."+m)
			}
		})
	}
	for m := range localMethods {
		if !slices.Contains(seen, m) {
			t.Errorf("localMethods lists %s, which the walk did not check", m)
		}
	}
	for _, dir := range aliasPackages {
		t.Run(strings.TrimPrefix(dir, "./"), func(t *testing.T) {
			pkg := l.check(t, dir)
			problems, _ := walkAPI(l.fset, pkg, apiRules{client: func(*types.Package, string) bool { return false }})
			for _, problem := range problems {
				t.Error(problem)
			}
		})
	}
}

// apiRules say which types of a package the walk checks and which of
// their methods may fail without ctx.
type apiRules struct {
	// client reports whether the exported type name of pkg is a client
	// type, whose methods the walk checks.
	client func(pkg *types.Package, name string) bool
	// local lists, as package.Type.Method, the methods that take no ctx
	// and can fail (localMethods).
	local map[string]string
}

// clientRule returns the client rule of the walk: a type named *Client,
// or one that named lists for its package's name.
func clientRule(named map[string][]string) func(pkg *types.Package, name string) bool {
	return func(pkg *types.Package, name string) bool {
		return strings.HasSuffix(name, "Client") || slices.Contains(named[pkg.Name()], name)
	}
}

// adapterPager names the pager an iter.Seq2 adapter adapts, when its name
// does not say it.
var adapterPager = map[string]string{"SearchItems": "Search"}

// apiWalk holds the state of one package's walk.
type apiWalk struct {
	fset     *token.FileSet
	pkg      *types.Package
	problems []apiProblem
	checked  []string // the methods walked, as Type.Method
	rules    apiRules
	// owners lists, per options type, the methods that take it, each under
	// the name it was first seen by.
	owners map[*types.TypeName]map[*types.Func]string
}

// walkAPI returns the problems of pkg's exported API, sorted: its exported
// aliases, and the methods of the types rules.client says are client types; and
// the methods it checked, as Type.Method.
func walkAPI(fset *token.FileSet, pkg *types.Package, rules apiRules) (problems, checked []string) {
	w := &apiWalk{fset: fset, pkg: pkg, rules: rules, owners: map[*types.TypeName]map[*types.Func]string{}}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() {
			continue
		}
		if tn.IsAlias() {
			w.report(tn.Pos(), "exported alias "+name+" = "+w.typeString(types.Unalias(tn.Type())))
			continue
		}
		if rules.client(pkg, name) {
			w.clientType(tn)
		}
	}
	for opts, users := range w.owners {
		if len(users) > 1 {
			names := make([]string, 0, len(users))
			for _, n := range users {
				names = append(names, n)
			}
			sort.Strings(names)
			w.report(opts.Pos(), opts.Name()+" is shared by "+strings.Join(names, ", "))
		}
	}
	slices.SortFunc(w.problems, func(a, b apiProblem) int {
		return cmp.Or(strings.Compare(a.pos.Filename, b.pos.Filename), cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Column, b.pos.Column), strings.Compare(a.text, b.text))
	})
	for _, p := range w.problems {
		problems = append(problems, p.pos.String()+": "+p.text)
	}
	return problems, w.checked
}

// apiProblem is one problem the walk found, where it found it.
type apiProblem struct {
	pos  token.Position
	text string
}

func (w *apiWalk) report(pos token.Pos, problem string) {
	w.problems = append(w.problems, apiProblem{w.fset.Position(pos), problem})
}

// typeString spells t as the package's own source would.
func (w *apiWalk) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == w.pkg {
			return ""
		}
		return p.Name()
	})
}

// clientType checks the exported methods in the method set of *T (of T
// for an interface), promoted ones included.
func (w *apiWalk) clientType(tn *types.TypeName) {
	t := tn.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t)
	}
	mset := types.NewMethodSet(t)
	for i := range mset.Len() {
		fn, ok := mset.At(i).Obj().(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		where := tn.Name() + "." + fn.Name()
		w.checked = append(w.checked, where)
		if len(mset.At(i).Index()) > 1 {
			if recv := fn.Signature().Recv(); recv != nil {
				where += " (promoted from " + w.typeString(recv.Type()) + ")"
			}
		}
		owned, problem := w.method(tn, t, fn)
		if problem != "" {
			w.report(fn.Pos(), where+": "+problem)
		}
		if owned != nil {
			if w.owners[owned] == nil {
				w.owners[owned] = map[*types.Func]string{}
			}
			if _, seen := w.owners[owned][fn]; !seen {
				w.owners[owned][fn] = tn.Name() + "." + fn.Name()
			}
		}
	}
}

// ownStruct returns "" when t is the struct type name declared in the
// package (not an alias), and what is wrong otherwise.
func (w *apiWalk) ownStruct(t types.Type, name string) (*types.TypeName, string) {
	if a, ok := t.(*types.Alias); ok {
		return nil, a.Obj().Name() + " is an alias of " + w.typeString(types.Unalias(a))
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != w.pkg || n.Obj().Name() != name {
		return nil, w.typeString(t) + " is not the package's " + name
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil, name + " is not a struct type"
	}
	return n.Obj(), ""
}

// accessor checks what an accessor returns: a type of the package that
// does I/O (a method with ctx first) is a sub-client, which must be an
// exported client type so that the walk checks it too.
func (w *apiWalk) accessor(results *types.Tuple) string {
	for i := range results.Len() {
		t := results.At(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		if !ok || n.Obj().Pkg() != w.pkg {
			continue
		}
		if !n.Obj().Exported() {
			return "returns the unexported type " + n.Obj().Name()
		}
		if w.rules.client(w.pkg, n.Obj().Name()) {
			continue
		}
		mset := types.NewMethodSet(types.NewPointer(n))
		for j := range mset.Len() {
			params := mset.At(j).Obj().(*types.Func).Signature().Params()
			if mset.At(j).Obj().Exported() && params.Len() > 0 && w.typeString(params.At(0).Type()) == "context.Context" {
				return "returns " + n.Obj().Name() + ", which does I/O (" + mset.At(j).Obj().Name() + ") but is not a client type the walk checks"
			}
		}
	}
	return ""
}

// typeArg returns the single type argument of *pkg.Generic[T], or nil.
func typeArg(t types.Type, pkgName, generic string) types.Type {
	p, ok := t.(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := p.Elem().(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != pkgName || n.Obj().Name() != generic || n.TypeArgs().Len() != 1 {
		return nil
	}
	return n.TypeArgs().At(0)
}

// method checks one method of the client type tn; recv is the type whose
// method set holds it. It returns the options type the method owns (nil
// for adapters, accessors and local methods) and a problem.
func (w *apiWalk) method(tn *types.TypeName, recv types.Type, fn *types.Func) (*types.TypeName, string) {
	name := fn.Name()
	sig := fn.Signature()
	params, results := sig.Params(), sig.Results()
	for i := range params.Len() {
		if params.At(i).Name() == "_" {
			return nil, "parameter " + w.typeString(params.At(i).Type()) + " is named _ (ignored)"
		}
	}
	hasCtx := params.Len() > 0 && w.typeString(params.At(0).Type()) == "context.Context"
	hasErr := results.Len() > 0 && w.typeString(results.At(results.Len()-1).Type()) == "error"
	var last types.Type
	lastString := "nothing"
	if params.Len() > 0 {
		last = params.At(params.Len() - 1).Type()
		lastString = w.typeString(last)
	}
	resultStrings := make([]string, results.Len())
	for i := range results.Len() {
		resultStrings[i] = w.typeString(results.At(i).Type())
	}
	// options checks that the last parameter is *<want>, a struct of the package.
	options := func(want string) (*types.TypeName, string) {
		p, ok := last.(*types.Pointer)
		if !ok {
			return nil, "last parameter is " + lastString + ", want options *" + want
		}
		return w.ownStruct(p.Elem(), want)
	}
	switch {
	case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Pager"):
		op := strings.TrimSuffix(strings.TrimPrefix(name, "New"), "Pager")
		if hasCtx {
			return nil, "a pager takes no ctx"
		}
		owned, problem := options(op + "Options")
		if problem != "" {
			return nil, problem
		}
		want := "*runtime.Pager[" + op + "Response]"
		if results.Len() != 1 || typeArg(results.At(0).Type(), "runtime", "Pager") == nil {
			return nil, "returns (" + strings.Join(resultStrings, ", ") + "), want " + want
		}
		if _, problem := w.ownStruct(typeArg(results.At(0).Type(), "runtime", "Pager"), op+"Response"); problem != "" {
			return nil, problem
		}
		return owned, ""
	case strings.HasSuffix(name, "URL") && params.Len() > 0:
		if hasCtx {
			return nil, "a URL builder takes no ctx (it sends no request)"
		}
		owned, problem := options(name + "Options")
		if problem != "" {
			return nil, problem
		}
		if results.Len() != 2 || resultStrings[0] != "string" || !hasErr {
			return nil, "returns (" + strings.Join(resultStrings, ", ") + "), want (string, error)"
		}
		return owned, ""
	case !hasCtx && !hasErr:
		return nil, w.accessor(results) // an accessor: no I/O, no error
	case !hasCtx:
		if _, ok := w.rules.local[w.pkg.Name()+"."+tn.Name()+"."+name]; ok {
			return nil, "" // a local method: no request, so no ctx
		}
	}
	if !hasCtx {
		return nil, "first parameter is not ctx context.Context"
	}
	if results.Len() == 1 && strings.HasPrefix(resultStrings[0], "iter.Seq2[") {
		op := name
		if p, ok := adapterPager[name]; ok {
			op = p
		}
		if _, problem := options(op + "Options"); problem != "" {
			return nil, "an iter.Seq2 adapter takes the options of New" + op + "Pager: " + problem
		}
		if obj, _, _ := types.LookupFieldOrMethod(recv, true, w.pkg, "New"+op+"Pager"); obj == nil {
			return nil, "an iter.Seq2 adapter without the pager New" + op + "Pager it adapts"
		}
		return nil, ""
	}
	owned, problem := options(name + "Options")
	if problem != "" {
		return nil, problem
	}
	if results.Len() != 2 || !hasErr {
		return nil, "returns (" + strings.Join(resultStrings, ", ") + "), want (" + name + "Response, error)"
	}
	first := results.At(0).Type()
	if op, ok := strings.CutPrefix(name, "Begin"); ok {
		arg := typeArg(first, "runtime", "Poller")
		if arg == nil {
			return nil, "returns (" + strings.Join(resultStrings, ", ") + "), want (*runtime.Poller[" + op + "Response], error)"
		}
		first = arg
		name = op
	}
	if _, problem := w.ownStruct(first, name+"Response"); problem != "" {
		return nil, "returns (" + strings.Join(resultStrings, ", ") + "): " + problem
	}
	return owned, ""
}
