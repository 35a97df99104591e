package emulator_test

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/admin"
)

// TestCoverage: GET /_emulator/coverage lists every path of the spec and
// of plaid-node 47's newer ones once; its served count is the route
// table's (every served Plaid path is in the list, marked served);
// every path left out says why, by a named rule; and docs/coverage.md is
// the table as it stands (UPDATE_COVERAGE=1 rewrites it).
func TestCoverage(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/_emulator/coverage", nil, nil)
	if r.status != 200 {
		t.Fatalf("coverage: %d %s", r.status, r.raw)
	}
	var got admin.Coverage
	if err := json.Unmarshal(r.raw, &got); err != nil {
		t.Fatal(err)
	}
	served := e.srv.PlaidPaths()
	c := got.Counts
	if c.Served != len(served) || c.Served+c.LeftOut != c.Paths || c.Paths != len(got.Paths) || c.ServedSpec+c.ServedNewer != c.Served {
		t.Fatalf("counts %+v; the route table serves %d paths", c, len(served))
	}
	seen := map[string]bool{}
	for _, row := range got.Paths {
		if seen[row.Path] {
			t.Errorf("%s listed twice", row.Path)
		}
		seen[row.Path] = true
		if row.Served != slices.Contains(served, row.Path) {
			t.Errorf("%s: served %v, but the route table says otherwise", row.Path, row.Served)
		}
		if !row.Served && (row.Why == nil || *row.Why == "Not served yet") {
			t.Errorf("%s is left out with no reason: add a rule to admin's leftOut", row.Path)
		}
	}
	if c.Paths < 340 || !seen["/transfer/return/recover"] || !seen["/accounts/get"] {
		t.Fatalf("the list is short: %d paths", c.Paths)
	}
	srv, err := emulator.New(emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := admin.CoverageOf(srv.PlaidPaths()).Markdown()
	if os.Getenv("UPDATE_COVERAGE") == "1" {
		if err := os.WriteFile("../docs/coverage.md", []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if doc, _ := os.ReadFile("../docs/coverage.md"); string(doc) != page {
		t.Fatalf("docs/coverage.md is stale: run UPDATE_COVERAGE=1 go test -run TestCoverage ./emulator/")
	}
}
