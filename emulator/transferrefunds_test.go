package emulator_test

import (
	"testing"
)

// Refunds: of settled debits only, paid from the Ledger, never more than
// the transfer in all, listed on the transfer, simulated along their own
// states, cancellable while pending.
func TestTransferRefunds(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acctID := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "11.11", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
	tr := obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).ok(t)["transfer"])
	refund := func(amount, key string) result {
		return e.call("/transfer/refund/create", map[string]any{"transfer_id": tr["id"], "amount": amount, "idempotency_key": key})
	}
	r1 := obj(refund("5.00", "r1").ok(t)["refund"])
	if r1["status"] != "pending" || r1["amount"] != "5.00" {
		t.Fatalf("refund = %v", r1)
	}
	if again := obj(refund("5.00", "r1").ok(t)["refund"]); again["id"] != r1["id"] {
		t.Fatal("the same idempotency_key made another refund")
	}
	refund("6.12", "r2").plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD") // 5.00 + 6.12 > 11.11
	r2 := obj(refund("6.11", "r3").ok(t)["refund"])
	e.call("/transfer/refund/cancel", map[string]any{"refund_id": r2["id"]}).ok(t)
	sim := func(ev string) result {
		return e.call("/sandbox/transfer/refund/simulate", map[string]any{"refund_id": r1["id"], "event_type": ev})
	}
	sim("refund.settled").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
	sim("refund.posted").ok(t)
	sim("refund.settled").ok(t)
	e.call("/transfer/refund/cancel", map[string]any{"refund_id": r1["id"]}).plaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
	got := obj(e.call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).ok(t)["transfer"])
	if n := len(list(got["refunds"])); n != 2 {
		t.Fatalf("transfer lists %d refunds, want 2", n)
	}
	if st := obj(e.call("/transfer/refund/get", map[string]any{"refund_id": r1["id"]}).ok(t)["refund"])["status"]; st != "settled" {
		t.Fatalf("refund is %v", st)
	}
	// The magic $11.11 debit's $11.11 reached available; $5.00 went out: 100 + 11.11 - 5.00.
	if av := obj(e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"])["available"]; av != "106.11" {
		t.Fatalf("Ledger available %v, want 106.11", av)
	}
	evs := e.call("/transfer/event/list", map[string]any{"event_types": []string{"refund.settled"}}).ok(t)
	if ev := list(evs["transfer_events"]); len(ev) != 1 || obj(ev[0])["refund_id"] != r1["id"] || obj(ev[0])["transfer_amount"] != "5.00" {
		t.Fatalf("refund events: %v", ev)
	}
}

// Sandbox's refund magic amounts: $1.11 posted → settled, $2.22 failed,
// $3.33 posted → settled → returned; a failed or returned one gives its
// amount back to the Ledger.
func TestRefundMagicAmounts(t *testing.T) {
	e := newEnv(t)
	it := e.link("ins_109508", []string{"auth"}, nil)
	acctID := obj(list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])[0])["account_id"]
	au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "11.11", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
	tr := obj(e.call("/transfer/create", map[string]any{"access_token": it.accessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).ok(t)["transfer"])
	for _, tc := range []struct{ amount, status, events string }{
		{"1.11", "settled", "[refund.pending refund.posted refund.settled]"},
		{"2.22", "failed", "[refund.pending refund.failed]"},
		{"3.33", "returned", "[refund.pending refund.posted refund.settled refund.returned]"},
	} {
		r := obj(e.call("/transfer/refund/create", map[string]any{"transfer_id": tr["id"], "amount": tc.amount, "idempotency_key": tc.amount}).ok(t)["refund"])
		got := obj(e.call("/transfer/refund/get", map[string]any{"refund_id": r["id"]}).ok(t)["refund"])
		var types []string
		for _, ev := range list(e.call("/transfer/event/list", map[string]any{"transfer_id": tr["id"], "count": 25}).ok(t)["transfer_events"]) {
			if obj(ev)["refund_id"] == r["id"] {
				types = append([]string{obj(ev)["event_type"].(string)}, types...) // newest first
			}
		}
		if got["status"] != tc.status || fmtList(types) != tc.events {
			t.Fatalf("a $%s refund: %v with events %v, want %s and %s", tc.amount, got["status"], types, tc.status, tc.events)
		}
	}
	// $100 + $11.11 funds, less the $1.11 refund that stayed settled.
	if av := obj(e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"])["available"]; av != "110.00" {
		t.Fatalf("ledger available %v, want 110.00", av)
	}
}
