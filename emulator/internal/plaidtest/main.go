package plaidtest

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/product"
	"github.com/plaid-emulator/plaid-emulator/internal/testnote"
)

// Main runs a package's tests (from its TestMain) and then the
// conformance coverage check for the Plaid paths it owns: when the whole
// suite ran (no -run filter) with the spec available, each of paths must
// have had a 200 answer validated against the spec in this test binary.
// Every Plaid path is owned by exactly one package: its product's, when
// that package holds the product's tests, else the emulator's.
func Main(m *testing.M, name string, paths []string) {
	code := m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" || specDoc == nil {
		testnote.Report(name)
		os.Exit(code)
	}
	lacking := 0
	for _, p := range paths {
		if pi := specDoc.Paths.Find(p); specFallback && (pi == nil || pi.Post == nil) {
			lacking++ // the older spec has no such path to check against
			continue
		}
		var n int
		locked(&validated200.Mutex, func() { n = validated200.paths[p] })
		if n == 0 {
			fmt.Printf("conformance: no 200 response of %s was validated against the spec\n", p)
			code = 1
		}
	}
	if specFallback {
		testnote.Note(fmt.Sprintf("conformance checked against plaid-go's older spec (%s); %d served paths it lacks were not checked (put Plaid's current spec in ../shared or PLAID_OPENAPI_SPEC)", specPath, lacking))
	}
	testnote.Report(name)
	os.Exit(code)
}

// Paths are the Plaid paths a module serves.
func Paths(m product.Module) []string {
	var out []string
	for _, ep := range m.Endpoints() {
		out = append(out, ep.Path)
	}
	return out
}
