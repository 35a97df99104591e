package emulator_test

import (
	"os"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/fixtures"
)

// Scripted rows and a generated history from a fixture file.
func TestFixtureScriptedAndGeneratedTransactions(t *testing.T) {
	over, err := fixtures.Load(os.DirFS("../testdata/fixtures/valid"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, withFixtures(fixtures.Merge(fixtures.Default(), over)), withFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	pt := e.callAs("alice_app", "alice_secret", "/sandbox/public_token/create", map[string]any{"institution_id": "ins_custom_1",
		"initial_products": []string{"transactions"}, "options": map[string]any{"override_username": "user_alice", "override_password": "alice_pw"}}).ok(t)
	at := e.callAs("alice_app", "alice_secret", "/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).ok(t)["access_token"]
	p := e.callAs("alice_app", "alice_secret", "/transactions/sync", map[string]any{"access_token": at, "count": 500}).ok(t)
	rows := list(p["added"])
	byName := map[string]map[string]any{}
	var scripted map[string]any // the fixture's Starbucks row (the history may draw others)
	for _, r := range rows {
		byName[obj(r)["name"].(string)] = obj(r)
		if obj(r)["name"] == "Starbucks" && obj(r)["date"] == "2026-03-09" {
			scripted = obj(r)
		}
	}
	if s := scripted; s == nil || s["merchant_name"] != "Starbucks" || s["category_id"] != "13005043" {
		t.Fatalf("merchant row = %v", s)
	}
	if p := byName["Corner Grocery"]; p == nil || p["pending"] != true {
		t.Fatalf("pending row = %v", p)
	}
	if byName["ACME CORP PAYROLL"] == nil || byName["Old Subscription"]["date"] != "2024-02-29" {
		t.Fatalf("scripted rows = %v", byName)
	}
	// 10 a month over 60 days (only the checking account's merchants) plus 4 scripted.
	if len(rows) < 4+15 || len(rows) > 4+20 {
		t.Fatalf("%d rows", len(rows))
	}
}
