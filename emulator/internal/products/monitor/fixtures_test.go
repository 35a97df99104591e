package monitor_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestMonitorFixtureExample loads docs/fixtures.md's Monitor example
// (testdata/fixtures/monitor.yaml): its programs replace the defaults;
// Bobby Newport hits the onboarding program by his alias and a birth date
// in the entry's year, but not the exact-name program by a near name;
// the vendor program finds Sweetums by its tax id; Joseph Kony, on no list
// the PEP program enables, is cleared there.
func TestMonitorFixtureExample(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFixtureDir(plaidtest.Repo("emulator/internal/products/monitor/testdata/fixtures")))
	create := func(program, name, dob string) map[string]any {
		terms := map[string]any{"watchlist_program_id": program, "legal_name": name}
		if dob != "" {
			terms["date_of_birth"] = dob
		}
		return e.Call("/watchlist_screening/individual/create", map[string]any{"search_terms": terms}).OK(t)
	}
	if n := len(plaidtest.List(e.Call("/watchlist_screening/individual/program/list", map[string]any{}).OK(t)["watchlist_programs"])); n != 2 {
		t.Fatalf("the declared programs replace the defaults: %d", n)
	}
	bobby := create("prg_onboarding", "Robert Newport", "1982-07-04")
	if bobby["status"] != "pending_review" {
		t.Fatalf("an alias and a birth date in the entry's year: %v", bobby["status"])
	}
	for _, c := range [][3]string{{"prg_pep_exact", "Bobby Newpoort", ""}, {"prg_pep_exact", "Joseph Kony", "1964-09-18"}} {
		if s := create(c[0], c[1], c[2]); s["status"] != "cleared" {
			t.Fatalf("%v: %v", c, s["status"])
		}
	}
	if s := create("prg_pep_exact", "newport, bobby", ""); s["status"] != "pending_review" {
		t.Fatalf("exact names still ignore case, punctuation and order: %v", s["status"])
	}
	ent := e.Call("/watchlist_screening/entity/create", map[string]any{"search_terms": map[string]any{"entity_watchlist_program_id": "entprg_vendors",
		"legal_name": "Sweetums Candy Co", "document_number": "35-1234567"}}).OK(t)
	hits := plaidtest.List(e.Call("/watchlist_screening/entity/hit/list", map[string]any{"entity_watchlist_screening_id": ent["id"]}).OK(t)["entity_watchlist_screening_hits"])
	if len(hits) != 1 || plaidtest.Obj(plaidtest.Obj(hits[0])["analysis"])["documents"] != "match" {
		t.Fatalf("Sweetums: %v", hits)
	}
	e.Call("/watchlist_screening/individual/create", map[string]any{"search_terms": map[string]any{"watchlist_program_id": "prg_sandbox_default",
		"legal_name": "A B"}}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}
