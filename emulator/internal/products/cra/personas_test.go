package cra_test

import (
	"slices"
	"testing"
	"time"

	"github.com/plaid-emulator/plaid-emulator/emulator/internal/plaidtest"
)

// TestCreditPersonas: the Sandbox's credit personas give the insights
// docs/fixtures.md says: LendScores in the order of their profiles; the
// poor profile's overdraft fees counted (PCS0223) with its cash advance
// and buy-now-pay-later payments in Home Lending's flags; the excellent
// profile's rental income; the joint account's two owners.
func TestCreditPersonas(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	get := func(uid string, products ...string) []map[string]any {
		ps := []any{}
		for _, p := range products {
			ps = append(ps, map[string]any{"product": p, "version": "V1"})
		}
		rep := plaidtest.Obj(e.Call("/cra/report/get", map[string]any{"user_id": uid, "decision_stage": "DECISIONING",
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT", "products": ps}).OK(t)["report"])
		var out []map[string]any
		for _, p := range plaidtest.List(rep["products"]) {
			out = append(out, plaidtest.Obj(p))
		}
		return out
	}
	scores := map[string]float64{}
	users := map[string]string{}
	for _, p := range []string{"user_credit_profile_excellent", "user_credit_profile_good", "user_credit_profile_poor", "user_credit_joint_account"} {
		users[p] = readyReport(t, e, p)
		scores[p] = plaidtest.Obj(get(users[p], "cra_qualify")[0]["attributes"])["lend_score"].(float64)
	}
	if !(scores["user_credit_profile_excellent"] > scores["user_credit_profile_good"] && scores["user_credit_profile_good"] > scores["user_credit_profile_poor"]) {
		t.Fatalf("LendScores out of their profiles' order: %v", scores)
	}
	poor := users["user_credit_profile_poor"]
	base := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": poor}).OK(t)["report"])["attributes"])
	if base["nsf_overdraft_transactions_count_90d"].(float64) < 2 {
		t.Fatalf("the poor profile's overdraft fees: %v", base)
	}
	ls := plaidtest.Obj(plaidtest.Obj(e.Call("/cra/check_report/lend_score/get", map[string]any{"user_id": poor}).OK(t)["report"])["lend_score"])
	if !slices.Contains(plaidtest.Strings(ls["reason_codes"]), "PCS0223") {
		t.Fatalf("overdrafts give PCS0223: %v", ls)
	}
	home := plaidtest.Obj(get(poor, "cra_home_lending")[0]["attributes"])
	if home["loan_payments_cash_advance_count_90d"].(float64) < 5 || home["loan_payments_bnpl_count_90d"].(float64) < 2 || home["payment_behavior_nsf_late_fees_flag_90d"] != 1.0 {
		t.Fatalf("the poor profile's 90-day flags: %v", home)
	}
	ins := plaidtest.Obj(e.Call("/cra/check_report/income_insights/get", map[string]any{"user_id": users["user_credit_profile_excellent"],
		"options": map[string]any{"income_insights_version": "II2", "income_insights_filter": map[string]any{"included_categories": []string{"*"}}}}).OK(t)["report"])
	var cats []string
	for _, s := range plaidtest.List(ins["income_streams"]) {
		c := plaidtest.Obj(plaidtest.Obj(plaidtest.Obj(s)["insights"])["income_category"])
		cats = append(cats, c["primary"].(string)+"."+c["secondary"].(string))
	}
	if !slices.Contains(cats, "EARNED_INCOME.SALARY") || !slices.Contains(cats, "PASSIVE_INCOME.RENTAL") {
		t.Fatalf("the excellent profile's income: %v", cats)
	}
	md := get(users["user_credit_joint_account"], "cra_income_insights")[0]["metadata"].(map[string]any)
	if md["multiple_owner_account_count"] != 1.0 {
		t.Fatalf("the joint account's owners: %v", md)
	}
}

// TestDaysRequired: a report whose Items' history is shorter than its
// days_required fails with INSTITUTION_TRANSACTION_HISTORY_NOT_SUPPORTED
// (in the FAILED webhook and on read); one within it is ready.
func TestDaysRequired(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "short-history")
	custom := `{"override_accounts": [{"type": "depository", "subtype": "checking", "starting_balance": 500, "transactions": [
		{"date_transacted": "2026-05-01", "date_posted": "2026-05-01", "amount": -900, "description": "ACME PAYROLL", "currency": "USD"},
		{"date_transacted": "2026-05-20", "date_posted": "2026-05-20", "amount": 45.5, "description": "Corner Grocery", "currency": "USD"}]}]}`
	e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"}, "user_id": uid,
		"options": map[string]any{"override_username": "user_custom", "override_password": custom}}).OK(t)
	create := func(required int) {
		e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 180, "days_required": required,
			"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
	}
	create(90) // the history goes back 31 days
	w := rv.WaitFor(t, "USER_CHECK_REPORT_FAILED")
	if plaidtest.Obj(w.Body["error"])["error_code"] != "INSTITUTION_TRANSACTION_HISTORY_NOT_SUPPORTED" {
		t.Fatalf("failed webhook: %v", w.Body)
	}
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).PlaidErr(t, 400, "CHECK_REPORT_ERROR", "INSTITUTION_TRANSACTION_HISTORY_NOT_SUPPORTED")
	create(30)
	rv.WaitFor(t, "USER_CHECK_REPORT_READY")
	e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)
}

// TestUpgradeFailed: an Item that needs a new login cannot be read into a
// new report: UPGRADE_FAILED names it, and the report holds the others.
func TestUpgradeFailed(t *testing.T) {
	e := plaidtest.New(t, plaidtest.WithFrozenClock(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)))
	rv := plaidtest.NewReceiver(e)
	uid := newUser(t, e, "two-items")
	var items []string
	for range 2 {
		pt := e.Call("/sandbox/public_token/create", map[string]any{"institution_id": "ins_109508", "initial_products": []string{"cra_base_report"},
			"user_id": uid, "options": map[string]any{"override_username": "user_good", "override_password": "pass_good"}}).OK(t)["public_token"]
		ex := e.Call("/item/public_token/exchange", map[string]any{"public_token": pt}).OK(t)
		items = append(items, ex["item_id"].(string))
		if len(items) == 2 {
			e.Call("/sandbox/item/reset_login", map[string]any{"access_token": ex["access_token"]}).OK(t)
		}
	}
	e.Call("/cra/check_report/create", map[string]any{"user_id": uid, "webhook": rv.URL, "days_requested": 180,
		"consumer_report_permissible_purpose": "EXTENSION_OF_CREDIT"}).OK(t)
	if w := rv.WaitFor(t, "UPGRADE_FAILED"); !slices.Equal(plaidtest.Strings(w.Body["item_ids"]), items[1:]) || w.Body["user_id"] != uid {
		t.Fatalf("upgrade failed: %v (Items %v)", w.Body, items)
	}
	rep := plaidtest.Obj(e.Call("/cra/check_report/base_report/get", map[string]any{"user_id": uid}).OK(t)["report"])
	if got := plaidtest.List(rep["items"]); len(got) != 1 || plaidtest.Obj(got[0])["item_id"] != items[0] {
		t.Fatalf("the report's Items: %v", got)
	}
}
