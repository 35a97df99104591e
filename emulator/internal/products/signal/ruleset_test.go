package signal_test

import (
	"testing"
	"testing/fstest"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// TestSignalAnswersTheNamedRuleset: /signal/evaluate with a ruleset_key
// answers its ruleset (Quickstart shows its plaidtest.Result): the default ruleset
// reads the scores (ACCEPT, REVIEW, REROUTE), an account's fixture rule
// and a scenario's signal_result script it; without ruleset_key there is
// none.
func TestSignalAnswersTheNamedRuleset(t *testing.T) {
	over, err := fixtures.Load(fstest.MapFS{"users.yaml": {Data: []byte(`users:
  - username: user_signal_review
    password: pass_good
    accounts:
      - {name: Held Checking, mask: "0303", type: depository, subtype: checking, balances: {available: 1000, current: 1000, iso_currency_code: USD},
         numbers: {ach: {account: "1111222233330303", routing: "011401533"}},
         signal: {result: REVIEW, custom_action_key: 3-day-hold, internal_note: held for review}}
`)}})
	if err != nil {
		t.Fatal(err)
	}
	scs, probs := scenarios.Parse("s.yaml", []byte("scenarios:\n  - name: signal-reroute\n    rules:\n      - match: {paths: [/signal/evaluate]}\n        effect: {signal_result: REROUTE}\n"), emulator.KnownCode)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	e := plaidtest.New(t, plaidtest.WithFixtures(fixtures.Merge(fixtures.Default(), over)), func(o *emulator.Options) { o.Scenarios = scs })
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])
	evaluate := func(it plaidtest.Item, acctID any, amount float64, key string) map[string]any {
		body := map[string]any{"access_token": it.AccessToken, "account_id": acctID, "client_transaction_id": "t", "amount": amount, "user_present": true}
		if key != "" {
			body["ruleset_key"] = key
		}
		return e.Call("/signal/evaluate", body).OK(t)
	}
	if r := evaluate(it, acct["account_id"], 10, ""); r["ruleset"] != nil {
		t.Fatalf("a ruleset without ruleset_key: %v", r["ruleset"])
	}
	avail := plaidtest.Obj(acct["balances"])["available"].(float64)
	for amount, want := range map[float64]string{10: "ACCEPT", avail * 0.7: "REVIEW", avail * 2: "REROUTE"} {
		rs := plaidtest.Obj(evaluate(it, acct["account_id"], amount, "onboarding")["ruleset"])
		if rs["ruleset_key"] != "onboarding" || rs["result"] != want || plaidtest.Obj(rs["triggered_rule_details"])["custom_action_key"] == nil {
			t.Errorf("amount %.2f of %.2f: ruleset %v, want %s", amount, avail, rs, want)
		}
	}
	held := e.Link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_signal_review", "override_password": "pass_good"})
	heldAcct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": held.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	rs := plaidtest.Obj(evaluate(held, heldAcct, 10, "default")["ruleset"])
	if rs["result"] != "REVIEW" || plaidtest.Obj(rs["triggered_rule_details"])["custom_action_key"] != "3-day-hold" {
		t.Fatalf("the fixture's rule: %v", rs)
	}
	e.Call("/_emulator/scenarios", map[string]any{"activate": "signal-reroute"})
	if rs := plaidtest.Obj(evaluate(it, acct["account_id"], 10, "default")["ruleset"]); rs["result"] != "REROUTE" {
		t.Fatalf("the scenario's result: %v", rs)
	}
	if _, err := fixtures.Load(fstest.MapFS{"users.yaml": {Data: []byte("users:\n  - username: u\n    password: p\n    accounts:\n      - {name: A, type: depository, subtype: checking, balances: {available: 1}, signal: {result: MAYBE}}\n")}}); err == nil {
		t.Fatal("signal.result MAYBE loaded")
	}
}
