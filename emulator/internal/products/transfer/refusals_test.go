package transfer_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestTransferRefusals: what Plaid refuses, refused with its error, and
// nothing stored changes. Each group is one of the refusals.
func TestTransferRefusals(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 14, 0, 0, 0, time.UTC)))
	it := e.Link("ins_109508", []string{"auth"}, nil)
	accts := plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])
	acct, other := plaidtest.Obj(accts[0])["account_id"], plaidtest.Obj(accts[1])["account_id"]
	authorize := func(typ, amount string) string {
		t.Helper()
		au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": typ,
			"network": "ach", "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
		if au["decision"] != "approved" {
			t.Fatalf("authorization of %s %s: %v", typ, amount, au)
		}
		return au["id"].(string)
	}
	create := func(authID string, body map[string]any) plaidtest.Result {
		b := map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": authID, "description": "x"}
		for k, v := range body {
			b[k] = v
		}
		return e.Call("/transfer/create", b)
	}
	simulate := func(id, event string) plaidtest.Result {
		return e.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": id, "event_type": event})
	}
	transfers := func() int { return len(plaidtest.List(e.Call("/transfer/list", map[string]any{}).OK(t)["transfers"])) }

	t.Run("incompatible simulations", func(t *testing.T) {
		debit := plaidtest.Obj(create(authorize("debit", "5.00"), nil).OK(t)["transfer"])["id"].(string)
		credit := plaidtest.Obj(create(authorize("credit", "5.00"), nil).OK(t)["transfer"])["id"].(string)
		for _, bad := range []string{"settled", "funds_available", "returned", "pending", "cancelled"} {
			simulate(debit, bad).PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		}
		simulate(debit, "posted").OK(t)
		simulate(debit, "posted").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		simulate(debit, "failed").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		simulate(credit, "posted").OK(t)
		simulate(credit, "settled").OK(t)
		simulate(credit, "funds_available").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID") // debits only
		simulate(credit, "returned").OK(t)
		simulate(credit, "returned").PlaidErr(t, 400, "SANDBOX_ERROR", "SANDBOX_TRANSFER_EVENT_TRANSITION_INVALID")
		if st := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": debit}).OK(t)["transfer"])["status"]; st != "posted" {
			t.Fatalf("refused simulations moved the debit to %v", st)
		}
	})
	t.Run("reused authorizations", func(t *testing.T) {
		id := authorize("debit", "3.00")
		first := plaidtest.Obj(create(id, nil).OK(t)["transfer"])["id"]
		n := transfers()
		if again := plaidtest.Obj(create(id, nil).OK(t)["transfer"])["id"]; again != first {
			t.Fatalf("a second /transfer/create with the authorization made %v, not %v", again, first)
		}
		create(id, map[string]any{"account_id": other}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		cancelled := authorize("debit", "3.00")
		e.Call("/transfer/authorization/cancel", map[string]any{"authorization_id": cancelled}).OK(t)
		create(cancelled, nil).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		expiring := authorize("debit", "3.00")
		e.Clock(map[string]any{"advance": "61m"})
		create(expiring, nil).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		create("not-an-authorization", nil).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		if got := transfers(); got != n {
			t.Fatalf("refused creations made %d transfers", got-n)
		}
	})
	t.Run("mismatched amounts", func(t *testing.T) {
		id := authorize("debit", "4.00")
		n := transfers()
		for _, amount := range []string{"4.01", "400", "-1.00", "four", "4.001"} {
			create(id, map[string]any{"amount": amount}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		}
		if got := transfers(); got != n {
			t.Fatalf("refused amounts made %d transfers", got-n)
		}
		if tr := plaidtest.Obj(create(id, map[string]any{"amount": "3.99"}).OK(t)["transfer"]); tr["amount"] != "3.99" {
			t.Fatalf("an amount below the authorized one: %v", tr["amount"])
		}
	})
	t.Run("cancelling too late", func(t *testing.T) {
		id := plaidtest.Obj(create(authorize("debit", "2.00"), nil).OK(t)["transfer"])["id"].(string)
		simulate(id, "posted").OK(t)
		e.Call("/transfer/cancel", map[string]any{"transfer_id": id}).PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NOT_CANCELLABLE")
		if tr := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": id}).OK(t)["transfer"]); tr["status"] != "posted" || tr["cancellable"] != false {
			t.Fatalf("after a refused cancel: %v cancellable %v", tr["status"], tr["cancellable"])
		}
		used := authorize("debit", "2.00")
		create(used, nil).OK(t)
		e.Call("/transfer/authorization/cancel", map[string]any{"authorization_id": used}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	})
	t.Run("overdrawing", func(t *testing.T) {
		bal := func() map[string]any {
			return plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])
		}
		before := bal()
		e.Call("/transfer/ledger/withdraw", map[string]any{"amount": "1000000.00", "idempotency_key": "too-much", "network": "ach"}).
			PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": "credit",
			"network": "ach", "ach_class": "ppd", "amount": "1000000.00", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
		if au["decision"] != "declined" || plaidtest.Obj(au["decision_rationale"])["code"] != "NSF" {
			t.Fatalf("a credit beyond the Ledger: %v", au)
		}
		create(au["id"].(string), nil).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		debit := plaidtest.Obj(create(authorize("debit", "1.00"), nil).OK(t)["transfer"])["id"]
		e.Call("/transfer/refund/create", map[string]any{"transfer_id": debit, "amount": "1.01", "idempotency_key": "r"}).
			PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		after := bal()
		after["pending"] = before["pending"] // the $1.00 debit adds to pending
		if string(plaidtest.MustJSON(after)) != string(plaidtest.MustJSON(before)) {
			t.Fatalf("refusals moved the Ledger: %v, before %v", after, before)
		}
	})
}
