package transfer_test

import (
	"testing"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Refunds: of settled debits only, paid from the Ledger, never more than
// the transfer in all, listed on the transfer, simulated along their own
// states, cancellable while pending.
func TestTransferRefunds(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "11.11", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
	refund := func(amount, key string) plaidtest.Result {
		return e.Call("/transfer/refund/create", map[string]any{"transfer_id": tr["id"], "amount": amount, "idempotency_key": key})
	}
	r1 := plaidtest.Obj(refund("5.00", "r1").OK(t)["refund"])
	if r1["status"] != "pending" || r1["amount"] != "5.00" {
		t.Fatalf("refund = %v", r1)
	}
	if again := plaidtest.Obj(refund("5.00", "r1").OK(t)["refund"]); again["id"] != r1["id"] {
		t.Fatal("the same idempotency_key made another refund")
	}
	refund("6.12", "r2").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD") // 5.00 + 6.12 > 11.11
	r2 := plaidtest.Obj(refund("6.11", "r3").OK(t)["refund"])
	e.Call("/transfer/refund/cancel", map[string]any{"refund_id": r2["id"]}).OK(t)
	sim := func(ev string) plaidtest.Result {
		return e.Call("/sandbox/transfer/refund/simulate", map[string]any{"refund_id": r1["id"], "event_type": ev})
	}
	sim("refund.settled").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	sim("refund.posted").OK(t)
	sim("refund.settled").OK(t)
	e.Call("/transfer/refund/cancel", map[string]any{"refund_id": r1["id"]}).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
	got := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"])
	if n := len(plaidtest.List(got["refunds"])); n != 2 {
		t.Fatalf("transfer lists %d refunds, want 2", n)
	}
	if st := plaidtest.Obj(e.Call("/transfer/refund/get", map[string]any{"refund_id": r1["id"]}).OK(t)["refund"])["status"]; st != "settled" {
		t.Fatalf("refund is %v", st)
	}
	// The magic $11.11 debit's $11.11 reached available; $5.00 went out: 100 + 11.11 - 5.00.
	if av := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])["available"]; av != "106.11" {
		t.Fatalf("Ledger available %v, want 106.11", av)
	}
	evs := e.Call("/transfer/event/list", map[string]any{"event_types": []string{"refund.settled"}}).OK(t)
	if ev := plaidtest.List(evs["transfer_events"]); len(ev) != 1 || plaidtest.Obj(ev[0])["refund_id"] != r1["id"] || plaidtest.Obj(ev[0])["transfer_amount"] != "5.00" {
		t.Fatalf("refund events: %v", ev)
	}
}

// Sandbox's refund magic amounts: $1.11 posted → settled, $2.22 failed,
// $3.33 posted → settled → returned; a failed or returned one gives its
// amount back to the Ledger.
func TestRefundMagicAmounts(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "11.11", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
	for _, tc := range []struct{ amount, status, events string }{
		{"1.11", "settled", "[refund.pending refund.posted refund.settled]"},
		{"2.22", "failed", "[refund.pending refund.failed]"},
		{"3.33", "returned", "[refund.pending refund.posted refund.settled refund.returned]"},
	} {
		r := plaidtest.Obj(e.Call("/transfer/refund/create", map[string]any{"transfer_id": tr["id"], "amount": tc.amount, "idempotency_key": tc.amount}).OK(t)["refund"])
		got := plaidtest.Obj(e.Call("/transfer/refund/get", map[string]any{"refund_id": r["id"]}).OK(t)["refund"])
		var types []string
		for _, ev := range plaidtest.List(e.Call("/transfer/event/list", map[string]any{"transfer_id": tr["id"], "count": 25}).OK(t)["transfer_events"]) {
			if plaidtest.Obj(ev)["refund_id"] == r["id"] {
				types = append([]string{plaidtest.Obj(ev)["event_type"].(string)}, types...) // newest first
			}
		}
		if got["status"] != tc.status || fmtList(types) != tc.events {
			t.Fatalf("a $%s refund: %v with events %v, want %s and %s", tc.amount, got["status"], types, tc.status, tc.events)
		}
	}
	// $100 + $11.11 funds, less the $1.11 refund that stayed settled.
	if av := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])["available"]; av != "110.00" {
		t.Fatalf("ledger available %v, want 110.00", av)
	}
}
