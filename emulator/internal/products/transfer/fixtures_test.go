package transfer_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator"
	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid-emulator/plaid-emulator/fixtures"
	"github.com/plaid-emulator/plaid-emulator/scenarios"
)

// transferUser links user_transfer of testdata/fixtures/users.yaml (the
// the worked example in docs/transfer.md) on a frozen Monday morning, with rv's webhook.
func transferUser(t *testing.T, opts ...plaidtest.Option) (*plaidtest.Env, *plaidtest.Receiver, plaidtest.Item, []string) {
	t.Helper()
	over, err := fixtures.Load(os.DirFS("testdata/fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]plaidtest.Option{plaidtest.WithFixtures(fixtures.Merge(fixtures.Default(), over)),
		plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 14, 0, 0, 0, time.UTC))}, opts...)
	e := plaidtest.New(t, opts...)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth", "transfer"}, map[string]any{
		"override_username": "user_transfer", "override_password": "pass_good", "webhook": rv.URL})
	var ids []string
	for _, a := range plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"]) {
		ids = append(ids, plaidtest.Obj(a)["account_id"].(string))
	}
	return e, rv, it, ids
}

func authorizeDebit(t *testing.T, e *plaidtest.Env, it plaidtest.Item, acct, amount string) map[string]any {
	t.Helper()
	return plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct,
		"type": "debit", "network": "ach", "ach_class": "web", "amount": amount, "user": map[string]any{"legal_name": "Ada Lovelace"}}).OK(t)["authorization"])
}

// TestTransferFixtureRules: an account's fixture can decline every
// authorization with a rationale, or return every transfer with a code
// after N days on the emulator clock; the return walks the statuses in
// order, moves the Ledger back and reaches the Item's webhook.
func TestTransferFixtureRules(t *testing.T) {
	e, rv, it, accts := transferUser(t)
	risky, bouncing := accts[0], accts[1]
	if au := authorizeDebit(t, e, it, risky, "10.00"); au["decision"] != "declined" || plaidtest.Obj(au["decision_rationale"])["code"] != "RISK" {
		t.Fatalf("the risky account's authorization: %v", au)
	}
	au := authorizeDebit(t, e, it, bouncing, "25.00")
	if au["decision"] != "approved" {
		t.Fatalf("the bouncing account's authorization: %v", au)
	}
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": bouncing, "authorization_id": au["id"], "description": "rent"}).OK(t)["transfer"])
	status := func() map[string]any {
		return plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"])
	}
	pending := func() string {
		return plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])["pending"].(string)
	}
	if p := pending(); p != "25.00" {
		t.Fatalf("ledger pending after the debit: %s", p)
	}
	e.Clock(map[string]any{"advance": "47h59m"})
	if got := status(); got["status"] != "pending" {
		t.Fatalf("before two days the transfer is %v", got["status"])
	}
	e.Clock(map[string]any{"advance": "1m"})
	got := status()
	if got["status"] != "returned" || plaidtest.Obj(got["failure_reason"])["failure_code"] != "R01" {
		t.Fatalf("after two days: %v %v", got["status"], got["failure_reason"])
	}
	var types []string
	for _, ev := range plaidtest.List(e.Call("/transfer/event/sync", map[string]any{"after_id": 0}).OK(t)["transfer_events"]) {
		types = append(types, plaidtest.Obj(ev)["event_type"].(string))
	}
	if want := "[pending posted settled returned]"; fmtList(types) != want {
		t.Fatalf("events %v, want %s", types, want)
	}
	if p := pending(); p != "0.00" {
		t.Fatalf("ledger pending after the return: %s", p)
	}
	// One webhook for the creation, one for the return.
	rv.WaitForN(t, "TRANSFER_EVENTS_UPDATE", 2)
}

// TestTransferScenarioDeclines: the scenario in docs/transfer.md declines the next
// three authorizations NSF, then Sandbox decides again.
func TestTransferScenarioDeclines(t *testing.T) {
	scs, err := scenarios.Load(os.DirFS("testdata/scenarios"), emulator.KnownCode)
	if err != nil {
		t.Fatal(err)
	}
	e := plaidtest.New(t, func(o *emulator.Options) { o.Scenarios = scs })
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"].(string)
	e.Activate("transfer_nsf_three_times", nil)
	for i := range 3 {
		if au := authorizeDebit(t, e, it, acct, "1.00"); au["decision"] != "declined" || plaidtest.Obj(au["decision_rationale"])["code"] != "NSF" {
			t.Fatalf("authorization %d under the scenario: %v", i+1, au)
		}
	}
	if au := authorizeDebit(t, e, it, acct, "1.00"); au["decision"] != "approved" {
		t.Fatalf("the fourth authorization: %v", au)
	}
}

// A fixture with a transfer rule Plaid could not give is refused at load.
func TestTransferFixtureRuleChecked(t *testing.T) {
	_, err := fixtures.Load(fstest.MapFS{"users.yaml": {Data: []byte("users:\n  - username: u\n    password: p\n    accounts:\n      - {name: A, type: depository, subtype: checking, balances: {available: 1}, transfer: {decline: MAYBE, return: {code: X1, after_days: 99}}}\n")}})
	for _, want := range []string{"transfer.decline", "transfer.return.code", "transfer.return.after_days"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("load error %v does not name %s", err, want)
		}
	}
}

// The decision table's Sandbox rows the other tests do not reach: an Item
// that needs a login is user_action_required (its idempotency key is not
// kept), and a user_custom account forced to a $0 available balance is
// declined RISK.
func TestTransferDecisionRows(t *testing.T) {
	e := plaidtest.New(t)
	zero := e.Link("ins_109508", []string{"auth"}, map[string]any{"override_username": "user_custom",
		"override_password": `{"override_accounts":[{"type":"depository","subtype":"checking","starting_balance":10,"force_available_balance":0}]}`})
	acct := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": zero.AccessToken}).OK(t)["accounts"])[0])["account_id"].(string)
	if au := authorizeDebit(t, e, zero, acct, "1.00"); au["decision"] != "declined" || plaidtest.Obj(au["decision_rationale"])["code"] != "RISK" {
		t.Fatalf("a debit of a $0 account: %v", au)
	}
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct = plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"].(string)
	e.Call("/sandbox/item/reset_login", map[string]any{"access_token": it.AccessToken}).OK(t)
	body := map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": "debit", "network": "ach", "ach_class": "web",
		"amount": "1.00", "user": map[string]any{"legal_name": "A B"}, "idempotency_key": "retry-me"}
	first := plaidtest.Obj(e.Call("/transfer/authorization/create", body).OK(t)["authorization"])
	if first["decision"] != "user_action_required" || first["decision_rationale"] != nil {
		t.Fatalf("an Item needing a login: %v", first)
	}
	if again := plaidtest.Obj(e.Call("/transfer/authorization/create", body).OK(t)["authorization"]); again["id"] == first["id"] {
		t.Fatal("the idempotency key was kept for a user_action_required result")
	}
}
