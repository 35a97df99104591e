package transfer_test

import (
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// Limits, caps and cutoffs: the network cap is TRANSFER_NETWORK_LIMIT_EXCEEDED,
// the single-transfer limit a TRANSFER_LIMIT_REACHED decline, a cancelled
// authorization makes no transfer, same-day ACH after 3 PM ET goes as
// standard ACH, and the capabilities, configuration and metrics answer.
func TestTransferLimitsAndCutoffs(t *testing.T) {
	at := func(hourET int) time.Time {
		ny, _ := time.LoadLocation("America/New_York")
		return time.Date(2026, 3, 4, hourET, 0, 0, 0, ny)
	}
	for _, c := range []struct {
		hour int
		want string
	}{{10, "same-day-ach"}, {16, "ach"}} {
		e := plaidtest.New(t, plaidtest.WithFrozenClock(at(c.hour)))
		it := e.Link("ins_109508", []string{"auth"}, nil)
		acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
		authz := func(network, amount string) plaidtest.Result {
			return e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "credit",
				"network": network, "ach_class": "ppd", "amount": amount, "user": map[string]any{"legal_name": "A B"}})
		}
		au := plaidtest.Obj(authz("same-day-ach", "1.00").OK(t)["authorization"])
		tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
		if tr["network"] != c.want {
			t.Errorf("same-day ACH at %d:00 ET went as %v, want %s", c.hour, tr["network"], c.want)
		}
		if c.hour != 10 {
			continue
		}
		authz("same-day-ach", "1000000.01").PlaidErr(t, 400, "TRANSFER_ERROR", "TRANSFER_NETWORK_LIMIT_EXCEEDED")
		// Fund the Ledger past the single limit, so that the limit, not NSF, declines.
		dep := plaidtest.Obj(e.Call("/transfer/ledger/deposit", map[string]any{"amount": "200000.00", "idempotency_key": "fund", "network": "ach"}).OK(t)["sweep"])
		for _, ev := range []string{"sweep.posted", "sweep.settled"} {
			e.Call("/sandbox/transfer/ledger/deposit/simulate", map[string]any{"sweep_id": dep["id"], "event_type": ev}).OK(t)
		}
		e.Call("/sandbox/transfer/ledger/simulate_available", map[string]any{}).OK(t)
		big := plaidtest.Obj(authz("ach", "100000.01").OK(t)["authorization"])
		if big["decision"] != "declined" || plaidtest.Obj(big["decision_rationale"])["code"] != "TRANSFER_LIMIT_REACHED" {
			t.Errorf("above the single limit: %v", big)
		}
		spare := plaidtest.Obj(authz("ach", "2.00").OK(t)["authorization"])
		e.Call("/transfer/authorization/cancel", map[string]any{"authorization_id": spare["id"]}).OK(t)
		e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": spare["id"], "description": "x"}).
			PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		e.Call("/transfer/authorization/cancel", map[string]any{"authorization_id": au["id"]}).PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
		caps := plaidtest.Obj(e.Call("/transfer/capabilities/get", map[string]any{"access_token": it.AccessToken, "account_id": acctID}).OK(t)["institution_supported_networks"])
		if plaidtest.Obj(caps["rtp"])["credit"] != true {
			t.Errorf("user_good's checking at First Platypus: capabilities %v", caps)
		}
		if e.Call("/transfer/configuration/get", map[string]any{}).OK(t)["max_single_transfer_amount"] != "100000.00" {
			t.Error("configuration/get: the single-transfer limit")
		}
		if m := e.Call("/transfer/metrics/get", map[string]any{}).OK(t); m["daily_credit_transfer_volume"] != "1.00" || m["monthly_transfer_volume"] != "1.00" {
			t.Errorf("metrics = %v", m)
		}
	}
}

// Recurring transfers on a test clock: each advance originates what fell
// due (re-authorized), moved off weekends, with RECURRING_NEW_TRANSFER, a
// failed check gives RECURRING_TRANSFER_SKIPPED, the clock never goes
// back, and the schedule ends at its end date.
func TestRecurringTransfersOnATestClock(t *testing.T) {
	e := plaidtest.New(t)
	rv := plaidtest.NewReceiver(e)
	it := e.Link("ins_109508", []string{"auth"}, map[string]any{"webhook": rv.URL})
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	clock := plaidtest.Obj(e.Call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2026-03-01T12:00:00Z"}).OK(t)["test_clock"]) // a Sunday
	create := func(amount, key string, schedule map[string]any) map[string]any {
		return e.Call("/transfer/recurring/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "idempotency_key": key,
			"type": "debit", "network": "ach", "ach_class": "web", "amount": amount, "description": "rent", "test_clock_id": clock["test_clock_id"],
			"user": map[string]any{"legal_name": "A B"}, "schedule": schedule}).OK(t)
	}
	// Weekly on Mondays from 2026-03-02, ending 2026-03-23: four originations.
	weekly := create("10.00", "w", map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2026-03-02", "end_date": "2026-03-23"})
	rec := plaidtest.Obj(weekly["recurring_transfer"])
	if weekly["decision"] != "approved" || rec["next_origination_date"] != "2026-03-02" || len(plaidtest.List(rec["transfer_ids"])) != 0 {
		t.Fatalf("created: %v", weekly)
	}
	// Monthly on the last day, from March: 2026-03-31 is a Tuesday, 2026-05-31 a Sunday (moved to June 1).
	monthly := plaidtest.Obj(create("20.00", "m", map[string]any{"interval_unit": "month", "interval_count": 1, "interval_execution_day": -1, "start_date": "2026-03-01"})["recurring_transfer"])
	advance := func(to string) plaidtest.Result {
		return e.Call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock["test_clock_id"], "new_virtual_time": to})
	}
	advance("2026-03-10T12:00:00Z").OK(t)
	got := plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec["recurring_transfer_id"]}).OK(t)["recurring_transfer"])
	if ids := plaidtest.List(got["transfer_ids"]); len(ids) != 2 || got["next_origination_date"] != "2026-03-16" {
		t.Fatalf("after the 10th: %v", got)
	}
	tr := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": plaidtest.List(got["transfer_ids"])[0]}).OK(t)["transfer"])
	if tr["recurring_transfer_id"] != rec["recurring_transfer_id"] || tr["status"] != "pending" {
		t.Fatalf("the originated transfer: %v", tr)
	}
	rv.WaitFor(t, "RECURRING_NEW_TRANSFER")
	advance("2026-03-09T00:00:00Z").PlaidErr(t, 400, "INVALID_REQUEST", "INVALID_FIELD")
	advance("2026-06-05T00:00:00Z").OK(t)
	got = plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec["recurring_transfer_id"]}).OK(t)["recurring_transfer"])
	if len(plaidtest.List(got["transfer_ids"])) != 4 || got["status"] != "expired" || got["next_origination_date"] != nil {
		t.Fatalf("after the end: %v", got)
	}
	var weeks []string
	for _, id := range plaidtest.List(got["transfer_ids"]) {
		weeks = append(weeks, plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": id}).OK(t)["transfer"])["created"].(string)[:10])
	}
	if fmtList(weeks) != "[2026-03-02 2026-03-09 2026-03-16 2026-03-23]" {
		t.Fatalf("weekly originations on %v", weeks)
	}
	mon := plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": monthly["recurring_transfer_id"]}).OK(t)["recurring_transfer"])
	var dates []string
	for _, id := range plaidtest.List(mon["transfer_ids"]) {
		dates = append(dates, plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": id}).OK(t)["transfer"])["created"].(string)[:10])
	}
	if fmtList(dates) != "[2026-03-31 2026-04-30 2026-06-01]" || mon["next_origination_date"] != "2026-06-30" {
		t.Fatalf("monthly: %d originations (%v), next %v", len(dates), dates, mon["next_origination_date"])
	}
	// A weekly $90 credit: the first takes the Ledger from $100 to $10, the
	// next fails its check (NSF) and is skipped, with its webhook.
	credit := e.Call("/transfer/recurring/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "idempotency_key": "c",
		"type": "credit", "network": "ach", "ach_class": "ppd", "amount": "90.00", "description": "payout", "test_clock_id": clock["test_clock_id"],
		"user": map[string]any{"legal_name": "A B"}, "schedule": map[string]any{"interval_unit": "week", "interval_count": 1, "interval_execution_day": 1, "start_date": "2026-06-08"}}).OK(t)
	advance("2026-06-16T00:00:00Z").OK(t)
	skip := rv.WaitFor(t, "RECURRING_TRANSFER_SKIPPED")
	if skip.Body["authorization_decision"] != "declined" || skip.Body["authorization_decision_rationale_code"] != "NSF" || skip.Body["skipped_origination_date"] != "2026-06-15" {
		t.Fatalf("skipped webhook = %v", skip.Body)
	}
	if ids := plaidtest.List(plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": plaidtest.Obj(credit["recurring_transfer"])["recurring_transfer_id"]}).OK(t)["recurring_transfer"])["transfer_ids"]); len(ids) != 1 {
		t.Fatalf("%d credits originated, want 1", len(ids))
	}
	e.Call("/transfer/recurring/cancel", map[string]any{"recurring_transfer_id": monthly["recurring_transfer_id"]}).OK(t)
	if st := plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": monthly["recurring_transfer_id"]}).OK(t)["recurring_transfer"])["status"]; st != "cancelled" {
		t.Fatalf("cancelled recurring is %v", st)
	}
	if n := len(plaidtest.List(e.Call("/transfer/recurring/list", map[string]any{}).OK(t)["recurring_transfers"])); n != 3 {
		t.Fatalf("%d recurring transfers listed, want 3", n)
	}
	if n := len(plaidtest.List(e.Call("/sandbox/transfer/test_clock/list", map[string]any{}).OK(t)["test_clocks"])); n != 1 {
		t.Fatalf("%d clocks listed", n)
	}
	if vt := plaidtest.Obj(e.Call("/sandbox/transfer/test_clock/get", map[string]any{"test_clock_id": clock["test_clock_id"]}).OK(t)["test_clock"])["virtual_time"]; vt != "2026-06-16T00:00:00Z" {
		t.Fatalf("virtual_time %v", vt)
	}
}

// Sweeps' magic amounts move along at once, and a posted transfer or
// sweep has a network_trace_id (an ACH trace number: 15 digits).
func TestSweepMagicAndTraceIDs(t *testing.T) {
	e := plaidtest.New(t)
	for amount, want := range map[string]string{"111.11": "funds_available", "222.22": "failed", "444.44": "returned"} {
		sw := plaidtest.Obj(e.Call("/transfer/ledger/deposit", map[string]any{"amount": amount, "idempotency_key": amount, "network": "ach"}).OK(t)["sweep"])
		got := plaidtest.Obj(e.Call("/transfer/sweep/get", map[string]any{"sweep_id": sw["id"]}).OK(t)["sweep"])
		if got["status"] != want {
			t.Errorf("a $%s deposit is %v, want %s", amount, got["status"], want)
		}
		if tr, _ := got["network_trace_id"].(string); want != "failed" && len(tr) != 15 {
			t.Errorf("a $%s deposit has network_trace_id %v", amount, got["network_trace_id"])
		}
	}
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	au := plaidtest.Obj(e.Call("/transfer/authorization/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "type": "debit",
		"network": "ach", "ach_class": "web", "amount": "3.00", "user": map[string]any{"legal_name": "A B"}}).OK(t)["authorization"])
	tr := plaidtest.Obj(e.Call("/transfer/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "authorization_id": au["id"], "description": "x"}).OK(t)["transfer"])
	if tr["network_trace_id"] != nil {
		t.Fatalf("a pending transfer has network_trace_id %v", tr["network_trace_id"])
	}
	e.Call("/sandbox/transfer/simulate", map[string]any{"transfer_id": tr["id"], "event_type": "posted"}).OK(t)
	posted := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": tr["id"]}).OK(t)["transfer"])
	if id, _ := posted["network_trace_id"].(string); len(id) != 15 {
		t.Fatalf("a posted ACH transfer has network_trace_id %v", posted["network_trace_id"])
	}
}

// TestRecurringTestVector is the example of Plaid's Transfer Sandbox guide
// (https://plaid.com/docs/transfer/sandbox/): a weekly Tuesday schedule from 2022-11-15 to 2022-11-30
// on a clock that starts on Monday 2022-11-14, advanced three times.
func TestRecurringTestVector(t *testing.T) {
	e := plaidtest.New(t)
	it := e.Link("ins_109508", []string{"auth"}, nil)
	acctID := plaidtest.Obj(plaidtest.List(e.Call("/accounts/get", map[string]any{"access_token": it.AccessToken}).OK(t)["accounts"])[0])["account_id"]
	clock := plaidtest.Obj(e.Call("/sandbox/transfer/test_clock/create", map[string]any{"virtual_time": "2022-11-14T07:00:00-08:00"}).OK(t)["test_clock"])["test_clock_id"]
	rec := plaidtest.Obj(e.Call("/transfer/recurring/create", map[string]any{"access_token": it.AccessToken, "account_id": acctID, "idempotency_key": "tv",
		"type": "debit", "network": "ach", "ach_class": "web", "amount": "12.34", "description": "weekly", "test_clock_id": clock,
		"user": map[string]any{"legal_name": "A B"}, "schedule": map[string]any{"interval_unit": "week", "interval_count": 1,
			"interval_execution_day": 2, "start_date": "2022-11-15", "end_date": "2022-11-30"}}).OK(t)["recurring_transfer"])["recurring_transfer_id"]
	for _, step := range []struct {
		to, status string
		dates      string
	}{
		{"2022-11-15T23:59:00-08:00", "active", "[2022-11-15]"},
		{"2022-11-29T23:59:00-08:00", "expired", "[2022-11-15 2022-11-22 2022-11-29]"},
		{"2022-12-06T23:59:00-08:00", "expired", "[2022-11-15 2022-11-22 2022-11-29]"},
	} {
		e.Call("/sandbox/transfer/test_clock/advance", map[string]any{"test_clock_id": clock, "new_virtual_time": step.to}).OK(t)
		got := plaidtest.Obj(e.Call("/transfer/recurring/get", map[string]any{"recurring_transfer_id": rec}).OK(t)["recurring_transfer"])
		var dates []string
		for _, id := range plaidtest.List(got["transfer_ids"]) {
			tr := plaidtest.Obj(e.Call("/transfer/get", map[string]any{"transfer_id": id}).OK(t)["transfer"])
			if tr["status"] != "pending" {
				t.Fatalf("an originated transfer is %v: advancing a clock does not move transfers", tr["status"])
			}
			dates = append(dates, tr["created"].(string)[:10])
		}
		if got["status"] != step.status || fmtList(dates) != step.dates {
			t.Fatalf("advanced to %s: %v with transfers on %v, want %s on %s", step.to, got["status"], dates, step.status, step.dates)
		}
	}
}
