package signal_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestSignalSchedule: on Saturday 5 September 2026 (Eastern), today is
// NOT_RECOMMENDED and the next five banking days skip Sunday and Labor
// Day (Monday the 7th), ranked in order, the first the optimal date; a reused client_transaction_id (scheduled or evaluated)
// is SIGNAL_ERROR; an account not the Item's is INVALID_ACCOUNT_ID.
// Raw calls: plaid-go v20 lacks the path (plaid-node's is in
// testdata/clients/node).
func TestSignalSchedule(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 9, 5, 15, 0, 0, 0, time.UTC)))
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acct := e.AccountIDs(it.AccessToken)["Plaid Checking"]
	body := func(tx string) map[string]any {
		return map[string]any{"access_token": it.AccessToken, "account_id": acct, "client_transaction_id": tx, "amount": 42.5}
	}
	got := e.Call("/signal/schedule", body("sched-1")).OK(t)
	var dates, recs []string
	for _, r := range plaidtest.List(got["recommendations"]) {
		dates = append(dates, plaidtest.Obj(r)["date"].(string))
		recs = append(recs, plaidtest.Obj(r)["recommendation"].(string))
	}
	wantDates := []string{"2026-09-05", "2026-09-08", "2026-09-09", "2026-09-10", "2026-09-11", "2026-09-14"}
	if len(dates) != 6 || dates[0] != wantDates[0] || dates[1] != wantDates[1] || dates[5] != wantDates[5] {
		t.Fatalf("dates %v, want %v", dates, wantDates)
	}
	if recs[0] != "NOT_RECOMMENDED" || recs[1] != "RECOMMENDED" || got["optimal_date"] != "2026-09-08" {
		t.Fatalf("recommendations %v, optimal %v", recs, got["optimal_date"])
	}
	if r := plaidtest.Obj(plaidtest.List(got["recommendations"])[2])["rank"]; r != 2.0 {
		t.Fatalf("the second banking day's rank: %v", r)
	}
	e.Call("/signal/schedule", body("sched-1")).PlaidErr(t, 400, "SIGNAL_ERROR", "CLIENT_TRANSACTION_ID_ALREADY_IN_USE")
	e.Call("/signal/evaluate", body("eval-1")).OK(t)
	e.Call("/signal/schedule", body("eval-1")).PlaidErr(t, 400, "SIGNAL_ERROR", "CLIENT_TRANSACTION_ID_ALREADY_IN_USE")
	bad := body("sched-2")
	bad["account_id"] = "nope"
	e.Call("/signal/schedule", bad).PlaidErr(t, 400, "INVALID_INPUT", "INVALID_ACCOUNT_ID")
}
