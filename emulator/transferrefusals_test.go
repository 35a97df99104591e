package emulator_test

import (
	"testing"
	"time"
)

// TestTransferRefusals: what Plaid refuses, refused with its error, and
// nothing stored changes. Each group is one of the refusals.
func TestTransferRefusals(t *testing.T) {
	e := newEnv(t, withFrozenClock(time.Date(2026, 6, 1, 14, 0, 0, 0, time.UTC)))
	it := e.link("ins_109508", []string{"auth"}, nil)
	accts := list(e.call("/accounts/get", map[string]any{"access_token": it.accessToken}).ok(t)["accounts"])
	acct, other := obj(accts[0])["account_id"], obj(accts[1])["account_id"]
	authorize := func(typ, amount string) string {
		t.Helper()
		au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "type": typ,
			"network": "ach", "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
		if au["decision"] != "approved" {
			t.Fatalf("authorization of %s %s: %v", typ, amount, au)
		}
		return au["id"].(string)
	}
	create := func(authID string, body map[string]any) result {
		b := map[string]any{"access_token": it.accessToken, "account_id": acct, "authorization_id": authID, "description": "x"}
		for k, v := range body {
			b[k] = v
		}
		return e.call("/transfer/create", b)
	}
	simulate := func(id, event string) result {
		return e.call("/sandbox/transfer/simulate", map[string]any{"transfer_id": id, "event_type": event})
	}
	transfers := func() int { return len(list(e.call("/transfer/list", map[string]any{}).ok(t)["transfers"])) }

	t.Run("incompatible simulations", func(t *testing.T) {
		debit := obj(create(authorize("debit", "5.00"), nil).ok(t)["transfer"])["id"].(string)
		credit := obj(create(authorize("credit", "5.00"), nil).ok(t)["transfer"])["id"].(string)
		for _, bad := range []string{"settled", "funds_available", "returned", "pending", "cancelled"} {
			simulate(debit, bad).plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		}
		simulate(debit, "posted").ok(t)
		simulate(debit, "posted").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		simulate(debit, "failed").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		simulate(credit, "posted").ok(t)
		simulate(credit, "settled").ok(t)
		simulate(credit, "funds_available").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID") // debits only
		simulate(credit, "returned").ok(t)
		simulate(credit, "returned").plaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		if st := obj(e.call("/transfer/get", map[string]any{"transfer_id": debit}).ok(t)["transfer"])["status"]; st != "posted" {
			t.Fatalf("refused simulations moved the debit to %v", st)
		}
	})
	t.Run("reused authorizations", func(t *testing.T) {
		id := authorize("debit", "3.00")
		first := obj(create(id, nil).ok(t)["transfer"])["id"]
		n := transfers()
		if again := obj(create(id, nil).ok(t)["transfer"])["id"]; again != first {
			t.Fatalf("a second /transfer/create with the authorization made %v, not %v", again, first)
		}
		create(id, map[string]any{"account_id": other}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		cancelled := authorize("debit", "3.00")
		e.call("/transfer/authorization/cancel", map[string]any{"authorization_id": cancelled}).ok(t)
		create(cancelled, nil).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		expiring := authorize("debit", "3.00")
		e.clock(map[string]any{"advance": "61m"})
		create(expiring, nil).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		create("not-an-authorization", nil).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if got := transfers(); got != n {
			t.Fatalf("refused creations made %d transfers", got-n)
		}
	})
	t.Run("mismatched amounts", func(t *testing.T) {
		id := authorize("debit", "4.00")
		n := transfers()
		for _, amount := range []string{"4.01", "400", "-1.00", "four", "4.001"} {
			create(id, map[string]any{"amount": amount}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		}
		if got := transfers(); got != n {
			t.Fatalf("refused amounts made %d transfers", got-n)
		}
		if tr := obj(create(id, map[string]any{"amount": "3.99"}).ok(t)["transfer"]); tr["amount"] != "3.99" {
			t.Fatalf("an amount below the authorized one: %v", tr["amount"])
		}
	})
	t.Run("cancelling too late", func(t *testing.T) {
		id := obj(create(authorize("debit", "2.00"), nil).ok(t)["transfer"])["id"].(string)
		simulate(id, "posted").ok(t)
		e.call("/transfer/cancel", map[string]any{"transfer_id": id}).plaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
		if tr := obj(e.call("/transfer/get", map[string]any{"transfer_id": id}).ok(t)["transfer"]); tr["status"] != "posted" || tr["cancellable"] != false {
			t.Fatalf("after a refused cancel: %v cancellable %v", tr["status"], tr["cancellable"])
		}
		used := authorize("debit", "2.00")
		create(used, nil).ok(t)
		e.call("/transfer/authorization/cancel", map[string]any{"authorization_id": used}).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	})
	t.Run("overdrawing", func(t *testing.T) {
		bal := func() map[string]any { return obj(e.call("/transfer/ledger/get", map[string]any{}).ok(t)["balance"]) }
		before := bal()
		e.call("/transfer/ledger/withdraw", map[string]any{"amount": "1000000.00", "idempotency_key": "too-much", "network": "ach"}).
			plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		au := obj(e.call("/transfer/authorization/create", map[string]any{"access_token": it.accessToken, "account_id": acct, "type": "credit",
			"network": "ach", "ach_class": "ppd", "amount": "1000000.00", "user": map[string]any{"legal_name": "A B"}}).ok(t)["authorization"])
		if au["decision"] != "declined" || obj(au["decision_rationale"])["code"] != "NSF" {
			t.Fatalf("a credit beyond the Ledger: %v", au)
		}
		create(au["id"].(string), nil).plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		debit := obj(create(authorize("debit", "1.00"), nil).ok(t)["transfer"])["id"]
		e.call("/transfer/refund/create", map[string]any{"transfer_id": debit, "amount": "1.01", "idempotency_key": "r"}).
			plaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		after := bal()
		after["pending"] = before["pending"] // the $1.00 debit adds to pending
		if string(mustJSON(after)) != string(mustJSON(before)) {
			t.Fatalf("refusals moved the Ledger: %v, before %v", after, before)
		}
	})
}
