package emulator_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/internal/testnote"

	"github.com/plaid-emulator/plaid-emulator/emulator"
)

// TestMain adds the conformance coverage check: when the whole suite ran
// (no -run filter) with the spec available, every Plaid path in the route
// table must have had at least one 200 response validated against the spec.
func TestMain(m *testing.M) {
	code := m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" || specDoc == nil {
		testnote.Report("emulator")
		os.Exit(code)
	}
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	lacking := 0
	for _, p := range srv.PlaidPaths() {
		if pi := specDoc.Paths.Find(p); specFallback && (pi == nil || pi.Post == nil) {
			lacking++ // the older spec has no such path to check against
			continue
		}
		if validated200.paths[p] == 0 {
			fmt.Printf("conformance: no 200 response of %s was validated against the spec\n", p)
			code = 1
		}
	}
	if specFallback {
		testnote.Note(fmt.Sprintf("conformance checked against plaid-go's older spec (%s); %d served paths it lacks were not checked (put Plaid's current spec in ../shared or PLAID_OPENAPI_SPEC)", specPath, lacking))
	}
	testnote.Report("emulator")
	os.Exit(code)
}
