package emulator_test

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// module is this repository's module path.
const module = "github.com/plaid-emulator/plaid-emulator"

// allowedImports is the dependency rule, written once: for each package of
// the module, the packages of the module it may import. Imports run one
// way, downward: cmd → emulator → its internal parts → fixtures, scenarios.
// A package missing from this table fails the test, so a new package must
// be placed here deliberately (see ARCHITECTURE.md).
var allowedImports = map[string][]string{
	"cmd/plaid-emulator":        {"emulator", "fixtures", "scenarios", "internal/testnote"},
	"cmd/plaid-loadtest":        {"emulator", "fixtures"},
	"emulator/emulatortest":     {"emulator", "fixtures", "scenarios"},
	"emulator":                  {"emulator/internal/admin", "emulator/internal/persist", "emulator/internal/store", "emulator/internal/chaos", "emulator/internal/ledger", "emulator/internal/product", "emulator/internal/products/*", "emulator/internal/program", "emulator/internal/statedb", "emulator/internal/logins", "emulator/internal/webhooks", "emulator/internal/wire", "fixtures", "scenarios"},
	"emulator/internal/product": {"emulator/internal/ledger", "emulator/internal/wire", "fixtures"},
	// Every Plaid product's package (a product never imports another; what
	// two share belongs in product).
	"emulator/internal/products/*": {"emulator/internal/product", "emulator/internal/ledger", "emulator/internal/logins", "emulator/internal/wire", "fixtures"},
	"emulator/internal/logins":     {"emulator/internal/ledger", "emulator/internal/product", "emulator/internal/wire", "fixtures"},
	"emulator/internal/program":    {"emulator/internal/wire"},
	"emulator/internal/persist":    {"emulator/internal/admin", "emulator/internal/chaos", "emulator/internal/product", "emulator/internal/products/*", "emulator/internal/program", "emulator/internal/statedb", "emulator/internal/store", "emulator/internal/webhooks", "emulator/internal/wire", "scenarios"}, // --state and named snapshots: every part's records
	"emulator/internal/store":      {"emulator/internal/ledger", "emulator/internal/product", "emulator/internal/products/transactions", "emulator/internal/webhooks", "emulator/internal/wire", "fixtures"},                                                                                                      // Items, tokens, ledgers and their --state records (Transactions' events come from its mutations)
	"emulator/internal/admin":      {"emulator/internal/chaos", "emulator/internal/product", "emulator/internal/webhooks", "emulator/internal/wire", "fixtures", "scenarios"},                                                                                                                                     // /_emulator/* and the dashboard, behind a door
	"emulator/internal/plaidtest":  {"emulator", "emulator/internal/product", "emulator/internal/wire", "fixtures", "internal/specfile", "internal/testnote"},                                                                                                                                                     // tests only: a started emulator, the spec check, webhook receivers
	"emulator/internal/chaos":      {"emulator/internal/wire", "scenarios"},
	"emulator/internal/ledger":     {"emulator/internal/wire", "fixtures"},
	"emulator/internal/webhooks":   {},
	"emulator/internal/statedb":    {},
	"emulator/internal/wire":       {},
	"emulator/internal/wire/gen":   {"internal/specfile"}, // go generate: the spec's request and response schemas
	"scenarios":                    {"fixtures"},
	"internal/specfile":            {}, // tests and the generator: where Plaid's spec is, which paths are served
	"internal/testnote":            {}, // tests only: skips said in one line
	"internal/repo":                {}, // tests only: what git tracks (no binaries, no large files)
	"examples":                     {}, // tests only: the docs' worked examples
	"fixtures":                     {},
}

// forbiddenStd are standard packages a part must not use: the ledger is a
// data structure (no HTTP, no locks of its own), fixtures and scenarios
// know nothing of HTTP.
var forbiddenStd = map[string][]string{
	"emulator/internal/ledger":   {"net/http", "sync"},
	"emulator/internal/webhooks": {"github.com/gorilla/mux"},
	"fixtures":                   {"net/http"},
	"scenarios":                  {"net/http"},
}

type listedPackage struct {
	ImportPath string
	Imports    []string
}

// TestDependencyRule fails when any package of the module imports one the
// table does not allow (an edge pointing the wrong way), uses a forbidden
// standard package, or is not in the table at all.
func TestDependencyRule(t *testing.T) {
	pkgs := listPackages(t)
	if len(pkgs) < len(allowedImports) {
		t.Fatalf("go list found %d packages, the table names %d", len(pkgs), len(allowedImports))
	}
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		allowed, ok := allowedImports[rel]
		if !ok {
			allowed, ok = allowedImports[path.Dir(rel)+"/*"]
		}
		if !ok {
			t.Errorf("package %s is not in the dependency table (allowedImports): place it there", rel)
			continue
		}
		for _, imp := range p.Imports {
			if slices.Contains(forbiddenStd[rel], imp) {
				t.Errorf("%s imports %s, which it must not use", rel, imp)
			}
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			dep := strings.TrimPrefix(imp, module+"/")
			if !slices.Contains(allowed, dep) && !slices.Contains(allowed, path.Dir(dep)+"/*") {
				t.Errorf("wrong edge: %s → %s (allowed: %v)", rel, dep, allowed)
			}
		}
	}
}

func listPackages(t *testing.T) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []listedPackage
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestWebhooksHaveOnePlace holds that events become webhooks in one place:
// of the module's code outside the webhooks package, only emulator/publish.go
// hands a webhook to the dispatcher (Enqueue) or writes its webhook_type,
// and no product package, the ledger or the store imports webhooks at all
// (TestDependencyRule holds the imports).
func TestWebhooksHaveOnePlace(t *testing.T) {
	root := filepath.Join("..")
	var senders []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		if strings.Contains(filepath.ToSlash(p), "emulator/internal/webhooks/") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), ".Enqueue(") || strings.Contains(string(src), `body["webhook_type"]`) {
			senders = append(senders, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"../emulator/publish.go"}; !slices.Equal(senders, want) {
		t.Fatalf("files that send webhooks: %v, want only %v", senders, want)
	}
}
