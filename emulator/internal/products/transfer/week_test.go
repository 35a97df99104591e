package transfer_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
	"github.com/plaid/plaid-go/v20/plaid"
)

// TestTransferScriptedWeek runs a week on the emulator clock, Monday to
// Friday, and after every step holds /transfer/balance/get to the Ledger
// (available the same, current = available + pending). Monday: a
// guaranteed $40 debit, a $25 debit (a guarantee asked for and given),
// a $10 credit (a guarantee asked for and refused: credits are not
// guaranteed). Tuesday: all posted and settled, and the legacy sweep
// simulation sweeps them without moving the Ledger. Wednesday: funds
// available, then the $40 returned (R01): the Ledger gives it back.
// Thursday: the repayment simulation repays the return ($40, through
// plaid-go) and moves nothing in the Ledger; with nothing left, a second
// is refused. Friday: a $30 guaranteed debit is returned, $5.50 of it
// recovered (twice with one key: once), so the next repayment is $24.50;
// recovering more than the rest is refused.
func TestTransferScriptedWeek(t *testing.T) {
	monday := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	e := plaidtest.New(t, plaidtest.WithFrozenClock(monday))
	api := e.PlaidClient().PlaidApi
	ctx := context.Background()
	it := e.Link("ins_109508", []string{"auth", "transfer"}, nil)
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	ledger := func() (string, string) {
		l := plaidtest.Obj(e.Call("/transfer/ledger/get", map[string]any{}).OK(t)["balance"])
		return l["available"].(string), l["pending"].(string)
	}
	agree := func(when string) (string, string) {
		t.Helper()
		avail, pending := ledger()
		b := plaidtest.Obj(e.Call("/transfer/balance/get", map[string]any{}).OK(t)["balance"])
		a, _ := plaidCents(avail)
		p, _ := plaidCents(pending)
		cur, _ := plaidCents(b["current"].(string))
		if b["available"] != avail || cur != a+p {
			t.Fatalf("%s: balance/get %v, the Ledger available %s pending %s", when, b, avail, pending)
		}
		return avail, pending
	}
	day := func(n int) {
		t.Helper()
		if r := e.Clock(map[string]any{"set": monday.AddDate(0, 0, n).Format(time.RFC3339)}); r.Status != 200 {
			t.Fatalf("clock: %d %s", r.Status, r.Raw)
		}
	}
	transfer := func(typ, amount string, guarantee bool) map[string]any {
		t.Helper()
		class := map[string]string{"debit": "web", "credit": "ppd"}[typ]
		au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "type": typ,
			"network": "ach", "amount": amount, "ach_class": class, "user": map[string]any{"legal_name": "Anne Charleston"},
			"request_guarantee": guarantee}).OK(t)["authorization"])
		tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acct, "authorization_id": au["id"],
			"description": "week"}).OK(t)["transfer"])
		if tr["guarantee_decision"] != au["guarantee_decision"] {
			t.Fatalf("the transfer's guarantee %v, its authorization's %v", tr["guarantee_decision"], au["guarantee_decision"])
		}
		return tr
	}
	simulate := func(id any, events ...string) {
		t.Helper()
		for _, ev := range events {
			body := map[string]any{"transfer_id": id, "event_type": ev}
			if ev == "returned" {
				body["failure_reason"] = map[string]any{"failure_code": "R01", "description": "insufficient funds"}
			}
			e.Call("/sandbox/transfer/simulate", body).OK(t)
			agree("after " + ev)
		}
	}

	agree("Monday's start")
	a := transfer("debit", "40.00", true)
	b := transfer("debit", "25.00", false)
	c := transfer("credit", "10.00", true)
	if a["guarantee_decision"] != "GUARANTEED" || b["guarantee_decision"] != nil || c["guarantee_decision"] != "NOT_GUARANTEED" ||
		plaidtest.Obj(c["guarantee_decision_rationale"])["code"] != "RISK_ESTIMATE_UNAVAILABLE" {
		t.Fatalf("guarantees: %v %v %v (%v)", a["guarantee_decision"], b["guarantee_decision"], c["guarantee_decision"], c["guarantee_decision_rationale"])
	}
	agree("Monday's transfers")

	day(1)
	simulate(a["id"], "posted", "settled")
	simulate(b["id"], "posted", "settled")
	simulate(c["id"], "posted", "settled")
	availBefore, pendingBefore := agree("Tuesday, settled")
	e.Call("/sandbox/transfer/sweep/simulate", map[string]any{}).OK(t)
	if avail, pending := agree("Tuesday, swept"); avail != availBefore || pending != pendingBefore {
		t.Fatalf("the legacy sweep moved the Ledger: %s/%s to %s/%s", availBefore, pendingBefore, avail, pending)
	}

	day(2)
	e.Call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).OK(t)
	availBefore, pendingBefore = agree("Wednesday, available")
	simulate(a["id"], "returned")
	avail, pending := agree("Wednesday, returned")
	if x, y := sum(t, availBefore, pendingBefore), sum(t, avail, pending); x-y != 4000 {
		t.Fatalf("the $40 return moved the Ledger by %d cents", x-y)
	}

	day(3)
	_, _, err := api.SandboxTransferRepaymentSimulate(ctx).SandboxTransferRepaymentSimulateRequest(*plaid.NewSandboxTransferRepaymentSimulateRequest()).Execute()
	plaidtest.Must(t, "sandbox/transfer/repayment/simulate", err)
	if a2, p2 := agree("Thursday, repaid"); a2 != avail || p2 != pending {
		t.Fatalf("the repayment moved the Ledger: %s/%s to %s/%s", avail, pending, a2, p2)
	}
	reps, _, err := api.TransferRepaymentList(ctx).TransferRepaymentListRequest(*plaid.NewTransferRepaymentListRequest()).Execute()
	plaidtest.Must(t, "transfer/repayment/list", err)
	if len(reps.Repayments) != 1 || reps.Repayments[0].Amount != "40.00" || reps.Repayments[0].Created.Format(time.DateOnly) != "2026-03-05" {
		t.Fatalf("repayments: %+v", reps.Repayments)
	}
	rets, _, err := api.TransferRepaymentReturnList(ctx).TransferRepaymentReturnListRequest(*plaid.NewTransferRepaymentReturnListRequest(reps.Repayments[0].RepaymentId)).Execute()
	plaidtest.Must(t, "transfer/repayment/return/list", err)
	if len(rets.RepaymentReturns) != 1 || rets.RepaymentReturns[0].TransferId != a["id"] || rets.RepaymentReturns[0].Amount != "40.00" || rets.RepaymentReturns[0].EventId == 0 {
		t.Fatalf("the repayment's returns: %+v", rets.RepaymentReturns)
	}
	e.Call("/sandbox/transfer/repayment/simulate", map[string]any{}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")

	day(4)
	d := transfer("debit", "30.00", true)
	simulate(d["id"], "posted", "returned")
	recover := func(key, amount string) plaidtest.Result {
		return e.Call("/transfer/return/recover", map[string]any{"transfer_id": d["id"], "amount": amount, "idempotency_key": key})
	}
	recover("r1", "5.50").OK(t)
	recover("r1", "5.50").OK(t)
	recover("r2", "24.51").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/transfer/return/recover", map[string]any{"transfer_id": b["id"], "amount": "1.00", "idempotency_key": "r3"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	e.Call("/sandbox/transfer/repayment/simulate", map[string]any{}).OK(t)
	agree("Friday, repaid")
	latest := plaidtest.Obj(plaidtest.List(e.Call("/transfer/repayment/list", map[string]any{"count": 1}).OK(t)["repayments"])[0])
	if latest["amount"] != "24.50" {
		t.Fatalf("Friday's repayment: %v", latest)
	}
	all := plaidtest.List(e.Call("/transfer/repayment/list", map[string]any{"start_date": "2026-03-06T00:00:00Z"}).OK(t)["repayments"])
	if len(all) != 1 {
		t.Fatalf("repayments since Friday: %v", all)
	}
	e.Call("/transfer/repayment/return/list", map[string]any{"repayment_id": "nope"}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
}

// plaidCents parses "12.34" (or "-1.00") to cents.
func plaidCents(s string) (int64, bool) {
	var whole, frac int64
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	n, _ := fmt.Sscanf(s, "%d.%d", &whole, &frac)
	c := whole*100 + frac
	if neg {
		c = -c
	}
	return c, n == 2
}

func sum(_ *testing.T, a, b string) int64 {
	x, _ := plaidCents(a)
	y, _ := plaidCents(b)
	return x + y
}
