package transactions_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Scripted rows and a generated history from a fixture file.
func TestFixtureScriptedAndGeneratedTransactions(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFixtureDir(plaidtest.Repo("testdata/fixtures/valid")), plaidtest.WithFrozenClock(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)))
	pt := e.CallAs("alice_app", "alice_secret", "/sandbox/public_token/create", map[string]any{"institution_id": "ins_custom_1",
		"initial_products": []string{"transactions"}, "options": map[string]any{"override_username": "user_alice", "override_password": "alice_pw"}}).OK(t)
	at := e.CallAs("alice_app", "alice_secret", "/item/public_token/exchange", map[string]any{"public_token": pt["public_token"]}).OK(t)["access_token"]
	p := e.CallAs("alice_app", "alice_secret", "/transactions/sync", map[string]any{"access_token": at, "count": 500}).OK(t)
	rows := plaidtest.List(p["added"])
	byName := map[string]map[string]any{}
	var scripted map[string]any // the fixture's Starbucks row (the history may draw others)
	for _, r := range rows {
		byName[plaidtest.Obj(r)["name"].(string)] = plaidtest.Obj(r)
		if plaidtest.Obj(r)["name"] == "Starbucks" && plaidtest.Obj(r)["date"] == "2026-03-09" {
			scripted = plaidtest.Obj(r)
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
