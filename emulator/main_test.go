package emulator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestMain adds the conformance coverage check (plaidtest.Main) for the
// Plaid paths of the product modules whose package has no tests of its
// own (no main_test.go there); the others check their own.
func TestMain(m *testing.M) {
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		panic(err)
	}
	var owned []string
	for pkg, paths := range emulator.PathsByPackage(srv) {
		dir := strings.TrimPrefix(pkg, "github.com/plaid-emulator/plaid-emulator/emulator/")
		if _, err := os.Stat(filepath.Join(dir, "main_test.go")); err != nil {
			owned = append(owned, paths...)
		}
	}
	_ = srv.Close()
	plaidtest.Main(m, "emulator", owned)
}
